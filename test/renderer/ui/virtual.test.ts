import { describe, expect, it } from 'vitest';
import { isJump, scrollToReveal, virtualWindow } from '$lib/state/virtual';

const base = { rowHeight: 60, viewportHeight: 600, overscan: 8, maxRows: 200 };

describe('virtualWindow', () => {
  it('renders the first screen plus overscan at the top', () => {
    const w = virtualWindow({ ...base, scrollTop: 0, count: 50_000 });
    expect(w.start).toBe(0);
    expect(w.end).toBe(11 + 8);
    expect(w.offset).toBe(0);
    expect(w.totalHeight).toBe(3_000_000);
  });

  it('windows around the scroll position', () => {
    const w = virtualWindow({ ...base, scrollTop: 60 * 1000 + 30, count: 50_000 });
    expect(w.start).toBe(1000 - 8);
    expect(w.end).toBe(1000 + 11 + 8);
    expect(w.offset).toBe((1000 - 8) * 60);
  });

  it('clamps at the end of the list', () => {
    const w = virtualWindow({ ...base, scrollTop: 10_000_000, count: 50_000 });
    expect(w.end).toBe(50_000);
    expect(w.start).toBe(50_000 - 10 - 8);
  });

  it('never renders more than maxRows, even for a huge viewport', () => {
    const w = virtualWindow({ ...base, viewportHeight: 100_000, scrollTop: 0, count: 50_000 });
    expect(w.end - w.start).toBe(200);
  });

  it('handles short and empty lists', () => {
    expect(virtualWindow({ ...base, scrollTop: 0, count: 3 })).toEqual({
      start: 0,
      end: 3,
      offset: 0,
      totalHeight: 180,
    });
    expect(virtualWindow({ ...base, scrollTop: 500, count: 0 })).toEqual({
      start: 0,
      end: 0,
      offset: 0,
      totalHeight: 0,
    });
  });

  it('treats a negative scroll (overscroll bounce) as the top', () => {
    expect(virtualWindow({ ...base, scrollTop: -50, count: 100 }).start).toBe(0);
  });
});

describe('scrollToReveal', () => {
  it('leaves the scroll alone when the row is fully visible', () => {
    expect(scrollToReveal(5, 0, 600, 60)).toBeNull();
  });

  it('scrolls up just enough to show a row above', () => {
    expect(scrollToReveal(3, 600, 600, 60)).toBe(180);
  });

  it('scrolls down just enough to show a row below', () => {
    expect(scrollToReveal(10, 0, 600, 60)).toBe(60);
  });

  it('does nothing without an active row', () => {
    expect(scrollToReveal(-1, 0, 600, 60)).toBeNull();
  });
});

describe('isJump', () => {
  // Rows 992–1026 rendered (1000–1018 in view with overscan 8), 60 px rows, a 600 px viewport.
  const rendered = { start: 992, end: 1027 };

  it('is not a jump while any rendered row stays in view', () => {
    expect(isJump(rendered, 60 * 1000, 600, 60)).toBe(false);
    expect(isJump(rendered, 60 * 1026 - 30, 600, 60)).toBe(false);
    expect(isJump(rendered, 60 * 983 + 1, 600, 60)).toBe(false);
  });

  it('is a jump once every row in view is one not rendered', () => {
    expect(isJump(rendered, 60 * 1027, 600, 60)).toBe(true);
    expect(isJump(rendered, 60 * 982, 600, 60)).toBe(true);
    expect(isJump(rendered, 0, 600, 60)).toBe(true);
    expect(isJump(rendered, 60 * 40_000, 600, 60)).toBe(true);
  });

  it('is a jump from an empty window, and never with no row height', () => {
    expect(isJump({ start: 0, end: 0 }, 0, 600, 60)).toBe(true);
    expect(isJump(rendered, 0, 600, 0)).toBe(false);
  });
});
