/**
 * Cross-window mutual exclusion. In a browser window (Electron renderer, Chromium via the browser
 * host) this is the Web Locks API, shared by every window and reload of the same origin. Where it is
 * missing, an in-process lock keeps at least this window single-flight.
 */

export interface LockLike {
  /** Runs `fn` holding `name`; with `ifAvailable`, runs `fn(false)` at once when someone else holds it. */
  request<T>(
    name: string,
    options: { ifAvailable?: boolean },
    fn: (granted: boolean) => Promise<T>,
  ): Promise<T>;
}

interface WebLockManager {
  request(
    name: string,
    options: { ifAvailable?: boolean },
    cb: (lock: unknown) => Promise<unknown>,
  ): Promise<unknown>;
}

export function webLocks(): LockLike | null {
  const nav = (globalThis as { navigator?: { locks?: WebLockManager } }).navigator;
  const locks = nav?.locks;
  if (!locks || typeof locks.request !== 'function') return null;
  return {
    request<T>(name: string, options: { ifAvailable?: boolean }, fn: (granted: boolean) => Promise<T>) {
      return locks.request(name, options, (lock) => fn(lock !== null)) as Promise<T>;
    },
  };
}

/** Exclusive locks within one JavaScript realm, with the same contract as the Web Locks API. */
export function memoryLocks(): LockLike {
  const tails = new Map<string, Promise<unknown>>();
  const held = new Set<string>();
  return {
    async request<T>(name: string, options: { ifAvailable?: boolean }, fn: (granted: boolean) => Promise<T>) {
      if (options.ifAvailable && (held.has(name) || tails.has(name))) return fn(false);
      const before = tails.get(name) ?? Promise.resolve();
      let release!: () => void;
      const mine = new Promise<void>((r) => (release = r));
      const tail = before.then(() => mine);
      tails.set(name, tail);
      await before;
      held.add(name);
      try {
        return await fn(true);
      } finally {
        held.delete(name);
        release();
        if (tails.get(name) === tail) tails.delete(name);
      }
    },
  };
}
