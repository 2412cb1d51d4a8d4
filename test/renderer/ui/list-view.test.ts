/**
 * The list's behaviour around its results: a text with nothing to look for, a customer the query
 * hides, the count line while a first sync fills the cache, rows held in place as results change, and
 * where the Tags popover fits.
 */
import { describe, expect, it } from 'vitest';
import type { SearchQuery, SyncProgress } from '$lib/data/types';
import { IDLE_PROGRESS } from '$lib/data/types';
import { SearchIndex } from '$lib/search/index';
import { countText, CustomerListState, fillingTotal } from '$lib/state/list.svelte';
import { fitPopover } from '$lib/state/popover-fit';
import { anchoredScrollTop, anchorOf } from '$lib/state/scroll-anchor';
import { customer } from '../search/customer';

function must<T>(value: T | null): T {
  if (value === null) throw new Error('expected a value');
  return value;
}

function listOf(...names: string[]): CustomerListState {
  const index = new SearchIndex();
  index.load(names.map((n, i) => customer(`c${i}`, { first_name: n })));
  return new CustomerListState({ search: (q: SearchQuery) => index.search(q) });
}

describe('a text with nothing to look for', () => {
  it('is unsearchable, lists no one, and counts as searching', () => {
    const list = listOf('Ann', 'Bob');
    for (const text of ['@', '-', '🐕', '  ']) {
      list.text = text;
      expect({
        text,
        unsearchable: list.unsearchable,
        ids: list.results.ids,
        searching: list.searching,
      }).toEqual({
        text,
        unsearchable: true,
        ids: [],
        searching: true,
      });
    }
    list.text = 'an';
    expect(list.unsearchable).toBe(false);
    expect(list.results.ids).toEqual(['c0']);
    list.text = '';
    expect(list.searching).toBe(false);
    expect(list.results.ids).toHaveLength(2);
  });
});

describe('a customer the query hides', () => {
  it('is hidden only while a text or filter leaves it out, and only when it is on this computer', () => {
    const list = listOf('Ann', 'Bob');
    expect(list.hides('c1', true)).toBe(false);
    list.text = 'ann';
    expect(list.hides('c1', true)).toBe(true);
    expect(list.hides('c0', true)).toBe(false);
    // Not cached at all: the detail says that itself; nothing to clear.
    expect(list.hides('gone', false)).toBe(false);
    expect(list.hides(null, true)).toBe(false);
    list.text = '@';
    expect(list.hides('c0', true)).toBe(true);
    list.status = 'inactive';
    list.showAll('c1');
    expect({
      text: list.text,
      status: list.status,
      active: list.activeId,
      hides: list.hides('c1', true),
    }).toEqual({
      text: '',
      status: null,
      active: 'c1',
      hides: false,
    });
  });
});

describe('the count line', () => {
  const running = (done: number, total: number | null): SyncProgress => ({
    ...IDLE_PROGRESS,
    running: true,
    customersDone: done,
    customersTotal: total,
  });

  it('says "results so far" only while a full refresh is still filling the cache', () => {
    expect(fillingTotal(running(1000, 20_000), 1000)).toBe(20_000);
    expect(fillingTotal(running(0, null), 0)).toBeNull();
    // A refresh over a complete cache is not "so far".
    expect(fillingTotal(running(1000, 20_000), 20_000)).toBeNull();
    expect(fillingTotal({ ...IDLE_PROGRESS, customersTotal: 20_000 }, 1000)).toBeNull();
  });

  it('reads as a user would say it', () => {
    expect(countText({ shown: 3000, cached: 3000, searching: false, rotorTotal: 20_000 })).toBe(
      'Results so far: 3,000 of 20,000 customers',
    );
    expect(countText({ shown: 12, cached: 3000, searching: true, rotorTotal: 20_000 })).toBe(
      'Results so far: 12 matches in 3,000 of 20,000 customers',
    );
    expect(countText({ shown: 1, cached: 3000, searching: true, rotorTotal: 20_000 })).toBe(
      'Results so far: 1 match in 3,000 of 20,000 customers',
    );
    expect(countText({ shown: 12, cached: 1234, searching: true, rotorTotal: null })).toBe(
      '12 of 1,234 customers',
    );
    expect(countText({ shown: 1234, cached: 1234, searching: false, rotorTotal: null })).toBe(
      '1,234 customers',
    );
  });

  it('says how far opening has got while the cache is still being read, and that matches are partial', () => {
    const opening = { total: 50_000, read: 12_500 };
    expect(countText({ shown: 12_500, cached: 12_500, searching: false, rotorTotal: null, opening })).toBe(
      'Opening 50,000 customers… 12,500 read',
    );
    expect(countText({ shown: 40, cached: 12_500, searching: true, rotorTotal: null, opening })).toBe(
      'Results so far: 40 matches in 12,500 of 50,000 customers (still opening)',
    );
    expect(countText({ shown: 40, cached: 50_000, searching: true, rotorTotal: null, opening: null })).toBe(
      '40 of 50,000 customers',
    );
  });

  it('says no total in the moment before the cache is counted (the first screen shows first)', () => {
    const uncounted = { total: 0, read: 50 };
    expect(countText({ shown: 50, cached: 50, searching: false, rotorTotal: null, opening: uncounted })).toBe(
      'Opening your customers…',
    );
    expect(countText({ shown: 3, cached: 50, searching: true, rotorTotal: null, opening: uncounted })).toBe(
      'Results so far: 3 matches (still opening)',
    );
  });
});

describe('rows held in place when results change under the same query', () => {
  const ROW = 60;
  const view = (scrollTop: number, activeIndex = -1, holdTop = false) => ({
    scrollTop,
    height: 600,
    rowHeight: ROW,
    activeIndex,
    holdTop,
  });
  const ids = (n: number, prefix = 'r') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

  it('keeps the first row on screen where it was when rows arrive above it', () => {
    const before = ids(50);
    const anchor = anchorOf(before, view(10 * ROW + 20));
    expect(anchor).toEqual({ id: 'r10', offset: -20 });
    // Five rows sort above it now.
    const after = [...ids(5, 'new'), ...before];
    const top = anchoredScrollTop(must(anchor), after, ROW);
    expect(top).toBe(15 * ROW + 20);
    expect(anchorOf(after, view(must(top)))).toEqual(anchor);
  });

  it('prefers the cursor row while it is on screen', () => {
    const before = ids(50);
    const anchor = anchorOf(before, view(10 * ROW, 14));
    expect(anchor).toEqual({ id: 'r14', offset: 4 * ROW });
    const after = before.filter((id) => id !== 'r3' && id !== 'r12');
    expect(anchoredScrollTop(must(anchor), after, ROW)).toBe(8 * ROW);
    // Off screen, the first visible row is held instead.
    expect(anchorOf(before, view(10 * ROW, 40))).toEqual({ id: 'r10', offset: 0 });
  });

  it('holds nothing at the very top of a complete list, the top rows while a sync fills it', () => {
    expect(anchorOf(ids(50), view(0))).toBeNull();
    expect(anchorOf(ids(50), view(0, -1, true))).toEqual({ id: 'r0', offset: 0 });
    expect(anchorOf(ids(50), view(0, 2))).toEqual({ id: 'r2', offset: 2 * ROW });
    expect(anchorOf([], view(0, -1, true))).toBeNull();
  });

  it('leaves the scroll alone when the held row is gone', () => {
    expect(anchoredScrollTop({ id: 'r10', offset: 0 }, ids(5, 'x'), ROW)).toBeNull();
  });
});

describe('where the Tags popover fits', () => {
  const want = { width: 260, maxHeight: 320, margin: 8, minWidth: 160, minHeight: 120 };

  it('takes its size when there is room', () => {
    const fit = fitPopover(
      { left: 170, right: 230, bottom: 262 },
      { left: 0, right: 512 },
      { width: 1280, height: 800 },
      want,
    );
    expect(fit).toEqual({ left: 0, width: 260, maxHeight: 320 });
  });

  it('moves left to stay in a narrow column and shrinks to a short window', () => {
    const fit = fitPopover(
      { left: 300, right: 360, bottom: 500 },
      { left: 0, right: 410 },
      { width: 1024, height: 640 },
      want,
    );
    // Its right edge at 402 (column minus margin): starts at 142, 158px left of the button.
    expect(fit.left).toBe(-158);
    expect(fit.width).toBe(260);
    expect(fit.maxHeight).toBe(640 - 500 - 8);
    const narrow = fitPopover(
      { left: 20, right: 80, bottom: 100 },
      { left: 0, right: 200 },
      { width: 1024, height: 640 },
      want,
    );
    expect(narrow.width).toBe(184);
    expect(narrow.left).toBe(-12);
  });
});
