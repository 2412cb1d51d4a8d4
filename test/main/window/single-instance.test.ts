import { describe, expect, it, vi } from 'vitest';
import { focusWindow } from '../../../electron/main/window/single-instance';

function fakeWindow(state: { minimized?: boolean; destroyed?: boolean } = {}) {
  return {
    isDestroyed: () => state.destroyed ?? false,
    isMinimized: () => state.minimized ?? false,
    restore: vi.fn(),
    show: vi.fn(),
    focus: vi.fn(),
  };
}

describe('focusWindow', () => {
  it('restores a minimized window, then shows and focuses it', () => {
    const win = fakeWindow({ minimized: true });
    expect(focusWindow(win)).toBe(true);
    expect(win.restore).toHaveBeenCalledTimes(1);
    expect(win.show).toHaveBeenCalledTimes(1);
    expect(win.focus).toHaveBeenCalledTimes(1);
  });

  it('does not restore a window that is not minimized (that would un-maximize it)', () => {
    const win = fakeWindow();
    expect(focusWindow(win)).toBe(true);
    expect(win.restore).not.toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalledTimes(1);
  });

  it('does nothing when there is no live window yet', () => {
    const win = fakeWindow({ destroyed: true });
    expect(focusWindow(win)).toBe(false);
    expect(win.focus).not.toHaveBeenCalled();
    expect(focusWindow(null)).toBe(false);
  });
});
