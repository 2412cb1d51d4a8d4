import { describe, expect, it } from 'vitest';
import {
  isNavKey,
  isSaveShortcut,
  isSearchShortcut,
  isTypingTarget,
  listboxKeyAction,
  nextIndex,
  searchKeyAction,
} from '$lib/state/keyboard';

describe('nextIndex', () => {
  it('starts at the top going down and at the bottom going up', () => {
    expect(nextIndex(-1, 'ArrowDown', 10, 5)).toBe(0);
    expect(nextIndex(-1, 'ArrowUp', 10, 5)).toBe(9);
    expect(nextIndex(-1, 'End', 10, 5)).toBe(9);
  });

  it('moves by one, by a page, and to the ends', () => {
    expect(nextIndex(3, 'ArrowDown', 10, 5)).toBe(4);
    expect(nextIndex(3, 'ArrowUp', 10, 5)).toBe(2);
    expect(nextIndex(3, 'PageDown', 10, 5)).toBe(8);
    expect(nextIndex(8, 'PageDown', 10, 5)).toBe(9);
    expect(nextIndex(3, 'PageUp', 10, 5)).toBe(0);
    expect(nextIndex(3, 'Home', 10, 5)).toBe(0);
    expect(nextIndex(3, 'End', 10, 5)).toBe(9);
  });

  it('stops at the ends instead of wrapping', () => {
    expect(nextIndex(9, 'ArrowDown', 10, 5)).toBe(9);
    expect(nextIndex(0, 'ArrowUp', 10, 5)).toBe(0);
  });

  it('recovers when the list shrank under the cursor', () => {
    expect(nextIndex(20, 'ArrowDown', 10, 5)).toBe(0);
  });

  it('has nothing to move to in an empty list', () => {
    expect(nextIndex(0, 'ArrowDown', 0, 5)).toBe(-1);
  });

  it('knows its keys', () => {
    expect(isNavKey('PageDown')).toBe(true);
    expect(isNavKey('Enter')).toBe(false);
  });
});

const key = (
  k: string,
  mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {},
) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('shortcuts', () => {
  it('treats text fields as typing targets, but not checkboxes or buttons', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'search' })).toBe(true);
    expect(isTypingTarget({ tagName: 'input' })).toBe(true);
    expect(isTypingTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });

  it('opens search with Ctrl/Cmd+K anywhere and "/" outside text fields', () => {
    expect(isSearchShortcut(key('k', { ctrlKey: true }), { tagName: 'INPUT' })).toBe(true);
    expect(isSearchShortcut(key('K', { metaKey: true }), null)).toBe(true);
    expect(isSearchShortcut(key('/'), { tagName: 'DIV' })).toBe(true);
    expect(isSearchShortcut(key('/'), { tagName: 'INPUT', type: 'text' })).toBe(false);
    expect(isSearchShortcut(key('k'), { tagName: 'DIV' })).toBe(false);
    expect(isSearchShortcut(key('k', { ctrlKey: true, altKey: true }), null)).toBe(false);
  });

  it('saves with Ctrl/Cmd+S', () => {
    expect(isSaveShortcut(key('s', { ctrlKey: true }))).toBe(true);
    expect(isSaveShortcut(key('S', { metaKey: true }))).toBe(true);
    expect(isSaveShortcut(key('s'))).toBe(false);
  });
});

describe('the customer listbox keys', () => {
  it('moves with the arrows, Home/End and PageUp/Down', () => {
    for (const k of ['ArrowDown', 'PageDown', 'PageUp', 'Home', 'End'] as const) {
      expect(listboxKeyAction(key(k), 3)).toEqual({ do: 'move', key: k });
    }
    expect(listboxKeyAction(key('ArrowUp'), 3)).toEqual({ do: 'move', key: 'ArrowUp' });
  });

  it('goes back to the search box with ↑ on the first row (or no cursor) and with Esc', () => {
    expect(listboxKeyAction(key('ArrowUp'), 0)).toEqual({ do: 'search' });
    expect(listboxKeyAction(key('ArrowUp'), -1)).toEqual({ do: 'search' });
    expect(listboxKeyAction(key('Escape'), 5)).toEqual({ do: 'search' });
  });

  it('opens the customer under the cursor with Enter; Space toggles its row in the selection', () => {
    expect(listboxKeyAction(key('Enter'), 2)).toEqual({ do: 'choose' });
    expect(listboxKeyAction(key(' '), 2)).toEqual({ do: 'toggle' });
  });

  it('selects: Ctrl/Cmd+A all, Shift+arrows extend, Ctrl+arrows move only the cursor, Esc clears several', () => {
    expect(listboxKeyAction(key('a', { ctrlKey: true }), 2)).toEqual({ do: 'select-all' });
    expect(listboxKeyAction(key('A', { metaKey: true }), 2)).toEqual({ do: 'select-all' });
    expect(listboxKeyAction(key('ArrowDown', { shiftKey: true }), 2)).toEqual({
      do: 'extend',
      key: 'ArrowDown',
    });
    expect(listboxKeyAction(key('ArrowUp', { shiftKey: true }), 0)).toEqual({ do: 'extend', key: 'ArrowUp' });
    expect(listboxKeyAction(key('ArrowDown', { ctrlKey: true }), 2)).toEqual({
      do: 'cursor',
      key: 'ArrowDown',
    });
    expect(listboxKeyAction(key('Escape'), 2, 3)).toEqual({ do: 'clear' });
    expect(listboxKeyAction(key('Escape'), 2, 1)).toEqual({ do: 'search' });
  });

  it('sends typing to the search box, but not "/" (the search shortcut) or named keys', () => {
    expect(listboxKeyAction(key('a'), 2)).toEqual({ do: 'type-ahead' });
    expect(listboxKeyAction(key('7'), 2)).toEqual({ do: 'type-ahead' });
    expect(listboxKeyAction(key('/'), 2)).toBeNull();
    expect(listboxKeyAction(key('Tab'), 2)).toBeNull();
  });

  it('leaves modified keys to the app and the system', () => {
    expect(listboxKeyAction(key('Enter', { metaKey: true }), 2)).toBeNull();
    expect(listboxKeyAction(key('a', { altKey: true }), 2)).toBeNull();
  });
});

describe('the search box keys', () => {
  it('moves into the results with ↓ and opens one with Enter, only when there are results', () => {
    expect(searchKeyAction('ArrowDown', 4, 'ada')).toBe('enter-list');
    expect(searchKeyAction('Enter', 4, 'ada')).toBe('open');
    expect(searchKeyAction('ArrowDown', 0, 'ada')).toBeNull();
    expect(searchKeyAction('Enter', 0, 'ada')).toBeNull();
  });

  it('clears the text with Esc, and leaves Esc alone when there is none', () => {
    expect(searchKeyAction('Escape', 4, 'ada')).toBe('clear');
    expect(searchKeyAction('Escape', 4, '')).toBeNull();
    expect(searchKeyAction('a', 4, 'ada')).toBeNull();
  });
});
