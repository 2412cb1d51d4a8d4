export interface FocusableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/**
 * `app.on('second-instance')`: a second launch brings the existing window forward instead of opening
 * another copy that would fight over the same settings file and quota ledger. Returns whether a window
 * was there to focus.
 */
export function focusWindow(win: FocusableWindow | null | undefined): boolean {
  if (!win || win.isDestroyed()) return false;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
  return true;
}
