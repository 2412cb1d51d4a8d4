/** The cold-start rows (first rows, search ready) and the scroll row, plain or CPU-throttled. */
import type { ColdFloorResult } from '../shared/types';
import type { ColdRep } from '../scenarios/cold';
import { pairedRatios, summarize } from '../stats';
import { TARGET, check, joinVerdicts } from './checks';
import type { Row, TargetCheck } from './checks';
import { k, ms, spread, times } from './format';
import type { ScaleResult } from './scale-result';

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
