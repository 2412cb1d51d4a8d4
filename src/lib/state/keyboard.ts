/**
 * Keyboard navigation math and shortcut guards, kept free of the DOM's event types beyond what they read.
 */
export type NavKey = 'ArrowDown' | 'ArrowUp' | 'PageDown' | 'PageUp' | 'Home' | 'End';

export function isNavKey(key: string): key is NavKey {
  return ['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Home', 'End'].includes(key);
}

/**
 * The next active index in a list of `count` items. `current` -1 means nothing is active yet, in
 * which case moving down starts at the top and moving up starts at the bottom. Never wraps: at the
 * ends the index stays put, which is what screen-reader users expect from a listbox.
 */
export function nextIndex(current: number, key: NavKey, count: number, pageSize: number): number {
  if (count <= 0) return -1;
  const last = count - 1;
  const page = Math.max(1, pageSize);
  if (current < 0 || current > last) {
    return key === 'ArrowUp' || key === 'End' || key === 'PageUp' ? last : 0;
  }
  switch (key) {
    case 'ArrowDown':
      return Math.min(last, current + 1);
    case 'ArrowUp':
      return Math.max(0, current - 1);
    case 'PageDown':
      return Math.min(last, current + page);
    case 'PageUp':
      return Math.max(0, current - page);
    case 'Home':
      return 0;
    case 'End':
      return last;
  }
}

/** What a key press in the customer listbox asks for; the listbox component carries it out. */
export type ListboxKeyAction =
  | { do: 'move'; key: NavKey }
  /** Enter: open the customer under the cursor and take focus to its details. */
  | { do: 'choose' }
  /** ↑ from the first row, or Esc: back to the search box. */
  | { do: 'search' }
  /** A printable key: the search box takes focus and the key types there (so no preventDefault). */
  | { do: 'type-ahead' }
  /** Multi-selection (selection.svelte.ts): Space toggles the cursor's row, Ctrl/Cmd+A takes the view, */
  | { do: 'toggle' }
  | { do: 'select-all' }
  /** Esc with several selected clears them (a second Esc goes to the search box), */
  | { do: 'clear' }
  /** Shift+arrows extend from the anchor, Ctrl/Cmd+arrows move the cursor and leave the selection. */
  | { do: 'extend'; key: NavKey }
  | { do: 'cursor'; key: NavKey };

export function listboxKeyAction(e: KeyInfo, activeIndex: number, selected = 0): ListboxKeyAction | null {
  if (e.altKey) return null;
  if (e.ctrlKey || e.metaKey) {
    if (e.key.toLowerCase() === 'a' && !e.shiftKey) return { do: 'select-all' };
    return isNavKey(e.key) ? { do: 'cursor', key: e.key } : null;
  }
  if (e.shiftKey && isNavKey(e.key)) return { do: 'extend', key: e.key };
  if (e.key === 'ArrowUp' && activeIndex <= 0) return { do: 'search' };
  if (isNavKey(e.key)) return { do: 'move', key: e.key };
  if (e.key === 'Enter') return { do: 'choose' };
  if (e.key === ' ') return { do: 'toggle' };
  if (e.key === 'Escape') return selected > 1 ? { do: 'clear' } : { do: 'search' };
  // Like a file manager's type-ahead; "/" is the search shortcut itself.
  if (e.key.length === 1 && e.key !== '/') return { do: 'type-ahead' };
  return null;
}

/**
 * What a key press in the search box asks of the results: ↓ moves into them, Enter opens the match
 * under the cursor (or the best one), Esc clears the text. Null leaves the key to the text field.
 */
export function searchKeyAction(
  key: string,
  resultCount: number,
  text: string,
): 'enter-list' | 'open' | 'clear' | null {
  if (key === 'ArrowDown' && resultCount > 0) return 'enter-list';
  if (key === 'Enter' && resultCount > 0) return 'open';
  if (key === 'Escape' && text !== '') return 'clear';
  return null;
}

export interface TargetInfo {
  tagName: string;
  isContentEditable?: boolean;
  type?: string;
}

const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file']);

/** Whether a key press belongs to a text field, so a bare "/" there types a slash instead of searching. */
export function isTypingTarget(target: TargetInfo | null): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !NON_TEXT_INPUTS.has((target.type ?? 'text').toLowerCase());
  return false;
}

export interface KeyInfo {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey?: boolean;
}

/** Ctrl+K (Cmd+K on macOS), or "/" outside text fields: jump to the search box. */
export function isSearchShortcut(e: KeyInfo, target: TargetInfo | null): boolean {
  if (e.altKey) return false;
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') return true;
  return e.key === '/' && !e.ctrlKey && !e.metaKey && !isTypingTarget(target);
}

/** Ctrl+S / Cmd+S. */
export function isSaveShortcut(e: KeyInfo): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's';
}
