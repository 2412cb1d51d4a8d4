import type { WindowBounds } from '@contract/settings';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DisplayLike {
  workArea: Rect;
}

export const DEFAULT_WIDTH = 1280;
export const DEFAULT_HEIGHT = 800;
/** Match WindowBoundsSchema's minimums, so saved bounds always pass validation. */
export const MIN_WIDTH = 400;
export const MIN_HEIGHT = 300;
const MAX_SIZE = 20_000;
/** How much of the window's top must be on a screen for the user to grab and move it. */
const TITLE_BAR_HEIGHT = 40;
const MIN_GRAB_WIDTH = 100;

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);

function isFiniteRect(r: Rect): boolean {
  return [r.x, r.y, r.width, r.height].every(Number.isFinite);
}

function titleBarOn(b: Rect, area: Rect): boolean {
  const overlap = Math.min(b.x + b.width, area.x + area.width) - Math.max(b.x, area.x);
  const topInside = b.y >= area.y && b.y + TITLE_BAR_HEIGHT <= area.y + area.height;
  return topInside && overlap >= Math.min(MIN_GRAB_WIDTH, b.width);
}

function centred(area: Rect): WindowBounds {
  const width = Math.max(MIN_WIDTH, Math.min(DEFAULT_WIDTH, area.width));
  const height = Math.max(MIN_HEIGHT, Math.min(DEFAULT_HEIGHT, area.height));
  return {
    x: Math.round(area.x + (area.width - width) / 2),
    y: Math.round(area.y + (area.height - height) / 2),
    width,
    height,
    maximized: false,
  };
}

/**
 * Where to open the window. Saved bounds are kept when their title bar is still on one of the current
 * displays (a monitor may have been unplugged since); a window larger than that display is shrunk and
 * pulled onto it. Otherwise: 1280×800 centred on the first display, which callers make the primary.
 */
export function restoreBounds(saved: WindowBounds | null, displays: readonly DisplayLike[]): WindowBounds {
  const primary = displays[0]?.workArea;
  if (!primary) return { x: 0, y: 0, width: DEFAULT_WIDTH, height: DEFAULT_HEIGHT, maximized: false };
  if (!saved || !isFiniteRect(saved)) return centred(primary);
  const home = displays.map((d) => d.workArea).find((area) => titleBarOn(saved, area));
  if (!home) return centred(primary);
  const width = clamp(Math.round(saved.width), MIN_WIDTH, Math.max(MIN_WIDTH, home.width));
  const height = clamp(Math.round(saved.height), MIN_HEIGHT, Math.max(MIN_HEIGHT, home.height));
  const shrunk = width < saved.width || height < saved.height;
  return {
    x: shrunk ? clamp(Math.round(saved.x), home.x, home.x + home.width - width) : Math.round(saved.x),
    y: shrunk ? clamp(Math.round(saved.y), home.y, home.y + home.height - height) : Math.round(saved.y),
    width,
    height,
    maximized: saved.maximized === true,
  };
}

/** The primary display first, then the others: restoreBounds centres a new window on the first. */
export function primaryFirst<D extends { id: number }>(primary: D, all: readonly D[]): D[] {
  return [primary, ...all.filter((d) => d.id !== primary.id)];
}

export interface BoundsSource {
  /** The un-maximized, un-minimized bounds, so a maximized window restores to its normal size. */
  getNormalBounds(): Rect;
  isMaximized(): boolean;
}

export function boundsToSave(win: BoundsSource): WindowBounds {
  const b = win.getNormalBounds();
  return {
    x: Math.round(b.x),
    y: Math.round(b.y),
    width: clamp(Math.round(b.width), MIN_WIDTH, MAX_SIZE),
    height: clamp(Math.round(b.height), MIN_HEIGHT, MAX_SIZE),
    maximized: win.isMaximized(),
  };
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface BoundsSaver {
  /** A move or resize happened: save once things have been still for `delayMs`. */
  schedule(): void;
  /** Save now (the window is closing), cancelling any pending save. */
  flush(): void;
  /** Drop a pending save without saving. */
  cancel(): void;
}

/**
 * Debounces saving: a drag fires dozens of move events a second, and each save writes the settings file.
 * Bounds are read when the save happens, so the last position wins.
 */
export function createBoundsSaver(opts: {
  read: () => WindowBounds;
  save: (bounds: WindowBounds) => void;
  delayMs?: number;
  timers?: Timers;
  onError?: (error: unknown) => void;
}): BoundsSaver {
  const timers = opts.timers ?? realTimers;
  const delayMs = opts.delayMs ?? 500;
  let pending: unknown = null;

  const cancel = () => {
    if (pending !== null) timers.clearTimeout(pending);
    pending = null;
  };
  const saveNow = () => {
    pending = null;
    try {
      opts.save(opts.read());
    } catch (error) {
      opts.onError?.(error);
    }
  };
  return {
    schedule() {
      cancel();
      pending = timers.setTimeout(saveNow, delayMs);
    },
    flush() {
      cancel();
      saveNow();
    },
    cancel,
  };
}
