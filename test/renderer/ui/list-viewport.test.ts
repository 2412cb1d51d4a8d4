import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listResult } from '$lib/search/result';
import type { SearchResult } from '$lib/data/types';
import { ListViewport, ROW_HEIGHT } from '$lib/state/list-viewport.svelte';
import type { ScrollBox } from '$lib/state/list-viewport.svelte';

const ids = (n: number, prefix = 'r'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** A listbox 600 px high (ten rows) over `list`, with the cursor and the fill state the test sets. */
function setup(list: string[]) {
  const state = { results: listResult(list) as SearchResult, active: -1, filling: false };
  const box: ScrollBox = { scrollTop: 0, clientHeight: 10 * ROW_HEIGHT, focus: () => undefined };
  const viewport = new ListViewport({
    results: () => state.results,
    activeIndex: () => state.active,
    filling: () => state.filling,
  });
  viewport.element = box;
  viewport.height = box.clientHeight;
  const scrollTo = (top: number): void => {
    box.scrollTop = top;
    viewport.scrolled();
  };
  const replace = (next: string[]): void => {
    state.results = listResult(next);
    viewport.resultsChanged(state.results);
  };
  return { state, box, viewport, scrollTo, replace };
}

describe('the list viewport', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('keeps the row the user looks at in place when rows arrive above it', () => {
    const { box, scrollTo, replace } = setup(ids(1_000));
    scrollTo(10 * ROW_HEIGHT + 20);
    replace([...ids(5, 'new'), ...ids(1_000)]);
    // r10 is now the 15th row, still 20 px above the viewport's top.
    expect(box.scrollTop).toBe(15 * ROW_HEIGHT + 20);
  });

  it('holds the top rows only while a refresh fills the cache', () => {
    const still = setup(ids(100));
    still.replace([...ids(3, 'new'), ...ids(100)]);
    expect(still.box.scrollTop).toBe(0);

    const filling = setup(ids(100));
    filling.state.filling = true;
    filling.viewport.revealAndHold();
    filling.replace([...ids(3, 'new'), ...ids(100)]);
    expect(filling.box.scrollTop).toBe(3 * ROW_HEIGHT);
  });

  it('puts only the rows in view in the DOM after a jump, and the overscan once still for 100 ms', () => {
    const { viewport, scrollTo } = setup(ids(50_000));
    expect(viewport.range).toMatchObject({ start: 0, end: 13 });
    scrollTo(30_000 * ROW_HEIGHT);
    expect(viewport.range).toMatchObject({ start: 30_000, end: 30_011 });
    vi.advanceTimersByTime(60);
    // Still moving: the wait starts again.
    scrollTo(30_000 * ROW_HEIGHT + 30);
    vi.advanceTimersByTime(99);
    expect(viewport.range).toMatchObject({ start: 30_000, end: 30_011 });
    vi.advanceTimersByTime(1);
    expect(viewport.range).toMatchObject({ start: 29_998, end: 30_013 });
  });

  it('is skimmed from a second move of half a screen until still for 100 ms, not by one Page Down', () => {
    const { viewport, scrollTo } = setup(ids(1_000));
    // One Page Down (nine rows), then a wheel notch: never skimmed.
    scrollTo(9 * ROW_HEIGHT);
    scrollTo(11 * ROW_HEIGHT);
    expect(viewport.skimming).toBe(false);
    vi.advanceTimersByTime(100);
    // The scrollbar dragged: five rows a frame, half of the ten in view.
    scrollTo(16 * ROW_HEIGHT);
    expect(viewport.skimming).toBe(false);
    scrollTo(21 * ROW_HEIGHT);
    expect(viewport.skimming).toBe(true);
    // Slowing down is not being still: small moves keep it skimmed and the wait starts again.
    vi.advanceTimersByTime(99);
    scrollTo(22 * ROW_HEIGHT);
    vi.advanceTimersByTime(99);
    expect(viewport.skimming).toBe(true);
    vi.advanceTimersByTime(1);
    expect(viewport.skimming).toBe(false);
    // The count starts again once still: the next single move of a page is not skimming.
    scrollTo(31 * ROW_HEIGHT);
    expect(viewport.skimming).toBe(false);
  });

  it('is skimmed from the first frame of a jump (the thumb dragged), not of a screenful', () => {
    const { viewport, scrollTo } = setup(ids(1_000));
    // A screenful: the rows below the old window's last ones are new, the overscan still in view.
    scrollTo(10 * ROW_HEIGHT);
    expect(viewport.skimming).toBe(false);
    vi.advanceTimersByTime(100);
    scrollTo(500 * ROW_HEIGHT);
    expect(viewport.skimming).toBe(true);
    vi.advanceTimersByTime(100);
    expect(viewport.skimming).toBe(false);
  });

  it('is moving from a scroll of the user until still for 100 ms, not for the page moving the list', () => {
    const { state, box, viewport, replace, scrollTo } = setup(ids(1_000));
    expect(viewport.moving).toBe(false);
    // A wheel notch, then slower: each move starts the wait again.
    scrollTo(2 * ROW_HEIGHT);
    expect(viewport.moving).toBe(true);
    vi.advanceTimersByTime(99);
    scrollTo(2 * ROW_HEIGHT + 10);
    vi.advanceTimersByTime(99);
    expect(viewport.moving).toBe(true);
    vi.advanceTimersByTime(1);
    expect(viewport.moving).toBe(false);
    // The cursor revealed far down, then rows arriving above it: the browser's scroll events find the
    // list where the viewport put it, and the rows keep taking the pointer.
    state.active = 400;
    viewport.revealAndHold();
    scrollTo(box.scrollTop);
    replace([...ids(30, 'new'), ...ids(1_000)]);
    scrollTo(box.scrollTop);
    expect(viewport.moving).toBe(false);
    // A new query goes back to the top: not moving either.
    scrollTo(600 * ROW_HEIGHT);
    viewport.toTop();
    expect(viewport.moving).toBe(false);
  });

  it('finds the row drawn at a point of the list by its position', () => {
    const { viewport, scrollTo } = setup(ids(1_000));
    scrollTo(100 * ROW_HEIGHT + 30);
    // 30 px of r100 are above the top edge: its last 30 px, then r101 from 30 px down.
    expect(viewport.idAt(0)).toBe('r100');
    expect(viewport.idAt(29)).toBe('r100');
    expect(viewport.idAt(30)).toBe('r101');
    expect(viewport.idAt(10 * ROW_HEIGHT - 1)).toBe('r110');
  });

  it('finds no row below the last one', () => {
    const { viewport } = setup(ids(3));
    expect(viewport.idAt(2 * ROW_HEIGHT + 59)).toBe('r2');
    expect(viewport.idAt(3 * ROW_HEIGHT)).toBeUndefined();
  });

  it('shows a new query or sort whole, however fast the list moved just before', () => {
    const { viewport, scrollTo } = setup(ids(50_000));
    scrollTo(20_000 * ROW_HEIGHT);
    scrollTo(40_000 * ROW_HEIGHT);
    expect(viewport.skimming).toBe(true);
    viewport.toTop();
    expect(viewport.skimming).toBe(false);
    expect(viewport.range).toMatchObject({ start: 0, end: 13 });
  });

  it('does not count the page moving the list for a reason of its own as skimming', () => {
    const { state, box, viewport, replace, scrollTo } = setup(ids(1_000));
    // A customer selected far down is revealed, then rows arrive above it: two moves of three screens.
    state.active = 40;
    viewport.revealAndHold();
    scrollTo(box.scrollTop);
    replace([...ids(30, 'new'), ...ids(1_000)]);
    expect(box.scrollTop).toBe((41 + 30) * ROW_HEIGHT - box.clientHeight);
    // The browser's scroll events for them find the list where the viewport put it.
    scrollTo(box.scrollTop);
    expect(viewport.skimming).toBe(false);
  });

  it('keeps the overscan through an ordinary scroll', () => {
    const { viewport, scrollTo } = setup(ids(1_000));
    scrollTo(3 * ROW_HEIGHT);
    expect(viewport.range).toMatchObject({ start: 1, end: 16 });
  });

  it('scrolls just enough to show the cursor, and not at all when it is in view', () => {
    const { state, box, viewport } = setup(ids(1_000));
    state.active = 20;
    viewport.reveal();
    expect(box.scrollTop).toBe(21 * ROW_HEIGHT - box.clientHeight);
    state.active = 15;
    viewport.reveal();
    expect(box.scrollTop).toBe(21 * ROW_HEIGHT - box.clientHeight);
  });

  it('goes back to the top on a new query and anchors nothing', () => {
    const { box, viewport, scrollTo, replace } = setup(ids(1_000));
    scrollTo(40 * ROW_HEIGHT);
    viewport.toTop();
    expect(box.scrollTop).toBe(0);
    replace([...ids(5, 'new'), ...ids(1_000)]);
    expect(box.scrollTop).toBe(0);
  });

  it('says how many rows a page moves: a screenful less one', () => {
    const { viewport } = setup(ids(10));
    expect(viewport.pageRows).toBe(9);
  });
});

describe('the list viewport, when rows change in place', () => {
  it('reads and moves nothing of the element, so the page is not laid out twice a change', () => {
    const { box, viewport, scrollTo, replace } = setup(ids(1_000));
    scrollTo(10 * ROW_HEIGHT + 20);
    let touched = 0;
    const seen = new Proxy(box, {
      get: (target, key, receiver) => (
        (touched += key === 'focus' ? 0 : 1),
        Reflect.get(target, key, receiver)
      ),
      set: (target, key, value, receiver) => ((touched += 1), Reflect.set(target, key, value, receiver)),
    });
    viewport.element = seen;
    // An edit: a new result set, every row where it was.
    replace(ids(1_000));
    replace(ids(1_000));
    expect(touched).toBe(0);
    // Rows arriving above do move it.
    replace([...ids(2, 'new'), ...ids(1_000)]);
    expect(box.scrollTop).toBe(12 * ROW_HEIGHT + 20);
  });

  it('keeps the position the browser kept when the content is shorter than the anchor asks', () => {
    const { box, viewport, scrollTo, replace } = setup(ids(100));
    const clamped = new Proxy(box, {
      set: (target, key, value: number, receiver) =>
        Reflect.set(target, key, key === 'scrollTop' ? Math.min(value, 20 * ROW_HEIGHT) : value, receiver),
    });
    viewport.element = clamped;
    scrollTo(15 * ROW_HEIGHT);
    replace([...ids(10, 'new'), ...ids(100)]);
    expect(box.scrollTop).toBe(20 * ROW_HEIGHT);
    // The next anchor is taken where the list really is, at row 20 ("r10"), not at row 25 ("r15").
    viewport.element = box;
    replace([...ids(12, 'new'), ...ids(100)]);
    expect(box.scrollTop).toBe(22 * ROW_HEIGHT);
  });
});
