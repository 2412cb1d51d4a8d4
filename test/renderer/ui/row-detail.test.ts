/**
 * The rows shown whole, with the list's real paint scheduler replaced by a virtual one: each `paint`
 * ends a frame that took the given time, and the test counts the paints the rows asked for.
 */
import { describe, expect, it } from 'vitest';
import { fillAllowance, RowDetail } from '$lib/state/row-detail.svelte';
import type { AfterPaint } from '$lib/state/row-detail.svelte';

const ids = (from: number, n: number): string[] => Array.from({ length: n }, (_, i) => `c${from + i}`);

/** A virtual frame clock: paints run when the test says, each taking `ms`. */
function frames() {
  let waiting: Array<(ms: number) => void> = [];
  let asked = 0;
  const afterPaint: AfterPaint = (run) => {
    asked++;
    waiting.push(run);
  };
  return {
    afterPaint,
    /** Paints asked for so far. */
    asked: () => asked,
    pending: () => waiting.length,
    paint(ms: number): void {
      const now = waiting;
      waiting = [];
      for (const run of now) run(ms);
    },
  };
}

describe('the rows shown whole while skimming', () => {
  const results = {};

  it('keeps the rows shown whole before a skim whole, and shows the ones arriving by their first line', () => {
    const detail = new RowDetail(frames().afterPaint);
    // New results are drawn whole at once.
    expect([...detail.whole(ids(0, 10), false, results)]).toEqual(ids(0, 10));
    // Five rows down while skimming: c5…c9 stay whole, c10…c14 arrive brief.
    expect([...detail.whole(ids(5, 10), true, results)]).toEqual(ids(5, 5));
    // Back up a little: c3 and c4 arrive again, brief; the rows whole before stay so.
    expect([...detail.whole(ids(3, 10), true, results)]).toEqual(ids(5, 5));
    // A jump while skimming: nothing whole.
    expect(detail.whole(ids(900, 10), true, results).size).toBe(0);
  });

  it('draws new results whole at once, whatever the paints said', () => {
    const clock = frames();
    const detail = new RowDetail(clock.afterPaint);
    detail.whole(ids(0, 10), false, results);
    expect([...detail.whole(ids(500, 12), false, {})]).toEqual(ids(500, 12));
    expect(clock.asked()).toBe(0);
  });

  it('gives the same answer when asked again before the next paint', () => {
    const detail = new RowDetail(frames().afterPaint);
    detail.whole(ids(0, 10), false, results);
    const once = detail.whole(ids(4, 10), true, results);
    expect(detail.whole(ids(4, 10), true, results)).toBe(once);
    const still = detail.whole(ids(300, 10), false, results);
    expect(detail.whole(ids(300, 10), false, results)).toBe(still);
  });
});

describe('rows filled in by frames', () => {
  const results = {};

  /**
   * The listbox's use of it: a $derived over the rows in view, run again when they change and after a
   * paint the rows were waiting for. (The renderer's tests compile Svelte for the server, where
   * effects do not run; the e2e list-jump test sees the real $derived fill the rows in.)
   */
  function list(clock: ReturnType<typeof frames>, first: string[]) {
    const detail = new RowDetail(clock.afterPaint);
    let view = first;
    let skimming = false;
    let whole = detail.whole(view, skimming, results);
    let asks = 0;
    const ask = () => {
      asks++;
      whole = detail.whole(view, skimming, results);
    };
    return {
      whole: () => whole,
      show(ids: string[], skim = false): void {
        view = ids;
        skimming = skim;
        ask();
      },
      /** One frame painted in `ms`; the list asks again only if the rows were waiting for it. */
      paint(ms: number): void {
        const before = detail.painted;
        clock.paint(ms);
        if (detail.painted !== before) ask();
      },
      asks: () => asks,
    };
  }

  it('on a slow machine, fills a page in a few rows a frame, and stops asking for frames once whole', () => {
    const clock = frames();
    const l = list(clock, ids(0, 15));
    // A page down: three rows at first (nothing measured yet), the rest brief.
    l.show(ids(15, 15));
    expect(l.whole().size).toBe(3);
    // Each paint of three rows takes 30 ms, a row about 10 ms: three a frame stay the floor.
    let paints = 0;
    while (l.whole().size < 15 && paints < 20) {
      l.paint(30);
      paints++;
      expect(l.whole().size).toBe(Math.min(15, 3 * (paints + 1)));
    }
    expect(paints).toBe(4);
    // Whole, nothing waiting: the paint that measures the last rows drawn, then no more.
    l.paint(30);
    expect(clock.pending()).toBe(0);
    const asked = clock.asked();
    const asks = l.asks();
    for (let i = 0; i < 100; i++) l.paint(30);
    expect(clock.asked()).toBe(asked);
    expect(l.asks()).toBe(asks);
  });

  it('on a fast machine, soon draws a page whole at once', () => {
    const clock = frames();
    const l = list(clock, ids(0, 15));
    const drawnAtOnce: number[] = [];
    for (let page = 1; page <= 5; page++) {
      l.show(ids(page * 15, 15));
      drawnAtOnce.push(l.whole().size);
      // 2 ms a paint: the allowance doubles each frame, up to what 8 ms allows.
      for (let paints = 0; clock.pending() > 0 && paints < 10; paints++) l.paint(2);
      expect(l.whole().size).toBe(15);
    }
    expect(drawnAtOnce).toEqual([3, 15, 15, 15, 15]);
  });

  it('fills in the rows a skim left brief once the list is still, by frames', () => {
    const clock = frames();
    const l = list(clock, ids(0, 15));
    l.show(ids(900, 15), true);
    expect(l.whole().size).toBe(0);
    // Skimming asks for no paint: nothing fills in until the list is still.
    expect(clock.pending()).toBe(0);
    l.show(ids(900, 15), false);
    expect(l.whole().size).toBe(3);
    l.paint(40);
    expect(l.whole().size).toBe(6);
  });
});

describe('the allowance', () => {
  it('is what fits in 8 ms at the last paint’s cost a row, doubling at most, between 3 and 32', () => {
    expect(fillAllowance(3, 3, 30)).toBe(3);
    expect(fillAllowance(3, 3, 2)).toBe(6);
    expect(fillAllowance(32, 32, 4)).toBe(32);
    expect(fillAllowance(32, 32, 64)).toBe(4);
    expect(fillAllowance(8, 0, 500)).toBe(8);
  });
});
