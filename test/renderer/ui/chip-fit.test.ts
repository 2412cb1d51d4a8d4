import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fitChipBox, listScrolled, SETTLE_MS, watchChipBox } from '$lib/components/list/chip-fit';

/*
 * A fake layout that logs style writes ("w") and geometry reads ("r"): a read after a write is a
 * layout the browser must run then and there, so the log's w→r turns count the forced layouts.
 */
let log: string[] = [];
let ranges = 0;

interface Rect {
  left: number;
  right: number;
  top: number;
  width: number;
}
const rect = (left: number, width: number, top = 0): Rect => ({ left, right: left + width, top, width });

function fakeChip(r: Rect): { getBoundingClientRect(): Rect; querySelector(): unknown } {
  const label = {
    rect: { ...r, width: r.width - 10 },
    getBoundingClientRect: () => (log.push('r'), label.rect),
  };
  return { getBoundingClientRect: () => (log.push('r'), r), querySelector: () => label };
}

/** A box of 40 px chips 4 px apart; the third wraps to the hidden line. */
function fakeBox(): HTMLElement {
  let maxWidth = '';
  const line = { getBoundingClientRect: () => (log.push('r'), rect(0, 300)) };
  const box = {
    isConnected: true,
    parentElement: line,
    children: [fakeChip(rect(0, 40)), fakeChip(rect(44, 40)), fakeChip(rect(0, 40, 20))],
    style: {
      get maxWidth() {
        return maxWidth;
      },
      set maxWidth(v: string) {
        log.push('w');
        maxWidth = v;
      },
    },
  };
  return box as unknown as HTMLElement;
}

const forcedLayouts = (): number => log.filter((e, i) => e === 'r' && log[i - 1] === 'w').length;

beforeEach(() => {
  log = [];
  ranges = 0;
  vi.stubGlobal('document', {
    createRange: () => {
      ranges++;
      let target: { rect: Rect } | null = null;
      return {
        selectNodeContents: (node: { rect: Rect }) => (target = node),
        getBoundingClientRect: () => (log.push('r'), target?.rect ?? rect(0, 0)),
      };
    },
  });
  vi.stubGlobal('requestAnimationFrame', () => 1);
  vi.stubGlobal('cancelAnimationFrame', () => undefined);
});

afterEach(() => vi.unstubAllGlobals());

/** Lines the (one, module-wide) ResizeObserver watches now, and how many observe calls it had. */
const observing = new Set<unknown>();
let observeCalls = 0;
class FakeResizeObserver {
  observe(el: unknown): void {
    observeCalls++;
    observing.add(el);
  }
  unobserve(el: unknown): void {
    observing.delete(el);
  }
  disconnect(): void {
    observing.clear();
  }
}
beforeEach(() => {
  observing.clear();
  observeCalls = 0;
  vi.stubGlobal('ResizeObserver', FakeResizeObserver);
});

describe('fitting chips into a row', () => {
  it('shows the chips on the first line and narrows the box to them', async () => {
    const box = fakeBox();
    const shown = await new Promise<number>((resolve) => fitChipBox(box, resolve));
    expect(shown).toBe(2);
    expect(box.style.maxWidth).toBe('84px');
  });

  it('measures a screenful of rows with one layout, not one per row', async () => {
    const boxes = Array.from({ length: 30 }, fakeBox);
    const fits = boxes.map((box) => new Promise<number>((resolve) => fitChipBox(box, resolve)));
    expect(await Promise.all(fits)).toEqual(boxes.map(() => 2));
    expect(forcedLayouts()).toBe(1);
  });

  it('reuses one text range: each live Range costs every DOM insertion and removal', async () => {
    for (let round = 0; round < 3; round++)
      await Promise.all(
        Array.from({ length: 10 }, fakeBox).map((box) => new Promise((resolve) => fitChipBox(box, resolve))),
      );
    expect(ranges).toBeLessThanOrEqual(1);
  });

  it('while the list scrolls, reads nothing; once it is still for SETTLE_MS, fits what is left in one layout', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const FRAME = 16;
      const fitted: number[] = [];
      const mounted: HTMLElement[] = [];
      // A second of scrolling: a scroll event and a screenful of new rows every frame.
      for (let t = 0; t < 1000; t += FRAME) {
        listScrolled();
        for (let r = 0; r < 12; r++) {
          const box = fakeBox();
          mounted.push(box);
          fitChipBox(box, (n) => fitted.push(n));
        }
        // Rows scrolled out of the window leave the DOM.
        for (const box of mounted.slice(0, -12)) (box as { isConnected: boolean }).isConnected = false;
        await Promise.resolve();
        vi.advanceTimersByTime(FRAME);
        expect(vi.getTimerCount()).toBeLessThanOrEqual(1);
      }
      expect(log).toEqual([]);
      expect(fitted).toEqual([]);
      vi.advanceTimersByTime(SETTLE_MS - FRAME - 1);
      expect(fitted).toEqual([]);
      vi.advanceTimersByTime(1);
      // Only the screenful still in the DOM, measured together.
      expect(fitted).toEqual(Array.from({ length: 12 }, () => 2));
      expect(forcedLayouts()).toBe(1);
      expect(vi.getTimerCount()).toBe(0);

      // Still again: a row asked for now is fitted in the same turn, as before the scroll.
      const box = fakeBox();
      const shown = new Promise<number>((resolve) => fitChipBox(box, resolve));
      await Promise.resolve();
      expect(await shown).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('watches a row for width changes from its first fit: rows a scroll mounts and drops cost no observe', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const FRAME = 16;
      let rows: { box: HTMLElement; stop: () => void }[] = [];
      for (let t = 0; t < 500; t += FRAME) {
        listScrolled();
        // The frame's rows replace the last frame's (a jump), as the listbox's keyed rows do.
        for (const row of rows) row.stop();
        rows = Array.from({ length: 12 }, () => {
          const box = fakeBox();
          fitChipBox(box, () => undefined);
          return { box, stop: watchChipBox(box, () => undefined) };
        });
        await Promise.resolve();
        vi.advanceTimersByTime(FRAME);
      }
      expect(observeCalls).toBe(0);
      vi.advanceTimersByTime(SETTLE_MS);
      // The screenful left, fitted once the list was still, is watched from then on.
      expect(observeCalls).toBe(12);
      expect([...observing]).toEqual(rows.map((r) => r.box.parentElement));
      for (const row of rows) row.stop();
      expect(observing.size).toBe(0);

      // Still: a row mounted now is fitted in the same turn and watched from that fit.
      const box = fakeBox();
      fitChipBox(box, () => undefined);
      const stop = watchChipBox(box, () => undefined);
      await Promise.resolve();
      expect([...observing]).toEqual([box.parentElement]);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
