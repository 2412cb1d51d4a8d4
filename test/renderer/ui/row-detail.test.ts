import { describe, expect, it } from 'vitest';
import { RowDetail } from '$lib/state/row-detail';

const ids = (from: number, n: number): string[] => Array.from({ length: n }, (_, i) => `c${from + i}`);

describe('the rows shown whole', () => {
  it('keeps the rows shown whole before a skim whole, and shows the ones arriving by their first line', () => {
    const detail = new RowDetail();
    expect([...detail.whole(ids(0, 10), false)]).toEqual(ids(0, 10));
    // Five rows down while skimming: c5…c9 stay whole, c10…c14 arrive brief.
    expect([...detail.whole(ids(5, 10), true)]).toEqual(ids(5, 5));
    // Back up a little: c3 and c4 arrive again, brief; the rows whole before stay so.
    expect([...detail.whole(ids(3, 10), true)]).toEqual(ids(5, 5));
    // A jump while skimming: nothing whole.
    expect(detail.whole(ids(900, 10), true).size).toBe(0);
    // Still again: every row whole, and the next skim starts from them.
    expect([...detail.whole(ids(900, 10), false)]).toEqual(ids(900, 10));
    expect([...detail.whole(ids(905, 10), true)]).toEqual(ids(905, 5));
  });

  it('gives the same answer when asked again for the same rows', () => {
    const detail = new RowDetail();
    detail.whole(ids(0, 10), false);
    const once = [...detail.whole(ids(4, 10), true)];
    expect([...detail.whole(ids(4, 10), true)]).toEqual(once);
  });
});
