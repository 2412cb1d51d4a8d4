import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fitChipBox } from '$lib/components/list/chip-fit';

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
});
