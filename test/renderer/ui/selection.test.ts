/**
 * The list's multi-selection: click, Ctrl/Cmd+click, Shift+click ranges in view order, Ctrl/Cmd+A,
 * Esc, the keyboard (Shift+arrows, Space), and what a search or filter change unselects.
 */
import { describe, expect, it } from 'vitest';
import type { SearchQuery } from '$lib/data/types';
import { SearchIndex } from '$lib/search/index';
import { CustomerListState } from '$lib/state/list.svelte';
import { runListboxKey } from '$lib/state/listbox-keys';
import { ListSelection } from '$lib/state/selection.svelte';
import { selectionText } from '$lib/state/selection-text';
import { customer } from '../search/customer';
import SelectionBar from '$lib/components/list/SelectionBar.svelte';
import { all, renderHtml, textOf } from './html';

const plain = { ctrlKey: false, metaKey: false, shiftKey: false };
const ctrl = { ...plain, ctrlKey: true };
const meta = { ...plain, metaKey: true };
const shift = { ...plain, shiftKey: true };

/** c0..c(n-1) named so that the name order is the reverse of the ids' order. */
function listOf(n: number): CustomerListState {
  const index = new SearchIndex();
  index.load(
    Array.from({ length: n }, (_, i) =>
      customer(`c${i}`, { first_name: `N${String(n - i).padStart(6, '0')}`, tags: i % 2 ? ['odd'] : [] }),
    ),
  );
  return new CustomerListState({ search: (q: SearchQuery) => index.search(q) });
}

function keys(list: CustomerListState, selection: ListSelection) {
  const opened: string[] = [];
  const press = (key: string, mods: Partial<typeof plain> = {}): boolean =>
    runListboxKey(
      { key, altKey: false, ...plain, ...mods },
      {
        list,
        selection,
        pageRows: 5,
        onselect: (id) => opened.push(id),
        choose: (id) => opened.push(`open:${id}`),
        onsearch: () => opened.push('search'),
        reveal: () => undefined,
      },
    );
  return { press, opened };
}

describe('the selection by mouse', () => {
  it('a click selects one and opens it; Ctrl/Cmd+click toggles without opening', () => {
    const list = listOf(6);
    const s = new ListSelection();
    const r = list.results;
    expect(s.pointer(r, 'c2', plain)).toBe(true);
    expect(s.inViewOrder(r)).toEqual(['c2']);
    expect(s.pointer(r, 'c4', ctrl)).toBe(false);
    expect(s.pointer(r, 'c0', meta)).toBe(false);
    expect(s.count).toBe(3);
    s.pointer(r, 'c4', ctrl);
    expect(s.has('c4')).toBe(false);
    // View order (by name) is c5, c4, … c0.
    expect(s.inViewOrder(r)).toEqual(['c2', 'c0']);
    expect(s.pointer(r, 'c1', plain)).toBe(true);
    expect(s.inViewOrder(r)).toEqual(['c1']);
  });

  it('Shift+click selects the range from the anchor in view order; Ctrl+Shift adds it', () => {
    const list = listOf(8);
    const s = new ListSelection();
    const r = list.results;
    s.pointer(r, 'c6', plain);
    s.pointer(r, 'c3', shift);
    expect(s.inViewOrder(r)).toEqual(['c6', 'c5', 'c4', 'c3']);
    // The anchor stays: a second Shift+click replaces the range.
    s.pointer(r, 'c7', shift);
    expect(s.inViewOrder(r)).toEqual(['c7', 'c6']);
    s.pointer(r, 'c0', ctrl);
    s.pointer(r, 'c2', { ...ctrl, shiftKey: true });
    expect(s.inViewOrder(r)).toEqual(['c7', 'c6', 'c2', 'c1', 'c0']);
  });

  it('a range after a filter change is taken in the new view order, from an anchor still in it', () => {
    const list = listOf(10);
    const s = new ListSelection();
    s.pointer(list.results, 'c9', plain);
    list.tags = ['odd'];
    s.keepIn(list.results, true);
    // c9 is odd: it stays, and is still the anchor.
    expect(s.count).toBe(1);
    s.pointer(list.results, 'c3', shift);
    expect(s.inViewOrder(list.results)).toEqual(['c9', 'c7', 'c5', 'c3']);
    // An anchor the view dropped: Shift+click starts over from the clicked row.
    s.pointer(list.results, 'c8', plain);
    list.tags = ['odd'];
    list.text = 'N000001';
    s.keepIn(list.results, true);
    expect(s.count).toBe(0);
  });
});

describe('Ctrl/Cmd+A, Esc and the view changing', () => {
  it('selects everything in a view of 50,000 and lists it in view order', () => {
    const list = listOf(50_000);
    const s = new ListSelection();
    s.all(list.results);
    expect(s.count).toBe(50_000);
    const ids = s.inViewOrder(list.results);
    expect(ids.length).toBe(50_000);
    expect(ids[0]).toBe('c49999');
    expect(ids.at(-1)).toBe('c0');
  });

  it('a search unselects what it hides and says so; a data change unselects silently', () => {
    const list = listOf(10);
    const s = new ListSelection();
    s.all(list.results);
    list.tags = ['odd'];
    s.keepIn(list.results, true);
    expect(s.count).toBe(5);
    expect(s.dropped).toBe(5);
    expect(selectionText(s.count, s.dropped)).toEqual({
      count: '5 selected',
      dropped: '5 no longer in the list were unselected',
    });
    // Widening the search again does not bring them back.
    list.tags = [];
    s.keepIn(list.results, true);
    expect(s.count).toBe(5);
    // A new selection forgets what the last search dropped.
    s.toggle('c0');
    expect(s.dropped).toBe(0);
  });

  it('Ctrl+A and Esc from the keyboard; Esc with one selected goes to the search box', () => {
    const list = listOf(6);
    const s = new ListSelection();
    const { press, opened } = keys(list, s);
    expect(press('a', { ctrlKey: true })).toBe(true);
    expect(s.count).toBe(6);
    press('Escape');
    expect(s.count).toBe(0);
    s.only('c3');
    press('Escape');
    expect(opened).toEqual(['search']);
    expect(s.count).toBe(1);
  });

  it('follows a temporary id to the Rotor id it became', () => {
    const s = new ListSelection();
    s.only('local:1');
    s.rename('local:1', 'r1');
    expect([s.has('r1'), s.has('local:1'), s.anchor]).toEqual([true, false, 'r1']);
  });
});

describe('the selection by keyboard', () => {
  it('arrows select the cursor’s row; Shift+arrows extend from the anchor; Space toggles', () => {
    const list = listOf(8);
    const s = new ListSelection();
    const { press, opened } = keys(list, s);
    press('ArrowDown');
    press('ArrowDown');
    expect(s.inViewOrder(list.results)).toEqual(['c6']);
    expect(opened).toEqual(['c7', 'c6']);
    press('ArrowDown', { shiftKey: true });
    press('ArrowDown', { shiftKey: true });
    expect(s.inViewOrder(list.results)).toEqual(['c6', 'c5', 'c4']);
    press('ArrowUp', { shiftKey: true });
    expect(s.inViewOrder(list.results)).toEqual(['c6', 'c5']);
    // Ctrl+arrows move only the cursor; Space adds its row.
    press('ArrowDown', { ctrlKey: true });
    press('ArrowDown', { ctrlKey: true });
    press(' ');
    expect(s.inViewOrder(list.results)).toEqual(['c6', 'c5', 'c3']);
    press(' ');
    expect(s.inViewOrder(list.results)).toEqual(['c6', 'c5']);
    // Shift+arrows never opened anything: the detail stays on the customer it showed.
    expect(opened).toEqual(['c7', 'c6']);
    press('Enter');
    expect(opened.at(-1)).toBe('open:c3');
  });
});

describe('the selection bar', () => {
  it('keeps a space between the count and what was unselected', () => {
    const noop = (): void => undefined;
    const bar = renderHtml(SelectionBar, {
      count: 0,
      dropped: 2,
      onclear: noop,
      onbulk: noop,
      onexport: noop,
    });
    const [line] = all(bar, (el) => el.attrs['data-testid'] === 'selection-count');
    expect(line && textOf(line)).toBe(`${selectionText(0, 2).count} · ${selectionText(0, 2).dropped}`);
  });
});
