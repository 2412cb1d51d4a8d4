import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RowSlots } from '$lib/state/row-slots';

const ids = (from: number, n: number): string[] => Array.from({ length: n }, (_, i) => `c${from + i}`);

describe('the list rows kept by slot', () => {
  it('refills the rows a jump leaves with the rows it lands on, and builds none', () => {
    const slots = new RowSlots();
    const before = slots.assign(ids(0, 12));
    const after = slots.assign(ids(5_000, 12));
    expect(new Set(after)).toEqual(new Set(before));
  });

  it('keeps every row that stays on a wheel notch and refills only the ones that left', () => {
    const slots = new RowSlots();
    const before = slots.assign(ids(0, 12));
    const after = slots.assign(ids(2, 12));
    // c2…c11 keep their rows; c12 and c13 take the rows c0 and c1 gave up.
    expect(after.slice(0, 10)).toEqual(before.slice(2));
    expect(after.slice(10)).toEqual(before.slice(0, 2));
  });

  it('reuses the rows a shorter window gave up once it grows again', () => {
    const slots = new RowSlots();
    slots.assign(ids(0, 14));
    slots.assign(ids(100, 9));
    expect(Math.max(...slots.assign(ids(200, 14)))).toBe(13);
  });

  it('gives distinct slots, keeps a staying id on its slot, and never more slots than the tallest window', () => {
    const window = fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 16 });
    fc.assert(
      fc.property(fc.array(window, { minLength: 1, maxLength: 20 }), (windows) => {
        const slots = new RowSlots();
        let last = new Map<string, number>();
        let tallest = 0;
        for (const w of windows) {
          const shown = w.map((n) => `c${n}`);
          const got = slots.assign(shown);
          tallest = Math.max(tallest, shown.length);
          expect(new Set(got).size).toBe(shown.length);
          shown.forEach((id, i) => {
            const had = last.get(id);
            if (had !== undefined) expect(got[i]).toBe(had);
          });
          for (const s of got) expect(s).toBeLessThan(tallest);
          // Asked again for the same rows (a derived read twice): the same answer.
          expect(slots.assign(shown)).toEqual(got);
          last = new Map(shown.map((id, i) => [id, got[i] ?? -1]));
        }
      }),
    );
  });
});
