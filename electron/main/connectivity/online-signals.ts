import type { Platform } from '../services/platform';

type Signals = NonNullable<Platform['connectivitySignals']>;

export interface IntervalTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const realTimers: IntervalTimers = {
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

export const ONLINE_POLL_MS = 30_000;

/**
 * Online/offline signals for Electron's main process. Main has no online/offline events (those live on
 * a renderer's `window`), and relying on the renderer would let a page decide main's connectivity, so
 * main polls `net.isOnline()` — a cheap local check, no request, no quota — and also checks right after
 * the machine resumes from sleep, when the network has most likely changed.
 */
export function createOnlineSignals(deps: {
  isOnline(): boolean;
  onResume(callback: () => void): () => void;
  intervalMs?: number;
  timers?: IntervalTimers;
}): { signals: Signals; poll(): void; dispose(): void } {
  const timers = deps.timers ?? realTimers;
  const online = new Set<() => void>();
  const offline = new Set<() => void>();
  let last = deps.isOnline();

  const poll = () => {
    const now = deps.isOnline();
    if (now === last) return;
    last = now;
    for (const cb of [...(now ? online : offline)]) cb();
  };
  const timer = timers.setInterval(poll, deps.intervalMs ?? ONLINE_POLL_MS);
  const stopResume = deps.onResume(poll);

  const subscribe = (set: Set<() => void>) => (cb: () => void) => {
    // A wrapper per subscription, so subscribing the same function twice unsubscribes independently.
    const entry = () => cb();
    set.add(entry);
    return () => void set.delete(entry);
  };

  return {
    signals: {
      isOnline: () => deps.isOnline(),
      onOnline: subscribe(online),
      onOffline: subscribe(offline),
      onResume: (cb) => deps.onResume(cb),
    },
    poll,
    dispose() {
      timers.clearInterval(timer);
      stopResume();
      online.clear();
      offline.clear();
    },
  };
}
