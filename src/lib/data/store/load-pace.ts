/**
 * How many rows the background load adds per task. A fixed count can't fit every machine: 500 rows
 * took ~12 ms on an idle core but 50–190 ms with the CPU throttled 4× (the bench's slow machine), each
 * a long task while the user types. So each slice is sized from what the last one cost per row, to
 * end well inside TASK_BUDGET_MS wherever it runs. Not below MIN_SLICE: each slice also pays one merge
 * pass of the search index's order over every row in so far (~10 ms near 50,000 throttled), so
 * 50-row slices doubled the throttled load (15 s → 28 s, bench 2026-12-03) for only a few fewer long tasks.
 */
import { READ_CHUNK } from './read-rows';

/** A loading task's target: a long task is 50 ms; what is left is the page's own work (input, paint). */
export const TASK_BUDGET_MS = 20;
/** Below this, a task's fixed costs (a yield, the index's merge pass) would outweigh its rows. */
export const MIN_SLICE = 200;
/** One background read's rows: a slice never spans two. */
export const MAX_SLICE = READ_CHUNK;
/** The first slice, before anything is measured: the smallest. */
export const FIRST_SLICE = MIN_SLICE;

export class LoadPace {
  #size = FIRST_SLICE;

  /** Rows to add in the next task. */
  get size(): number {
    return this.#size;
  }

  /**
   * The last slice of `rows` took `ms`: the next one fits the budget at that cost per row. It at most
   * doubles, so one fast slice (a warm cache line, a lucky GC) can't make the next one a long task.
   */
  took(rows: number, ms: number): void {
    if (rows <= 0) return;
    const fit = ms > 0 ? Math.floor((TASK_BUDGET_MS * rows) / ms) : MAX_SLICE;
    this.#size = Math.max(MIN_SLICE, Math.min(MAX_SLICE, fit, this.#size * 2));
  }
}
