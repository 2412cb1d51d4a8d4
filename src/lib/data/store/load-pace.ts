/**
 * How many rows the background load adds per task. A fixed count can't fit every machine: 500 rows
 * took ~12 ms on an idle core but 50–190 ms with the CPU throttled 4× (the bench's slow machine), each
 * a long task while the user types. So each slice is sized from what the last one cost per row, to
 * end well inside TASK_BUDGET_MS wherever it runs. Not below MIN_SLICE, where a task's fixed costs
 * (the yield, the index's bookkeeping) would outweigh its rows. That floor was 200 while each slice
 * also paid a filter pass over every row in so far (~10 ms near 50,000 throttled; 50-row slices then
 * doubled the throttled load, bench 2026-12-03), so 200 rows took 50–60 ms on the throttled bench, a
 * long task each. The opening load's slices now skip that pass (orders.ts, `fresh`) and cost their
 * rows alone, so a slow CPU gets slices that fit.
 */
import { READ_CHUNK } from './read-rows';

/** A loading task's target: a long task is 50 ms; what is left is the page's own work (input, paint). */
export const TASK_BUDGET_MS = 20;
/** Below this, a task's fixed costs (a yield, the index's bookkeeping) would outweigh its rows. */
export const MIN_SLICE = 50;
/** One background read's rows: a slice never spans two. */
export const MAX_SLICE = READ_CHUNK;
/** The first slice, before anything is measured: the smallest. */
export const FIRST_SLICE = MIN_SLICE;
/**
 * A read's rows per slice. Its answer is deserialised in one task at about a third of what adding
 * the rows costs (traced at 4× throttled: 500 rows took 28-66 ms, in 50-90 ms tasks), so three
 * slices' worth keeps that task near the budget too. A fast machine's slices reach MAX_SLICE, so it
 * reads READ_CHUNK rows at a time, as before; the smallest read is three MIN_SLICEs (150 rows), below
 * which the round trips would outweigh the rows.
 */
export const READ_SLICES = 3;

/**
 * How far one cheaper slice moves the cost per row the next is sized for: a quarter of the way. A
 * dearer one counts in full at once.
 */
const EASE = 0.25;

export class LoadPace {
  #size = FIRST_SLICE;
  /** The cost per row (ms) the next slice is sized for; null until a slice is measured. */
  #perRow: number | null = null;

  /** Rows to add in the next task. */
  get size(): number {
    return this.#size;
  }

  /** Rows to read from IndexedDB next. */
  get readSize(): number {
    return Math.min(READ_CHUNK, this.#size * READ_SLICES);
  }

  /**
   * The last slice of `rows` took `ms`. The next one fits the budget at the cost per row so far: a
   * dearer slice sets it at once, a cheaper one (a warm cache, a slice with no GC and no set to grow)
   * eases it down, so a couple of lucky slices can't size the next one into a long task. Sized from
   * the last slice alone, the throttled bench's slices swung between fitting and 50–60 ms. It also at
   * most doubles.
   */
  took(rows: number, ms: number): void {
    if (rows <= 0) return;
    const cost = ms / rows;
    const was = this.#perRow;
    const perRow = was === null || cost >= was ? cost : was + (cost - was) * EASE;
    this.#perRow = perRow;
    const fit = perRow > 0 ? Math.floor(TASK_BUDGET_MS / perRow) : MAX_SLICE;
    this.#size = Math.max(MIN_SLICE, Math.min(MAX_SLICE, fit, this.#size * 2));
  }
}
