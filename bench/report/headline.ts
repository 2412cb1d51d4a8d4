/**
 * Turns the raw repetitions into the headline rows: every measure as median with its spread
 * (min–max), the floor measured beside it in the same run, the paired ratio, the target and whether it
 * was met, and by how much it was missed when it was not.
 */
import { CPU_THROTTLE, PAGE_SIZE, REPLAY_EDITS, SYNC_LATENCY_MS } from '../scenarios/settings';
import { pairedRatios, summarize } from '../stats';
import { TARGET, check } from './checks';
import type { Row, TargetCheck } from './checks';
import { coldRows, scrollRow } from './cold-rows';
import { int, k, mb, ms, num, spread, times } from './format';
import { replayRows } from './replay-rows';
import { floorsOf, heapBytes, jsonBytes } from './scale-result';
import type { ScaleResult } from './scale-result';

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
