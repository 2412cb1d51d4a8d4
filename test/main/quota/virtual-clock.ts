/**
 * A virtual clock with one-shot timers, the shape of Platform['timers']: nothing runs until the test
 * advances it, and then every timer fires at its own time, in order. Records every arm and fire, so a test
 * can count wake-ups per simulated hour or day.
 */
export interface VirtualClock {
  now(): number;
  timers: { setTimeout(fn: () => void, ms: number): () => void };
  /** Delays every timer was armed with, in order. */
  armed: number[];
  /** Virtual times at which a timer fired. */
  fired: number[];
  pending(): number;
  /**
   * Moves time to `until`, firing due timers one at a time. After each fire it awaits `settle()`, which
   * lets the work the wake-up started finish (real I/O included) before time moves on.
   */
  advanceTo(until: number, settle?: () => Promise<void>): Promise<void>;
}

export function virtualClock(start: number): VirtualClock {
  let now = start;
  const timers = new Set<{ at: number; fn: () => void }>();
  const armed: number[] = [];
  const fired: number[] = [];
  return {
    now: () => now,
    armed,
    fired,
    pending: () => timers.size,
    timers: {
      setTimeout(fn, ms) {
        if (!Number.isFinite(ms) || ms < 0) throw new Error(`timer armed with ${ms} ms`);
        armed.push(ms);
        const timer = { at: now + ms, fn };
        timers.add(timer);
        return () => void timers.delete(timer);
      },
    },
    async advanceTo(until, settle = async () => {}) {
      for (;;) {
        let next: { at: number; fn: () => void } | undefined;
        for (const t of timers) if (t.at <= until && (!next || t.at < next.at)) next = t;
        if (!next) break;
        timers.delete(next);
        now = Math.max(now, next.at);
        fired.push(now);
        next.fn();
        await settle();
      }
      now = Math.max(now, until);
    },
  };
}

/** Lets queued promise callbacks run (no real time passes). */
export async function flushMicrotasks(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/**
 * Waits, a macrotask at a time, until `done()` holds: for work that goes through real sockets on
 * 127.0.0.1. Fails rather than hanging.
 */
export async function until(done: () => boolean, what: string, maxTurns = 20_000): Promise<void> {
  for (let turn = 0; turn < maxTurns; turn++) {
    if (done()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(`gave up waiting for ${what}`);
}
