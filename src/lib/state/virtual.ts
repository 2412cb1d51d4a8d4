/**
 * Windowing math for the customer list: which rows to put in the DOM for a scroll position, so
 * 50,000 customers cost as much as ~30. Rows have a fixed height, so this is pure arithmetic.
 */
export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  count: number;
  /** Extra rows rendered above and below the viewport so fast scrolling doesn't show gaps. */
  overscan: number;
  /** Hard cap on rendered rows, whatever the viewport height. */
  maxRows: number;
}

export interface WindowRange {
  /** First rendered index (inclusive). */
  start: number;
  /** Last rendered index (exclusive). */
  end: number;
  /** translateY of the first rendered row. */
  offset: number;
  /** Height of the whole scrollable spacer. */
  totalHeight: number;
}

export function virtualWindow(input: WindowInput): WindowRange {
  const { rowHeight, count } = input;
  const totalHeight = Math.max(0, count) * rowHeight;
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, offset: 0, totalHeight };
  const maxScroll = Math.max(0, totalHeight - input.viewportHeight);
  const scrollTop = Math.min(Math.max(0, input.scrollTop), maxScroll);
  const firstVisible = Math.floor(scrollTop / rowHeight);
  const visibleRows = Math.ceil(Math.max(0, input.viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, firstVisible - input.overscan);
  const end = Math.min(count, firstVisible + visibleRows + input.overscan, start + input.maxRows);
  return { start, end, offset: start * rowHeight, totalHeight };
}

/**
 * The scrollTop that brings row `index` fully into view, or null when it already is — so keyboard
 * navigation scrolls only as much as needed and never jumps.
 */
export function scrollToReveal(
  index: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
): number | null {
  if (index < 0) return null;
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return null;
}

/**
 * Whether scrolling to `scrollTop` leaves none of the `rendered` rows in view: a jump (the scrollbar
 * dragged, End, a search result far down) rather than a scroll. After a jump every row is new, so the
 * list makes only the rows in view and adds the overscan once it is still.
 */
export function isJump(
  rendered: Pick<WindowRange, 'start' | 'end'>,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
): boolean {
  if (rowHeight <= 0) return false;
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const end = Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewportHeight)) / rowHeight);
  return first >= rendered.end || end <= rendered.start;
}
