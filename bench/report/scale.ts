/** The scale table: one row per customer count, with the headline's targets checked at the others. */
import { pairedRatios, summarize } from '../stats';
import { TARGET, check } from './checks';
import type { TargetCheck } from './checks';
import { int, mb, ms, num, spread, times } from './format';
import { floorsOf, heapBytes, jsonBytes } from './scale-result';
import type { ScaleResult } from './scale-result';

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
