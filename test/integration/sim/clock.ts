/**
 * The simulation's one clock. Every timer anything arms (the data layer's `schedule`, main's Platform
 * timers, the server's latency) is an entry here; nothing fires until the simulation advances, and then
 * the earliest due timer fires first (ties in arming order). Every fire is recorded with its source, so
 * tests count wake-ups per simulated hour, and a wake-up loop (timers firing without time moving) is
 * caught instead of hanging the run.
 */

export type TimerSource = 'data' | 'main' | 'server';

export interface Fire {
  at: number;
  source: TimerSource;
  /** Whether the Rotor double was unreachable when it fired (an offline wake-up). */
  offline: boolean;
}

interface Timer {
  at: number;
  seq: number;
  source: TimerSource;
  fn: () => void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): () => void;
}

/** Thrown when timers keep firing while virtual time stands still: the app is spinning. */
export class SpinError extends Error {}

/** Fires at one virtual instant beyond which the app is taken to spin (a cascade of zero-delay timers). */
const MAX_FIRES_AT_ONE_INSTANT = 200;

export class SimClock {
  now: number;
  readonly fires: Fire[] = [];
  private readonly timers = new Set<Timer>();
  private seq = 0;
  private sameInstant = 0;
  private lastFireAt = Number.NaN;

  constructor(
    start: number,
    private readonly isOffline: () => boolean,
  ) {
    this.now = start;
  }

  timersFor(source: TimerSource): Timers {
    return { setTimeout: (fn, ms) => this.arm(source, fn, ms) };
  }

  schedule(source: TimerSource): (fn: () => void, ms: number) => () => void {
    return (fn, ms) => this.arm(source, fn, ms);
  }

  pending(source?: TimerSource): number {
    let n = 0;
    for (const t of this.timers) if (source === undefined || t.source === source) n++;
    return n;
  }

  /** The earliest armed time, or null when nothing is armed. */
  nextAt(): number | null {
    const t = this.earliest();
    return t ? t.at : null;
  }

  /**
   * Fires the earliest timer due at or before `until`, moving time to it. False when none is due.
   * Throws SpinError when too many fire without time moving.
   */
  fireNext(until: number): boolean {
    const t = this.earliest();
    if (!t || t.at > until) return false;
    this.timers.delete(t);
    this.now = Math.max(this.now, t.at);
    if (this.now === this.lastFireAt) this.sameInstant++;
    else this.sameInstant = 0;
    this.lastFireAt = this.now;
    this.fires.push({ at: this.now, source: t.source, offline: this.isOffline() });
    if (this.sameInstant > MAX_FIRES_AT_ONE_INSTANT)
      throw new SpinError(
        `${this.sameInstant} timers fired at ${new Date(this.now).toISOString()} without time moving (last from ${t.source})`,
      );
    t.fn();
    return true;
  }

  /** Drops every timer of `source` (a reload: the page's timers die with it). */
  dropAll(source: TimerSource): void {
    for (const t of [...this.timers]) if (t.source === source) this.timers.delete(t);
  }

  private arm(source: TimerSource, fn: () => void, ms: number): () => void {
    if (!Number.isFinite(ms)) throw new Error(`${source} armed a timer with ${ms} ms`);
    const timer: Timer = { at: this.now + Math.max(0, ms), seq: this.seq++, source, fn };
    this.timers.add(timer);
    return () => void this.timers.delete(timer);
  }

  private earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers)
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    return best;
  }
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Fires per virtual hour (bucketed on the hour), of the sources given, only while offline when asked. */
export function firesPerHour(
  fires: readonly Fire[],
  sources: readonly TimerSource[],
  offlineOnly: boolean,
): Map<number, number> {
  const perHour = new Map<number, number>();
  for (const f of fires) {
    if (!sources.includes(f.source) || (offlineOnly && !f.offline)) continue;
    const hour = Math.floor(f.at / HOUR);
    perHour.set(hour, (perHour.get(hour) ?? 0) + 1);
  }
  return perHour;
}
