import { describe, expect, it } from 'vitest';
import type { TargetCheck } from '../report/checks';
import { headlineRows } from '../report/headline';
import { hints } from '../report/hints';
import type { ScaleResult } from '../report/scale-result';
import type { ColdRep } from '../scenarios/cold';
import type { ReplayRep } from '../scenarios/replay';
import type { SearchRep } from '../scenarios/search';
import type { NetworkRep, SyncRep } from '../scenarios/sync';

const requests = (keyed: number) => ({ keyed, keyless: 0 });
const network = (ms: number): NetworkRep => ({
  ms,
  pages: 49,
  customers: 48_500,
  jsonBytes: 20e6,
  requests: requests(49),
});
const sync = (ms: number, keyed = 49): SyncRep => ({
  ms,
  fromLoadMs: ms + 500,
  networkMs: ms - 100,
  callMs: 120,
  listCalls: 49,
  requests: requests(keyed),
  startedBy: 'app',
});
const search = (p95: number, naiveP95: number): SearchRep => ({
  keystrokes: 200,
  readMs: 900,
  p50: p95 / 4,
  p95,
  max: p95 * 2,
  naiveP50: naiveP95 / 2,
  naiveP95,
  buildMs: 400,
});
const cold = (firstRowsMs: number, longTasks = 0, indexingLongTasks = 0): ColdRep => ({
  scriptLoadedMs: 100,
  firstCallMs: 200,
  bootCallsMs: 300,
  firstRowsMs,
  searchReadyMs: firstRowsMs + 20,
  indexingLongTasks: Array.from({ length: indexingLongTasks }, () => ({
    start: firstRowsMs + 5,
    duration: 80,
  })),
  requests: requests(0),
  heap: { usedSize: 24e6, totalSize: 60e6, backingStorageSize: 5e6 },
  scroll: {
    frames: 300,
    durationMs: 5000,
    maxRows: 25,
    reachedEnd: true,
    frameP95Ms: 17,
    longTasks: Array.from({ length: longTasks }, () => ({ start: 1, duration: 60 })),
    wheelEvents: 120,
  },
});
const replay = (ms: number, exactlyOnce = true, keyed = 200, callMs = 54): ReplayRep => ({
  ms,
  networkMs: ms - 10,
  callMs,
  callTotalMs: callMs * keyed,
  edits: 200,
  upsertCalls: 200,
  readCalls: keyed - 200,
  requests: requests(keyed),
  exactlyOnce,
  problems: exactlyOnce ? [] : ['customer x notes on the server: "old"'],
  breakdown: { toServerMs: 2, fromServerMs: 2, gapMs: 10, gapP50Ms: 9, tailMs: 20 },
});

function result(overrides: Partial<ScaleResult> = {}): ScaleResult {
  return {
    n: 50_000,
    visible: 48_500,
    pagesNeeded: 49,
    network: [network(6000), network(6100), network(5900)],
    idb: [
      { ms: 10_000, rows: 48_500, transactions: 49 },
      { ms: 9000, rows: 48_500, transactions: 49 },
      { ms: 11_000, rows: 48_500, transactions: 49 },
    ],
    // Ratios 1.05, 1.20, 1.00 → median 1.05.
    sync: [sync(10_500), sync(10_800), sync(11_000)],
    search: [search(1, 40), search(1.2, 30), search(0.9, 20)],
    searchThrottled: [search(10, Number.NaN), search(12, Number.NaN)],
    searchSlowest: [],
    cold: [cold(700), cold(750), cold(900)],
    // Fewer throttled rounds, each beside its own throttled floor.
    coldThrottled: [cold(1520), cold(1560)],
    coldFloorThrottled: [1, 2].map(() => ({ doneAt: 800, openMs: 80, readMs: 40, rows: 50 })),
    coldFloor: [1, 2, 3].map(() => ({ doneAt: 400, openMs: 20, readMs: 10, rows: 50 })),
    replay: [replay(2800), replay(2900), replay(2700)],
    profiles: [],
    seconds: 1,
    ...overrides,
  };
}

const verdictOf = (checks: TargetCheck[], id: string): TargetCheck | undefined =>
  checks.find((c) => c.id === id);

describe('benchmark report', () => {
  it('checks each target on the median of the paired per-round ratios', () => {
    const checks: TargetCheck[] = [];
    headlineRows(result(), checks);
    expect(verdictOf(checks, 'sync.ratio')).toMatchObject({ met: true });
    expect(verdictOf(checks, 'sync.ratio')?.value).toBeCloseTo(1.05);
    // 1/40, 1.2/30, 0.9/20 → 0.025, 0.04, 0.045.
    expect(verdictOf(checks, 'search.ratio')?.value).toBeCloseTo(0.04);
    expect(verdictOf(checks, 'cold.firstRows')).toMatchObject({ value: 750 / 400, met: true });
    expect(verdictOf(checks, 'cold.searchReady')).toMatchObject({ value: 770 / 400, met: true });
    expect(verdictOf(checks, 'cold.indexingLongTasks')).toMatchObject({ value: 0, met: true });
    expect(verdictOf(checks, 'replay.ratio')?.value).toBeCloseTo(2800 / 2500);
    expect(verdictOf(checks, 'replay.overhead')).toMatchObject({ value: 4, met: true });
    expect(verdictOf(checks, 'heap.ratio')?.value).toBeCloseTo(29e6 / 20e6);
    expect(checks.filter((c) => !c.met)).toEqual([]);
  });

  it('says by how much a target is missed, and never loosens it', () => {
    const checks: TargetCheck[] = [];
    const rows = headlineRows(
      result({ cold: [cold(1000), cold(1000), cold(1200, 2)], replay: [replay(3000, false)] }),
      checks,
    );
    expect(verdictOf(checks, 'cold.firstRows')).toMatchObject({ met: false, value: 2.5, limit: 2 });
    expect(verdictOf(checks, 'cold.firstRows')?.missedByPct).toBeCloseTo(25);
    expect(rows.find((r) => r.measure.includes('first rows'))?.verdict).toBe('**missed** by 25.0%');
    expect(verdictOf(checks, 'scroll.longTasks')).toMatchObject({ met: false, value: 2 });
    expect(verdictOf(checks, 'replay.exactlyOnce')).toMatchObject({ met: false });
    expect(rows.find((r) => r.measure.startsWith('Replay'))?.measure).toContain('FAILED');
  });

  it('holds the sync to 1.10× its floor and search to 0.05× the naive scan', () => {
    const checks: TargetCheck[] = [];
    headlineRows(
      result({
        sync: [sync(11_500), sync(10_800), sync(11_500)],
        search: [search(2, 40), search(2, 30), search(2, 20)],
      }),
      checks,
    );
    // 1.15, 1.20, 1.045 → 1.15; 2/40, 2/30, 2/20 → median 0.0667.
    expect(verdictOf(checks, 'sync.ratio')).toMatchObject({ met: false, limit: 1.1 });
    expect(verdictOf(checks, 'search.ratio')).toMatchObject({ met: false, limit: 0.05 });
  });

  it('counts a long task between first rows and search ready against the cold start', () => {
    const checks: TargetCheck[] = [];
    const rows = headlineRows(result({ cold: [cold(700), cold(750, 0, 2), cold(900)] }), checks);
    expect(verdictOf(checks, 'cold.indexingLongTasks')).toMatchObject({ met: false, value: 2 });
    expect(rows.find((r) => r.measure.includes('search ready'))?.measure).toContain(
      'first rows to search ready: 2 (longest 80.0 ms)',
    );
  });

  it('sets the replay floor from the keyed requests made, and reports the per-call overhead', () => {
    const checks: TargetCheck[] = [];
    // A pre-send GET per edit: 400 requests in 400 calls, floor 400 × 50 / 4 = 5,000 ms; each call waited 50 ms.
    const rows = headlineRows(result({ replay: [replay(5500, true, 400, 58)] }), checks);
    expect(verdictOf(checks, 'replay.ratio')?.value).toBeCloseTo(1.1);
    expect(verdictOf(checks, 'replay.overhead')).toMatchObject({ value: 8, met: false, limit: 5 });
    const row = rows.find((r) => r.measure.startsWith('Replay of'));
    expect(row?.measure).toContain('400 keyed requests');
    expect(row?.floor).toContain('5,000 ms');
    // The 200 pre-send reads of stale copies are needed (no silent overwrite): 200 upserts is equal.
    expect(checks.find((c) => c.id.startsWith('requests.replay'))).toMatchObject({ met: true, value: 200 });
  });

  it('counts an upsert beyond one per edit as a miss, reads or not', () => {
    const checks: TargetCheck[] = [];
    const extra = { ...replay(5500, true, 401, 58), readCalls: 200 };
    headlineRows(result({ replay: [extra] }), checks);
    expect(checks.find((c) => c.id.startsWith('requests.replay'))).toMatchObject({
      met: false,
      value: 201,
      limit: 200,
    });
  });

  it('checks the CPU-throttled variants on their own rows', () => {
    const checks: TargetCheck[] = [];
    const rows = headlineRows(
      result({
        searchThrottled: [search(20, Number.NaN)],
        coldThrottled: [cold(1000, 3), cold(1200, 0, 1)],
        coldFloorThrottled: [800, 400].map((doneAt) => ({ doneAt, openMs: 80, readMs: 40, rows: 50 })),
      }),
      checks,
    );
    expect(verdictOf(checks, 'search.p95.throttled')).toMatchObject({ met: false, value: 20, limit: 16 });
    // 1000/800 and 1200/400 → median 2.125.
    expect(verdictOf(checks, 'cold.firstRows.throttled')?.value).toBeCloseTo(2.125);
    expect(verdictOf(checks, 'cold.indexingLongTasks.throttled')).toMatchObject({ value: 1, met: false });
    expect(verdictOf(checks, 'scroll.longTasks.throttled')).toMatchObject({ value: 3, met: false });
    // The unthrottled measures are untouched.
    expect(verdictOf(checks, 'scroll.longTasks')).toMatchObject({ value: 0, met: true });
    expect(verdictOf(checks, 'cold.firstRows')).toMatchObject({ met: true });
    expect(rows.filter((r) => r.measure.includes('CPU throttled 4×')).length).toBe(4);
  });

  it('prints the cold-start breakdown, plain and throttled, and the replay latency a call waited', () => {
    const text = hints(result({ replay: [replay(5500, true, 400, 58)] })).join('\n');
    expect(text).toContain(
      'Cold start at 50,000 (median of 3): script bundle received 100 ms → first call to main 200 ms → ' +
        'start-up calls (account, settings, quota…) answered 300 ms → first rows 750 ms → search ready 770 ms',
    );
    expect(text).toContain('Cold start at 50,000, CPU throttled 4× (median of 2)');
    expect(text).toContain(
      'one call to Rotor takes 58.0 ms as the page sees it (50 ms of it server latency; 200 upserts and 200 pre-send reads',
    );
  });

  it('requires the API requests to equal what the scenario needs', () => {
    const checks: TargetCheck[] = [];
    headlineRows(result({ sync: [sync(11_000), sync(11_000, 50), sync(11_000)] }), checks);
    expect(checks.find((c) => c.id.startsWith('requests.full sync'))).toMatchObject({
      met: false,
      value: 50,
      limit: 49,
    });
  });
});
