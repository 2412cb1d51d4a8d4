import { describe, expect, it } from 'vitest';
import { headlineRows } from '../report';
import type { ScaleResult, TargetCheck } from '../report';
import type { ColdRep, NetworkRep, ReplayRep, SearchRep, SyncRep } from '../scenarios';

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
const cold = (firstRowsMs: number, longTasks = 0): ColdRep => ({
  scriptLoadedMs: 100,
  firstCallMs: 200,
  bootCallsMs: 300,
  firstRowsMs,
  searchReadyMs: firstRowsMs + 20,
  requests: requests(0),
  heap: { usedSize: 40e6, totalSize: 60e6, backingStorageSize: 5e6 },
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
const replay = (ms: number, exactlyOnce = true): ReplayRep => ({
  ms,
  networkMs: ms - 10,
  callMs: 55,
  edits: 200,
  upsertCalls: 200,
  requests: requests(200),
  exactlyOnce,
  problems: exactlyOnce ? [] : ['customer x notes on the server: "old"'],
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
    // Ratios 1.10, 1.20, 1.00 → median 1.10.
    sync: [sync(11_000), sync(10_800), sync(11_000)],
    search: [search(4, 40), search(4.5, 30), search(3, 20)],
    searchSlowest: [],
    cold: [cold(700), cold(750), cold(900)],
    coldFloor: [1, 2, 3].map(() => ({ doneAt: 100, openMs: 20, readMs: 10, rows: 50 })),
    replay: [replay(3000), replay(3100), replay(3300)],
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
    expect(verdictOf(checks, 'sync.ratio')?.value).toBeCloseTo(1.1);
    expect(verdictOf(checks, 'search.p95')).toMatchObject({ value: 4, met: true });
    // 4/40, 4.5/30, 3/20 → 0.1, 0.15, 0.15.
    expect(verdictOf(checks, 'search.ratio')?.value).toBeCloseTo(0.15);
    expect(verdictOf(checks, 'cold.firstRows')).toMatchObject({ value: 750, met: true });
    expect(verdictOf(checks, 'replay.ratio')?.value).toBeCloseTo(3100 / 2500);
    expect(verdictOf(checks, 'heap.ratio')?.value).toBeCloseTo(45e6 / 20e6);
    expect(checks.filter((c) => !c.met)).toEqual([]);
  });

  it('says by how much a target is missed, and never loosens it', () => {
    const checks: TargetCheck[] = [];
    const rows = headlineRows(
      result({ cold: [cold(1000), cold(1000), cold(1200, 2)], replay: [replay(3000, false)] }),
      checks,
    );
    expect(verdictOf(checks, 'cold.firstRows')).toMatchObject({ met: false, value: 1000, limit: 800 });
    expect(verdictOf(checks, 'cold.firstRows')?.missedByPct).toBeCloseTo(25);
    expect(rows.find((r) => r.measure.includes('first rows'))?.verdict).toBe('**missed** by 25.0%');
    expect(verdictOf(checks, 'scroll.longTasks')).toMatchObject({ met: false, value: 2 });
    expect(verdictOf(checks, 'replay.exactlyOnce')).toMatchObject({ met: false });
    expect(rows.find((r) => r.measure.startsWith('Replay'))?.measure).toContain('FAILED');
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
