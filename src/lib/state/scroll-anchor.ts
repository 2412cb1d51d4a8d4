/**
 * Keeping the list still while its results change under the same query (a sync page arriving, an
 * edit, another window): the row the user is looking at — the cursor's when it is on screen, else the
 * first on screen — is remembered with its distance from the viewport's top and put back there after
 * the change. New rows that sort above it land above the viewport instead of pushing it down.
 *
 * At the very top of the list with no cursor on screen nothing is held, as browsers do, so customers
 * that arrive at the top of a complete list are seen — except while a full refresh is still filling
 * the cache (`holdTop`): then pages keep arriving all over the order, and holding the top rows is
 * what stops them reshuffling. Rows have a fixed height, so this is arithmetic on indexes.
 */
export interface ScrollAnchor {
  id: string;
  /** The row's top minus the viewport's scrollTop (negative when partly scrolled off). */
  offset: number;
}

/** Ids by position: a search result, or an array. */
export interface Positions {
  at(i: number): string | undefined;
  indexOf(id: string): number;
}

export function anchorOf(
  ids: Positions,
  view: { scrollTop: number; height: number; rowHeight: number; activeIndex: number; holdTop: boolean },
): ScrollAnchor | null {
  const { scrollTop, height, rowHeight, activeIndex } = view;
  const activeTop = activeIndex * rowHeight;
  const activeOnScreen =
    activeIndex >= 0 && activeTop >= scrollTop && activeTop + rowHeight <= scrollTop + height;
  if (!activeOnScreen && scrollTop <= 0 && !view.holdTop) return null;
  const index = activeOnScreen ? activeIndex : Math.floor(Math.max(0, scrollTop) / rowHeight);
  const id = ids.at(index);
  return id === undefined ? null : { id, offset: index * rowHeight - scrollTop };
}

/** The scrollTop that puts the anchor's row back where it was in `ids`, or null when it is gone. */
export function anchoredScrollTop(anchor: ScrollAnchor, ids: Positions, rowHeight: number): number | null {
  const at = ids.indexOf(anchor.id);
  return at < 0 ? null : Math.max(0, at * rowHeight - anchor.offset);
}
