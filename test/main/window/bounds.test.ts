import { describe, expect, it, vi } from 'vitest';
import { WindowBoundsSchema } from '@contract/settings';
import type { WindowBounds } from '@contract/settings';
import {
  boundsToSave,
  createBoundsSaver,
  primaryFirst,
  restoreBounds,
} from '../../../electron/main/window/bounds';
import { manualTimers } from './fake-timers';

const PRIMARY = { workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
const RIGHT = { workArea: { x: 1920, y: 0, width: 2560, height: 1400 } };
const LEFT = { workArea: { x: -1680, y: 0, width: 1680, height: 1010 } };

const saved = (b: Partial<WindowBounds>): WindowBounds => ({
  x: 100,
  y: 100,
  width: 1000,
  height: 700,
  maximized: false,
  ...b,
});

describe('restoreBounds', () => {
  it('centres a 1280×800 window on the primary display when nothing was saved', () => {
    expect(restoreBounds(null, [PRIMARY, RIGHT])).toEqual({
      x: 320,
      y: 120,
      width: 1280,
      height: 800,
      maximized: false,
    });
  });

  it('centres within the work area, not the whole screen (menu bar, taskbar)', () => {
    const mac = { workArea: { x: 0, y: 25, width: 1440, height: 875 } };
    expect(restoreBounds(null, [mac])).toEqual({ x: 80, y: 63, width: 1280, height: 800, maximized: false });
  });

  it('fits the default window to a small display', () => {
    const small = { workArea: { x: 0, y: 0, width: 1024, height: 700 } };
    expect(restoreBounds(null, [small])).toEqual({ x: 0, y: 0, width: 1024, height: 700, maximized: false });
  });

  it('keeps saved bounds that are on a current display, including maximized', () => {
    const b = saved({ x: 200, y: 50, maximized: true });
    expect(restoreBounds(b, [PRIMARY])).toEqual(b);
  });

  it('keeps a window saved on a secondary display while that display is connected', () => {
    const b = saved({ x: 2500, y: 200 });
    expect(restoreBounds(b, [PRIMARY, RIGHT])).toEqual(b);
    expect(restoreBounds(saved({ x: -1500, y: 100 }), [PRIMARY, LEFT])).toEqual(saved({ x: -1500, y: 100 }));
  });

  it('falls back to the centred default when that display is gone', () => {
    expect(restoreBounds(saved({ x: 2500, y: 200 }), [PRIMARY])).toEqual(restoreBounds(null, [PRIMARY]));
  });

  it('keeps a window hanging partly off the edge if enough of its title bar is reachable', () => {
    const b = saved({ x: -800, y: 100 });
    expect(restoreBounds(b, [PRIMARY])).toEqual(b);
  });

  it.each([
    ['title bar above the screen', saved({ y: -100 })],
    ['only 20 px on screen at the right', saved({ x: 1900 })],
    ['title bar below the bottom', saved({ y: 1030 })],
    ['entirely off to the left', saved({ x: -5000 })],
  ])('falls back when %s', (_label, b) => {
    expect(restoreBounds(b, [PRIMARY])).toEqual(restoreBounds(null, [PRIMARY]));
  });

  it('shrinks a window larger than its display and pulls it onto it', () => {
    const b = saved({ x: 500, y: 10, width: 3000, height: 2000, maximized: true });
    expect(restoreBounds(b, [PRIMARY])).toEqual({ x: 0, y: 0, width: 1920, height: 1040, maximized: true });
  });

  it('ignores saved bounds that are not finite numbers', () => {
    expect(restoreBounds(saved({ x: Number.NaN }), [PRIMARY])).toEqual(restoreBounds(null, [PRIMARY]));
  });

  it('still answers when no display is reported', () => {
    expect(restoreBounds(saved({}), [])).toEqual({ x: 0, y: 0, width: 1280, height: 800, maximized: false });
  });
});

describe('primaryFirst', () => {
  it('puts the primary display first and keeps the others once', () => {
    const a = { id: 1 };
    const b = { id: 2 };
    const c = { id: 3 };
    expect(primaryFirst(b, [a, b, c])).toEqual([b, a, c]);
  });
});

describe('boundsToSave', () => {
  it('saves the normal bounds of a maximized window, so un-maximizing restores its size', () => {
    const win = {
      getNormalBounds: () => ({ x: 10.4, y: 20.6, width: 1100.2, height: 780.7 }),
      isMaximized: () => true,
    };
    expect(boundsToSave(win)).toEqual({ x: 10, y: 21, width: 1100, height: 781, maximized: true });
  });

  it('always produces bounds the settings schema accepts', () => {
    const tiny = {
      getNormalBounds: () => ({ x: -3, y: 4, width: 120, height: 90 }),
      isMaximized: () => false,
    };
    const result = boundsToSave(tiny);
    expect(WindowBoundsSchema.safeParse(result).success).toBe(true);
    expect(result).toEqual({ x: -3, y: 4, width: 400, height: 300, maximized: false });
  });
});

describe('createBoundsSaver', () => {
  function setup() {
    const timers = manualTimers();
    let current = saved({ x: 1 });
    const save = vi.fn();
    const onError = vi.fn();
    const saver = createBoundsSaver({ read: () => current, save, delayMs: 500, timers, onError });
    return { timers, save, onError, saver, move: (x: number) => (current = saved({ x })) };
  }

  it('saves once after a burst of moves, with the last position', () => {
    const { timers, save, saver, move } = setup();
    for (const x of [2, 3, 4]) {
      move(x);
      saver.schedule();
    }
    expect(save).not.toHaveBeenCalled();
    expect(timers.pendingTimeouts()).toEqual([500]);
    timers.fireTimeouts();
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith(saved({ x: 4 }));
  });

  it('flush saves at once and cancels the pending save', () => {
    const { timers, save, saver, move } = setup();
    saver.schedule();
    move(9);
    saver.flush();
    expect(save).toHaveBeenCalledWith(saved({ x: 9 }));
    expect(timers.pendingTimeouts()).toEqual([]);
    timers.fireTimeouts();
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('cancel drops a pending save', () => {
    const { timers, save, saver } = setup();
    saver.schedule();
    saver.cancel();
    timers.fireTimeouts();
    expect(save).not.toHaveBeenCalled();
  });

  it('reports a failing save instead of throwing from an event handler', () => {
    const { save, saver, onError } = setup();
    const failure = new Error('disk full');
    save.mockImplementation(() => {
      throw failure;
    });
    expect(() => saver.flush()).not.toThrow();
    expect(onError).toHaveBeenCalledWith(failure);
  });
});
