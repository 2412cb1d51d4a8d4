/**
 * Where a popover opening below its button fits: inside its column sideways, inside the window below,
 * at most its preferred size, so a narrow list column or a short window never pushes it off-screen
 * or over the next pane. Positions are the button's coordinates; `left` is relative to the button.
 */
export interface PopoverFit {
  left: number;
  width: number;
  maxHeight: number;
}

interface Box {
  left: number;
  right: number;
}

export function fitPopover(
  button: Box & { bottom: number },
  column: Box,
  window: { width: number; height: number },
  want: { width: number; maxHeight: number; margin: number; minWidth: number; minHeight: number },
): PopoverFit {
  const right = Math.min(column.right, window.width) - want.margin;
  const leftEdge = Math.max(column.left, 0) + want.margin;
  const width = Math.max(want.minWidth, Math.min(want.width, right - leftEdge));
  const left = Math.max(leftEdge, Math.min(button.left, right - width)) - button.left;
  const below = window.height - button.bottom - want.margin;
  const maxHeight = Math.max(want.minHeight, Math.min(want.maxHeight, below));
  return { left, width, maxHeight };
}
