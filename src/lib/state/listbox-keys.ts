/**
 * Carries out a key press in the customer listbox (keyboard.ts says what it asks for): the cursor
 * moves on the list state, the selection (selection.svelte.ts) follows the rules of a multi-select
 * listbox, and the component is told only what it must do itself (open, reveal, go to the search).
 */
import { listboxKeyAction } from './keyboard';
import type { KeyInfo } from './keyboard';
import type { CustomerListState } from './list.svelte';
import type { ListSelection } from './selection.svelte';

export interface ListboxKeyHost {
  list: CustomerListState;
  selection: ListSelection;
  pageRows: number;
  /** The cursor moved onto a customer the detail should show. */
  onselect: (id: string) => void;
  /** Enter: open the customer and take focus to its details. */
  choose: (id: string) => void;
  onsearch: () => void;
  /** The cursor moved: scroll its row into view. */
  reveal: () => void;
}

/** Returns whether the key was the listbox's (the caller then prevents its default). */
export function runListboxKey(e: KeyInfo, host: ListboxKeyHost): boolean {
  const { list, selection } = host;
  const action = listboxKeyAction(e, list.activeIndex, selection.count);
  if (action === null) return false;
  switch (action.do) {
    case 'type-ahead':
      host.onsearch();
      return false;
    case 'search':
      host.onsearch();
      return true;
    case 'move': {
      const next = list.move(action.key, host.pageRows);
      if (next) {
        selection.only(next);
        host.onselect(next);
      }
      host.reveal();
      return true;
    }
    case 'extend': {
      const from = list.activeId;
      if (from && selection.anchor === null) selection.anchor = from;
      const next = list.move(action.key, host.pageRows);
      if (next) selection.range(list.results, next);
      host.reveal();
      return true;
    }
    case 'cursor':
      list.move(action.key, host.pageRows);
      host.reveal();
      return true;
    case 'toggle':
      if (list.activeId) selection.toggle(list.activeId);
      return true;
    case 'select-all':
      selection.all(list.results);
      return true;
    case 'clear':
      selection.clear();
      return true;
    case 'choose':
      if (list.activeId) host.choose(list.activeId);
      return true;
  }
}
