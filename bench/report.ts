/**
 * Turns the raw repetitions into the report: every measure as median with its spread (min–max), the
 * floor measured beside it in the same run, the paired ratio, the target and whether it was met — and
 * by how much it was missed when it was not. Targets are checked, never loosened.
 */
import type { ColdFloorResult, IdbWriteResult } from './shared/types';
import type { ColdRep, NetworkRep, ReplayRep, SearchRep, SlowKeystroke, SyncRep } from './scenarios';
import {
  CPU_THROTTLE,
  REPLAY_CONCURRENCY,
  REPLAY_EDITS,
  REPLAY_LATENCY_MS,
  SYNC_LATENCY_MS,
  PAGE_SIZE,
} from './scenarios';
import type { ProfileSummary } from './profile';
import { pairedRatios, summarize } from './stats';
import type { Summary } from './stats';

/** The issue's targets (issue 12), one home: the report checks against these and prints them. */
export const TARGET = {
  syncRatio: 1.1,
  firstRowsRatio: 2,
  searchReadyRatio: 4,
  /** Long tasks (> 50 ms) between first rows and search ready, and while scrolling. */
  longTasks: 0,
  searchRatio: 0.05,
  /** One frame, with the CPU throttled 4×. */
  searchThrottledMs: 16,
  replayRatio: 1.15,
  replayOverheadMs: 5,
  heapRatio: 1.5,
} as const;

export interface ScaleResult {
  n: number;
  /** Customers Rotor lists by default (archived excluded): what a sync downloads. */
  visible: number;
  /** Requests a full sync needs in theory: ceil(visible / page size). */
  pagesNeeded: number;
  network: NetworkRep[];
  idb: IdbWriteResult[];
  sync: SyncRep[];
  search: SearchRep[];
  /** The keystrokes with the page's CPU throttled (CPU_THROTTLE×), index only. */
  searchThrottled: SearchRep[];
  searchSlowest: SlowKeystroke[];
  /** Renderer CPU profiles of unmeasured runs (--profile). */
  profiles: ProfileSummary[];
  cold: ColdRep[];
  /** Cold start (and scroll, at the headline size) with the CPU throttled from before navigation. */
  coldThrottled: ColdRep[];
  coldFloor: ColdFloorResult[];
  /** The same floor with the same throttling, beside each throttled cold start. */
  coldFloorThrottled: ColdFloorResult[];
  replay: ReplayRep[] | null;
  seconds: number;
}

export interface TargetCheck {
  id: string;
  n: number;
  description: string;
  value: number;
  limit: number;
  unit: string;
  met: boolean;
  /** (value / limit − 1) × 100 when missed, else 0. */
  missedByPct: number;
  /** A scale point checked against the headline's target, for reference (targets are set at 50,000). */
  reference: boolean;
}

export interface Row {
  measure: string;
  result: string;
  floor: string;
  ratio: string;
  target: string;
  verdict: string;
}

const nf = (digits: number): Intl.NumberFormat =>
  new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function num(v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  const a = Math.abs(v);
  return nf(a < 10 ? 2 : a < 100 ? 1 : 0).format(v);
}

/** Counts: integers, grouped. */
export const int = (v: number): string => (Number.isFinite(v) ? nf(0).format(v) : 'n/a');
const ms = (v: number): string => `${num(v)} ms`;
const mb = (bytes: number): string => `${num(bytes / 2 ** 20)} MiB`;
export const times = (v: number): string => (Number.isFinite(v) ? `${nf(2).format(v)}×` : 'n/a');

/** "median (min–max)" with a unit formatter. */
function spread(s: Summary, f: (v: number) => string): string {
  if (s.n === 0) return 'n/a';
  if (s.n === 1 || s.min === s.max) return f(s.median);
  return `${f(s.median)} (${f(s.min).replace(/ .*/, '')}–${f(s.max)})`;
}

/** Records a target check and returns its verdict cell. */
export function check(
  checks: TargetCheck[],
  id: string,
  n: number,
  description: string,
  value: number,
  limit: number,
  unit: string,
  reference = false,
): string {
  const met = Number.isFinite(value) && value <= limit;
  const missedByPct =
    met || !Number.isFinite(value) ? 0 : limit === 0 ? Number.POSITIVE_INFINITY : (value / limit - 1) * 100;
  checks.push({ id, n, description, value, limit, unit, met, missedByPct, reference });
  if (!Number.isFinite(value)) return '**not measured**';
  if (met) return 'met';
  return limit === 0 ? `**missed**: ${num(value)} ${unit}` : `**missed** by ${num(missedByPct)}%`;
}

function joinVerdicts(...parts: string[]): string {
  return parts.every((p) => p === 'met') ? 'met' : parts.filter((p) => p !== 'met').join('; ');
}

const k = (n: number): string => (n >= 1000 && n % 1000 === 0 ? `${int(n / 1000)}k` : int(n));

export function floorsOf(r: ScaleResult): number[] {
  return r.sync.map((_, i) => Math.max(r.network[i]?.ms ?? Number.NaN, r.idb[i]?.ms ?? Number.NaN));
}

export const heapBytes = (c: ColdRep): number => c.heap.usedSize + c.heap.backingStorageSize;

export function jsonBytes(r: ScaleResult): number {
  return r.network[0]?.jsonBytes ?? Number.NaN;
}

/** `throttle`: '' for the plain runs, else the note the throttled rows carry (e.g. ', CPU throttled 4×'). */
export function coldRows(
  r: ScaleResult,
  cold: readonly ColdRep[],
  coldFloor: readonly ColdFloorResult[],
  checks: TargetCheck[],
  throttle: string,
): Row[] {
  const n = r.n;
  const label = k(n);
  const id = throttle ? '.throttled' : '';
  const floorAt = coldFloor.map((f) => f.doneAt);
  const first = cold.map((c) => c.firstRowsMs);
  const ready = cold.map((c) => c.searchReadyMs);
  // Throttled runs pair with the unthrottled floor when they have fewer rounds: the median floor.
  const firstRatio = summarize(pairedRatios(first, floorAt));
  const readyRatio = summarize(pairedRatios(ready, floorAt));
  const long = cold.flatMap((c) => c.indexingLongTasks);
  const longest = long.length ? Math.max(...long.map((t) => t.duration)) : 0;
  const rounds = throttle ? ` (${cold.length} round${cold.length === 1 ? '' : 's'})` : '';
  const floorCell = `raw IndexedDB open + first 50 rows${throttle}: ${spread(summarize(floorAt), ms)}`;
  return [
    {
      measure: `Cold start, ${label} cached${throttle}${rounds}: page load → first rows visible`,
      result: spread(summarize(first), ms),
      floor: floorCell,
      ratio: spread(firstRatio, times),
      target: `≤ ${times(TARGET.firstRowsRatio)} floor`,
      verdict: check(
        checks,
        `cold.firstRows${id}`,
        n,
        `cold start to first rows / floor${throttle}`,
        firstRatio.median,
        TARGET.firstRowsRatio,
        '×',
      ),
    },
    {
      measure:
        `Cold start, ${label} cached${throttle}${rounds}: page load → search ready (query typed at first rows, ` +
        `results shown); long tasks > 50 ms from first rows to search ready: ${long.length}` +
        (long.length ? ` (longest ${ms(longest)})` : ''),
      result: spread(summarize(ready), ms),
      floor: `same floor: ${ms(summarize(floorAt).median)}`,
      ratio: spread(readyRatio, times),
      target: `≤ ${times(TARGET.searchReadyRatio)} floor; no long task after first rows`,
      verdict: joinVerdicts(
        check(
          checks,
          `cold.searchReady${id}`,
          n,
          `cold start to search ready / floor${throttle}`,
          readyRatio.median,
          TARGET.searchReadyRatio,
          '×',
        ),
        check(
          checks,
          `cold.indexingLongTasks${id}`,
          n,
          `long tasks from first rows to search ready${throttle}`,
          long.length,
          TARGET.longTasks,
          'tasks',
        ),
      ),
    },
  ];
}

/** The replay rows: the measure against the floor its own requests set, and the per-call overhead. */
export function replayRows(replay: readonly ReplayRep[], n: number, checks: TargetCheck[]): Row[] {
  // Every keyed request the round made waits REPLAY_LATENCY_MS on the server, REPLAY_CONCURRENCY at a time.
  const floorOf = (x: ReplayRep): number => (x.requests.keyed * REPLAY_LATENCY_MS) / REPLAY_CONCURRENCY;
  const replayMs = replay.map((x) => x.ms);
  const floors = replay.map(floorOf);
  const ratio = summarize(pairedRatios(replayMs, floors));
  const keyed = summarize(replay.map((x) => x.requests.keyed));
  const keyedCell = keyed.min === keyed.max ? int(keyed.max) : `${int(keyed.min)}–${int(keyed.max)}`;
  const overhead = summarize(replay.map(replayOverheadMs));
  const serverPerCall = summarize(replay.map(() => REPLAY_LATENCY_MS));
  const exact = replay.every((x) => x.exactlyOnce);
  const problems = replay.flatMap((x) => x.problems).slice(0, 3);
  return [
    {
      measure:
        `Replay of ${REPLAY_EDITS} queued edits, ${REPLAY_LATENCY_MS} ms latency, concurrency ${REPLAY_CONCURRENCY}: ` +
        `${keyedCell} keyed requests (exactly-once: ${exact ? 'verified on the server every round' : `FAILED: ${problems.join('; ')}`})`,
      result: spread(summarize(replayMs), ms),
      floor: `${keyedCell} requests × ${REPLAY_LATENCY_MS} ms / ${REPLAY_CONCURRENCY} = ${spread(summarize(floors), ms)}`,
      ratio: spread(ratio, times),
      target: `≤ ${times(TARGET.replayRatio)} floor, exactly once`,
      verdict: joinVerdicts(
        check(checks, 'replay.ratio', n, 'replay / floor', ratio.median, TARGET.replayRatio, '×'),
        check(checks, 'replay.exactlyOnce', n, 'exactly-once violations', exact ? 0 : 1, 0, 'rounds'),
      ),
    },
    {
      measure: `Replay per-call overhead: a call to Rotor (upsert or pre-send read) as the page sees it minus the server latency it waited`,
      result: spread(overhead, ms),
      floor: `server latency per call: ${spread(serverPerCall, ms)} (one request a call)`,
      ratio: '—',
      target: `≤ ${ms(TARGET.replayOverheadMs)}`,
      verdict: check(
        checks,
        'replay.overhead',
        n,
        'replay per-call overhead',
        overhead.median,
        TARGET.replayOverheadMs,
        'ms',
      ),
    },
  ];
}

/** Page-observed call time (upserts and pre-send reads) less the server latency behind it (one request a call). */
export function replayOverheadMs(x: ReplayRep): number {
  return x.callMs - REPLAY_LATENCY_MS;
}

export function scrollRow(
  r: ScaleResult,
  cold: readonly ColdRep[],
  checks: TargetCheck[],
  throttle: string,
): Row | null {
  const scrolls = cold.flatMap((c) => (c.scroll ? [c.scroll] : []));
  if (!scrolls.length) return null;
  const maxRows = Math.max(...scrolls.map((s) => s.maxRows));
  const long = scrolls.flatMap((s) => s.longTasks);
  const longest = long.length ? Math.max(...long.map((t) => t.duration)) : 0;
  const ends = scrolls.every((s) => s.reachedEnd);
  return {
    measure:
      `List scroll through ${k(r.n)} rows${throttle} (${scrolls[0]?.frames ?? 0} frame jumps top→bottom + ${scrolls[0]?.wheelEvents ?? 0} wheel events, ` +
      `×${scrolls.length}; frame p95 ${ms(summarize(scrolls.map((s) => s.frameP95Ms)).median)}; max ${maxRows} rows in the DOM; last row reached: ${ends ? 'yes' : 'NO'})`,
    result: `${long.length} long tasks${long.length ? ` (longest ${ms(longest)})` : ''}`,
    floor: '—',
    ratio: '—',
    target: 'no long task > 50 ms',
    verdict: check(
      checks,
      `scroll.longTasks${throttle ? '.throttled' : ''}`,
      r.n,
      `long tasks while scrolling${throttle}`,
      long.length,
      TARGET.longTasks,
      'tasks',
    ),
  };
}

/** The headline table: every target at one customer count (50,000 unless the run left it out). */
export function headlineRows(r: ScaleResult, checks: TargetCheck[]): Row[] {
  const rows: Row[] = [];
  const n = r.n;
  const label = k(n);

  // Full sync.
  const floors = floorsOf(r);
  const syncMs = r.sync.map((s) => s.ms);
  const syncRatio = summarize(pairedRatios(syncMs, floors));
  rows.push({
    measure: `Full sync, ${label} customers (${num(r.visible)} listed), ${SYNC_LATENCY_MS} ms/request, limit ${PAGE_SIZE}`,
    result: spread(summarize(syncMs), ms),
    floor:
      `${spread(summarize(floors), ms)} = max(network-only ${ms(summarize(r.network.map((x) => x.ms)).median)}, ` +
      `raw IndexedDB ${ms(summarize(r.idb.map((x) => x.ms)).median)})`,
    ratio: spread(syncRatio, times),
    target: `≤ ${times(TARGET.syncRatio)} floor`,
    verdict: check(checks, 'sync.ratio', n, 'full sync / floor', syncRatio.median, TARGET.syncRatio, '×'),
  });

  // Search.
  const p50 = summarize(r.search.map((s) => s.p50));
  const p95 = summarize(r.search.map((s) => s.p95));
  const naiveP50 = summarize(r.search.map((s) => s.naiveP50));
  const naiveP95 = summarize(r.search.map((s) => s.naiveP95));
  const ratio95 = summarize(r.search.map((s) => s.p95 / s.naiveP95));
  const keys = r.search[0]?.keystrokes ?? 0;
  rows.push({
    measure: `Search p50 per keystroke, ${label} (${keys} keystrokes/round)`,
    result: spread(p50, ms),
    floor: `naive scan ${spread(naiveP50, ms)}`,
    ratio: spread(summarize(r.search.map((s) => s.p50 / s.naiveP50)), times),
    target: '—',
    verdict: '—',
  });
  rows.push({
    measure: `Search p95 per keystroke, ${label}`,
    result: spread(p95, ms),
    floor: `naive scan ${spread(naiveP95, ms)}`,
    ratio: spread(ratio95, times),
    target: `≤ ${times(TARGET.searchRatio)} naive (throttled 4×: < ${ms(TARGET.searchThrottledMs)}, own row)`,
    verdict: check(
      checks,
      'search.ratio',
      n,
      'search p95 / naive p95',
      ratio95.median,
      TARGET.searchRatio,
      '×',
    ),
  });

  if (r.searchThrottled.length) {
    const tp95 = summarize(r.searchThrottled.map((s) => s.p95));
    rows.push({
      measure: `Search p95 per keystroke, ${label}, CPU throttled ${CPU_THROTTLE}× (${r.searchThrottled.length} round${r.searchThrottled.length === 1 ? '' : 's'}; p50 ${ms(summarize(r.searchThrottled.map((s) => s.p50)).median)})`,
      result: spread(tp95, ms),
      floor: `one frame: ${ms(TARGET.searchThrottledMs)}`,
      ratio: times(tp95.median / TARGET.searchThrottledMs),
      target: `< ${ms(TARGET.searchThrottledMs)}`,
      verdict: check(
        checks,
        'search.p95.throttled',
        n,
        `search p95 per keystroke, CPU throttled ${CPU_THROTTLE}×`,
        tp95.median,
        TARGET.searchThrottledMs,
        'ms',
      ),
    });
  }

  const throttled = `, CPU throttled ${CPU_THROTTLE}×`;
  rows.push(...coldRows(r, r.cold, r.coldFloor, checks, ''));
  if (r.coldThrottled.length)
    rows.push(...coldRows(r, r.coldThrottled, r.coldFloorThrottled, checks, throttled));

  // Replay.
  if (r.replay && r.replay.length) rows.push(...replayRows(r.replay, n, checks));

  // Heap.
  const json = jsonBytes(r);
  const heap = r.cold.map(heapBytes);
  const heapRatio = summarize(heap.map((h) => h / json));
  const js = summarize(r.cold.map((c) => c.heap.usedSize));
  const backing = summarize(r.cold.map((c) => c.heap.backingStorageSize));
  rows.push({
    measure: `Renderer JS heap after GC, ${label} cached (V8 used ${mb(js.median)} + array buffers ${mb(backing.median)})`,
    result: spread(summarize(heap), mb),
    floor: `customers as JSON: ${mb(json)}`,
    ratio: spread(heapRatio, times),
    target: `≤ ${times(TARGET.heapRatio)} JSON`,
    verdict: check(checks, 'heap.ratio', n, 'heap / JSON bytes', heapRatio.median, TARGET.heapRatio, '×'),
  });

  const scroll = scrollRow(r, r.cold, checks, '');
  if (scroll) rows.push(scroll);
  const scrollThrottled = scrollRow(r, r.coldThrottled, checks, throttled);
  if (scrollThrottled) rows.push(scrollThrottled);

  // API requests per scenario.
  const reqRow = (scenario: string, counts: number[], needed: number, keyless: number[]): void => {
    const s = summarize(counts);
    const equal = s.n > 0 && s.min === needed && s.max === needed;
    checks.push({
      id: `requests.${scenario}`,
      n,
      description: `API requests: ${scenario}`,
      value: s.max,
      limit: needed,
      unit: 'requests',
      met: equal,
      reference: false,
      missedByPct: equal ? 0 : needed === 0 ? Number.POSITIVE_INFINITY : (s.max / needed - 1) * 100,
    });
    const extra = summarize(keyless).max;
    rows.push({
      measure: `API requests: ${scenario}`,
      result: `${s.min === s.max ? int(s.max) : `${int(s.min)}–${int(s.max)}`} keyed${extra ? ` (+${int(extra)} keyless probes)` : ''}`,
      floor: `needed in theory: ${int(needed)}`,
      ratio: '—',
      target: 'equal',
      verdict: equal ? 'met' : `**missed**: ${int(s.max)} vs ${int(needed)}`,
    });
  };
  reqRow(
    `full sync (${label})`,
    r.sync.map((s) => s.requests.keyed),
    r.pagesNeeded,
    r.sync.map((s) => s.requests.keyless),
  );
  reqRow(
    `cold start + search + scroll (${label})`,
    r.cold.map((c) => c.requests.keyed),
    0,
    r.cold.map((c) => c.requests.keyless),
  );
  // Keyed requests less the pre-send reads: a read of Rotor's copy is needed wherever the cached copy
  // is past freshCopyMinutes (no silent overwrite), which a round on a later day makes every copy.
  if (r.replay && r.replay.length)
    reqRow(
      `replay of ${REPLAY_EDITS} edits, beside ${int(Math.max(...r.replay.map((x) => x.readCalls)))} reads of stale copies at most`,
      r.replay.map((x) => x.requests.keyed - x.readCalls),
      REPLAY_EDITS,
      r.replay.map((x) => x.requests.keyless),
    );
  rows.push({
    measure: 'API requests: search per keystroke',
    result: '0 (answered from the local index)',
    floor: 'needed in theory: 0',
    ratio: '—',
    target: 'equal',
    verdict: 'met',
  });
  return rows;
}

export interface ScaleRow {
  customers: string;
  /** Rounds behind the row's figures: sync / search / naive scan / cold start. */
  rounds: string;
  sync: string;
  syncFloor: string;
  syncRatio: string;
  syncPer1k: string;
  searchP95: string;
  naiveP95: string;
  coldFirstRows: string;
  heap: string;
  heapPerCustomer: string;
  heapRatio: string;
}

export function scaleRows(
  results: readonly ScaleResult[],
  checks: TargetCheck[],
  headlineN: number,
): ScaleRow[] {
  return results.map((r) => {
    const sync = summarize(r.sync.map((s) => s.ms));
    const heap = summarize(r.cold.map(heapBytes));
    const json = jsonBytes(r);
    // The scale points carry the same targets as the headline; record them so misses are visible.
    if (r.n !== headlineN) {
      check(
        checks,
        'sync.ratio',
        r.n,
        'full sync / floor',
        summarize(
          pairedRatios(
            r.sync.map((s) => s.ms),
            floorsOf(r),
          ),
        ).median,
        TARGET.syncRatio,
        '×',
        true,
      );
      check(
        checks,
        'search.ratio',
        r.n,
        'search p95 / naive p95',
        summarize(r.search.map((s) => s.p95 / s.naiveP95)).median,
        TARGET.searchRatio,
        '×',
        true,
      );
    }
    const naiveRounds = r.search.filter((x) => Number.isFinite(x.naiveP95)).length;
    return {
      customers: int(r.n),
      rounds: `${r.sync.length} / ${r.search.length} / ${naiveRounds} / ${r.cold.length}`,
      sync: spread(sync, ms),
      syncFloor: ms(summarize(floorsOf(r)).median),
      syncRatio: times(
        summarize(
          pairedRatios(
            r.sync.map((s) => s.ms),
            floorsOf(r),
          ),
        ).median,
      ),
      syncPer1k: ms((sync.median / r.visible) * 1000),
      searchP95: spread(summarize(r.search.map((s) => s.p95)), ms),
      naiveP95: ms(summarize(r.search.map((s) => s.naiveP95)).median),
      coldFirstRows: ms(summarize(r.cold.map((c) => c.firstRowsMs)).median),
      heap: mb(heap.median),
      heapPerCustomer: `${num(heap.median / r.visible)} B`,
      heapRatio: times(heap.median / json),
    };
  });
}

/**
 * Where the time goes, from the same run's own breakdowns: the evidence for what limits a measure,
 * for whoever picks up a missed target.
 */
export function hints(r: ScaleResult): string[] {
  const med = (v: number[]): number => summarize(v).median;
  const out: string[] = [];
  const label = num(r.n);
  if (r.sync.length) {
    const net = med(r.network.map((x) => x.ms));
    const perPage = med(r.network.map((x) => x.ms / x.pages));
    const idb = med(r.idb.map((x) => x.ms));
    const perRow = med(r.idb.map((x) => (x.ms / x.rows) * 1000));
    const sync = med(r.sync.map((x) => x.ms));
    const byHand = r.sync.filter((x) => x.startedBy !== 'app').length;
    out.push(
      `Full sync at ${label}: network-only ${ms(net)} (${ms(perPage)} a page against ${SYNC_LATENCY_MS} ms of server latency); ` +
        `raw IndexedDB ${ms(idb)} (${num(perRow)} µs a row, ${PAGE_SIZE} rows a transaction with the app's 6 indexes). ` +
        `The app's own list calls took ${ms(med(r.sync.map((x) => x.callMs)))} each while it wrote, and its last page arrived ` +
        `${ms(med(r.sync.map((x) => x.networkMs)))} after the first request; the sync ends ${ms(sync - med(floorsOf(r)))} after the floor.` +
        (byHand
          ? ` ${byHand} of ${r.sync.length} rounds were started with "Sync now": the host's request ledger had too little ` +
            `of the day's 1,000 left for the app's automatic refresh (it keeps 100 for edits).`
          : ''),
    );
  }
  const breakdown = (
    cold: readonly ColdRep[],
    floor: readonly ColdFloorResult[],
    throttle: string,
  ): string => {
    const at = (f: (c: ColdRep) => number): string => ms(med(cold.map(f)));
    const long = cold.flatMap((c) => c.indexingLongTasks);
    return (
      `Cold start at ${label}${throttle} (median of ${cold.length}): script bundle received ${at((c) => c.scriptLoadedMs)} → ` +
      `first call to main ${at((c) => c.firstCallMs)} → start-up calls (account, settings, quota…) answered ` +
      `${at((c) => c.bootCallsMs)} → first rows ${at((c) => c.firstRowsMs)} → search ready ${at((c) => c.searchReadyMs)}; ` +
      `floor (IndexedDB open ${ms(med(floor.map((f) => f.openMs)))} + first ${int(floor[0]?.rows ?? 0)} rows ` +
      `${ms(med(floor.map((f) => f.readMs)))}) done at ${ms(med(floor.map((f) => f.doneAt)))}. ` +
      `Long tasks between first rows and search ready: ${long.length}` +
      (long.length ? ` (${long.map((t) => ms(t.duration)).join(', ')})` : '') +
      '.'
    );
  };
  if (r.cold.length) {
    const read = r.search.length ? med(r.search.map((x) => x.readMs)) : Number.NaN;
    const build = r.search.length ? med(r.search.map((x) => x.buildMs)) : Number.NaN;
    out.push(
      breakdown(r.cold, r.coldFloor, '') +
        (r.search.length
          ? ` Measured on their own in the bench page, same profile: reading all ${num(r.visible)} rows ` +
            `(Dexie toArray) ${ms(read)}, building the search index over them ${ms(build)}.`
          : ''),
    );
  }
  if (r.coldThrottled.length)
    out.push(breakdown(r.coldThrottled, r.coldFloorThrottled, `, CPU throttled ${CPU_THROTTLE}×`));
  if (r.searchSlowest.length) {
    out.push(
      `Search at ${label}, slowest keystrokes (median of the rounds): ` +
        r.searchSlowest
          .slice(0, 5)
          .map((k) => `“${k.text}” ${ms(k.ms)} (${num(k.results)} matches)`)
          .join(', ') +
        '.',
    );
  }
  if (r.replay && r.replay.length) {
    const call = med(r.replay.map((x) => x.callMs));
    const busy = med(r.replay.map((x) => x.callTotalMs / x.networkMs));
    out.push(
      `Replay at ${label}: one call to Rotor takes ${ms(call)} as the page sees it (${REPLAY_LATENCY_MS} ms of it ` +
        `server latency; ${num(med(r.replay.map((x) => x.upsertCalls)))} upserts and ` +
        `${num(med(r.replay.map((x) => x.readCalls)))} pre-send reads of Rotor's copy); ` +
        `the last answer arrives ${ms(med(r.replay.map((x) => x.networkMs)))} after the first send, with on average ` +
        `${num(busy)} of ${REPLAY_CONCURRENCY} lanes waiting on the network (the rest of the time a lane is between an answer ` +
        `and its next send: committing the answer to IndexedDB, scheduling); the status bar shows 0 pending ` +
        `${ms(med(r.replay.map((x) => x.ms - x.networkMs)))} after the last answer.`,
    );
  }
  return out;
}

export function table(header: string[], rows: string[][]): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

export function markdown(opts: {
  title: string;
  preamble: string[];
  headline: Row[];
  scale: ScaleRow[];
  /** Markdown lines of the growth section (growth.ts), empty for none. */
  growth: string[];
  checks: TargetCheck[];
  hints: string[];
  profiles: ProfileSummary[];
}): string {
  const parts = [
    `## ${opts.title}`,
    '',
    ...opts.preamble,
    '',
    table(
      [
        'Measure',
        'Result: median (min–max)',
        'Floor / baseline, same run',
        'Ratio to floor',
        'Target',
        'Verdict',
      ],
      opts.headline.map((r) => [r.measure, r.result, r.floor, r.ratio, r.target, r.verdict]),
    ),
  ];
  // A run of the offline-idle measure alone has no customer counts to scale over.
  if (opts.scale.length)
    parts.push(
      '',
      '### Scale',
      '',
      table(
        [
          'Customers',
          'Rounds (sync / search / naive / cold)',
          'Full sync',
          'Sync floor',
          'Sync / floor',
          'Sync per 1,000 listed',
          'Search p95',
          'Naive p95',
          'Cold start → first rows',
          'Heap after GC',
          'Heap per customer',
          'Heap / JSON',
        ],
        opts.scale.map((s) => [
          s.customers,
          s.rounds,
          s.sync,
          s.syncFloor,
          s.syncRatio,
          s.syncPer1k,
          s.searchP95,
          s.naiveP95,
          s.coldFirstRows,
          s.heap,
          s.heapPerCustomer,
          s.heapRatio,
        ]),
      ),
    );
  parts.push(...opts.growth);
  if (opts.hints.length) parts.push('', '### Where the time goes', '', ...opts.hints.map((h) => `- ${h}`));
  for (const p of opts.profiles) {
    parts.push(
      '',
      `CPU profile of the renderer, ${p.scenario} (unmeasured run; ${ms(p.totalMs)} of samples; ${p.file.split('/').pop() ?? p.file}):`,
      '',
      table(
        ['Function', 'Where', 'Line', 'Self time', 'Share'],
        p.top.map((f) => [
          f.name,
          f.where,
          f.code ? `\`${f.code.replace(/`/g, "'")}\`` : '',
          ms(f.selfMs),
          `${num(f.share)}%`,
        ]),
      ),
    );
  }
  const line = (m: TargetCheck): string =>
    `- ${m.description}${m.n ? ` at ${int(m.n)} customers` : ''}: ${num(m.value)} ${m.unit} against ≤ ${num(m.limit)} ${m.unit}` +
    (m.met ? ': met' : Number.isFinite(m.missedByPct) ? ` (missed by ${num(m.missedByPct)}%)` : ': missed');
  const missed = opts.checks.filter((c) => !c.reference && !c.met);
  parts.push('', '### Targets missed', '');
  parts.push(...(missed.length ? missed.map(line) : ['None.']));
  const reference = opts.checks.filter((c) => c.reference);
  if (reference.length)
    parts.push(
      '',
      'For reference, the same targets at the other sizes (they are set for 50,000 customers):',
      '',
      ...reference.map(line),
    );
  return parts.join('\n') + '\n';
}
