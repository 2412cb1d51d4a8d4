/**
 * Which of the list's rows show their second line (phone, company and city, tags), the part of a row
 * that costs most to lay out: with the CPU throttled 4×, the frames of a scrollbar drag took 50–70 ms
 * with it and ten times fewer went over 50 ms without it (bench 2026-12-07, session 34).
 *
 * - While the list is skimmed (list-viewport.svelte.ts), a row arriving shows its first line only, and
 *   the rows shown whole before stay whole. Someone skimming reads the names, which stay.
 * - Rows that arrive by scrolling otherwise, and the rows a skim left brief once the list is still,
 *   gain their second line a few per frame: as many as the last frames showed the machine draws well
 *   within one (`fillAllowance`). A fast machine draws a Page Down whole at once; a slow one fills it
 *   in over a few frames instead of all in one.
 * - New results (a query, a sort, a change of the data) are drawn whole at once, as they are asked for.
 */

/** After a paint: `paintMs` is how long that frame took from its animation frame to the paint's end. */
export type AfterPaint = (run: (paintMs: number) => void) => void;

/** At most this long of a frame goes to the rows gaining their second line (a 60 Hz frame's half). */
const FILL_BUDGET_MS = 8;
/** Rows that gain their second line in a frame before the first paint was measured, and at least. */
const FIRST_ALLOWANCE = 3;
/** More than a screen, so a machine drawing rows well never waits a frame for one. */
const MAX_ALLOWANCE = 32;

/**
 * Rows to fill in the next frame, from the last paint's time and the rows drawn whole before it: the
 * per-row cost counts the whole paint, so it errs towards fewer. It at most doubles a frame.
 */
export function fillAllowance(previous: number, drawn: number, paintMs: number): number {
  if (drawn === 0) return previous;
  const perRow = Math.max(paintMs, 0.1) / drawn;
  const fits = Math.floor(FILL_BUDGET_MS / perRow);
  return Math.max(FIRST_ALLOWANCE, Math.min(MAX_ALLOWANCE, previous * 2, fits));
}

/** One frame's paint, timed: a task posted from the animation frame runs once the frame is painted. */
const browserAfterPaint: AfterPaint = (run) => {
  requestAnimationFrame(() => {
    const start = performance.now();
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      run(performance.now() - start);
    };
    channel.port2.postMessage(null);
  });
};

export class RowDetail {
  // A snapshot replaced whole, never changed in place: a new answer is a new set.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #whole: ReadonlySet<string> = new Set();
  #results: unknown = null;
  /** Rows that may gain their second line between two paints, and what is left of it before the next. */
  #granted = FIRST_ALLOWANCE;
  #allowance = FIRST_ALLOWANCE;
  /** Rows that gained it since the last paint. */
  #drawn = 0;
  /** Rows in view are waiting for their second line. */
  #waiting = false;
  #paintAwaited = false;
  /** Bumped after a paint that rows were waiting for, so the list asks again. */
  #painted = $state(0);

  /** Paints that rows were waiting for (read by `whole`, so its $derived runs again after one). */
  get painted(): number {
    return this.#painted;
  }

  constructor(private readonly afterPaint: AfterPaint = browserAfterPaint) {}

  /**
   * The ids of `visible` shown whole; `results` is what they are a slice of (a new one is drawn whole).
   * The same arguments give the same answer until the next paint, so calling again is harmless.
   */
  whole(visible: readonly string[], skimming: boolean, results: unknown): ReadonlySet<string> {
    void this.#painted;
    const before = this.#whole;
    const fresh = results !== this.#results;
    this.#results = results;
    let next: string[];
    this.#waiting = false;
    if (skimming) {
      next = visible.filter((id) => before.has(id));
    } else if (fresh) {
      next = [...visible];
    } else {
      next = [];
      for (const id of visible) {
        if (before.has(id)) next.push(id);
        else if (this.#allowance > 0) {
          this.#allowance--;
          this.#drawn++;
          next.push(id);
        } else this.#waiting = true;
      }
      if (this.#drawn > 0 || this.#waiting) this.#awaitPaint();
    }
    if (next.length === before.size && next.every((id) => before.has(id))) return before;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a snapshot, as above
    this.#whole = new Set(next);
    return this.#whole;
  }

  /** Once the frame is painted: the next one's allowance, and a new answer if rows are waiting. */
  #awaitPaint(): void {
    if (this.#paintAwaited) return;
    this.#paintAwaited = true;
    this.afterPaint((paintMs) => {
      this.#paintAwaited = false;
      // The allowance is spent again from here: measure it against what this paint drew.
      const drawn = this.#drawn;
      this.#drawn = 0;
      this.#granted = fillAllowance(this.#granted, drawn, paintMs);
      this.#allowance = this.#granted;
      if (this.#waiting) this.#painted++;
    });
  }
}
