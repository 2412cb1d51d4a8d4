/**
 * What an idle renderer costs: main-thread CPU from the DevTools Protocol's Performance.getMetrics
 * (cumulative seconds, differenced over a window), and timer wake-ups counted by an init script that
 * wraps setTimeout, setInterval and requestAnimationFrame. Wrapping costs one closure per timer, which
 * is nothing next to what a wake-up loop itself costs; the counts say whether the page ever sleeps.
 */

/** The counter the init script keeps in the page, read back by the runner. */
export interface TimerCounts {
  /** setTimeout callbacks run, by the delay they were scheduled with (ms, rounded). */
  timeouts: Record<string, number>;
  intervals: number;
  frames: number;
}

declare global {
  interface Window {
    __timerCounts?: TimerCounts;
  }
}

/**
 * An init script (serialised into the page before any of its scripts: it must not reference anything
 * outside its own body). Counts callbacks when they run, not when they are scheduled: a timer cleared
 * before it fires wakes nothing.
 */
export function installTimerCount(): void {
  const counts: TimerCounts = { timeouts: {}, intervals: 0, frames: 0 };
  window.__timerCounts = counts;
  const setTimeoutNative = window.setTimeout.bind(window);
  const setIntervalNative = window.setInterval.bind(window);
  const rafNative = window.requestAnimationFrame.bind(window);
  window.setTimeout = ((handler: TimerHandler, delay?: number, ...args: unknown[]) => {
    if (typeof handler !== 'function') return setTimeoutNative(handler, delay, ...args);
    const key = String(Math.max(0, Math.round(Number(delay) || 0)));
    return setTimeoutNative(
      (...a: unknown[]) => {
        counts.timeouts[key] = (counts.timeouts[key] ?? 0) + 1;
        (handler as (...x: unknown[]) => void)(...a);
      },
      delay,
      ...args,
    );
  }) as typeof window.setTimeout;
  window.setInterval = ((handler: TimerHandler, delay?: number, ...args: unknown[]) => {
    if (typeof handler !== 'function') return setIntervalNative(handler, delay, ...args);
    return setIntervalNative(
      (...a: unknown[]) => {
        counts.intervals++;
        (handler as (...x: unknown[]) => void)(...a);
      },
      delay,
      ...args,
    );
  }) as typeof window.setInterval;
  window.requestAnimationFrame = (cb: FrameRequestCallback): number =>
    rafNative((t) => {
      counts.frames++;
      cb(t);
    });
}

export interface TimerWakeups {
  /** Every timer callback that ran in the window (timeouts + intervals + animation frames). */
  total: number;
  /** setTimeout callbacks scheduled under 16 ms: what a wake-up loop looks like. */
  immediate: number;
  /** setTimeout callbacks scheduled 16 ms to 1 s. */
  short: number;
  /** setTimeout callbacks scheduled 1 s or more. */
  long: number;
  intervals: number;
  frames: number;
}

/** The wake-ups between two readings of the page's counter. */
export function wakeupsBetween(before: TimerCounts, after: TimerCounts): TimerWakeups {
  let immediate = 0;
  let short = 0;
  let long = 0;
  for (const [key, count] of Object.entries(after.timeouts)) {
    const n = count - (before.timeouts[key] ?? 0);
    const delay = Number(key);
    if (delay < 16) immediate += n;
    else if (delay < 1000) short += n;
    else long += n;
  }
  const intervals = after.intervals - before.intervals;
  const frames = after.frames - before.frames;
  return { total: immediate + short + long + intervals + frames, immediate, short, long, intervals, frames };
}

/** Performance.getMetrics' answer, as name → value. */
export type Metrics = Record<string, number>;

export function metricsOf(answer: { metrics: { name: string; value: number }[] }): Metrics {
  const out: Metrics = {};
  for (const m of answer.metrics) out[m.name] = m.value;
  return out;
}

export interface CpuShare {
  /** Renderer clock between the two readings (Performance metric `Timestamp`), ms. */
  wallMs: number;
  /** Main-thread task time (TaskDuration) as % of one core. */
  taskPct: number;
  /** Of which running script (ScriptDuration), % of one core. */
  scriptPct: number;
  /** CPU time of the whole renderer process, every thread (ProcessTime), % of one core; NaN if absent. */
  processPct: number;
}

/** Cumulative durations (seconds) differenced over the window, as a share of its wall time. */
export function cpuBetween(before: Metrics, after: Metrics): CpuShare {
  const wall = (after.Timestamp ?? Number.NaN) - (before.Timestamp ?? Number.NaN);
  const pct = (name: string): number => {
    const a = after[name];
    const b = before[name];
    if (a === undefined || b === undefined || !(wall > 0)) return Number.NaN;
    return ((a - b) / wall) * 100;
  };
  return {
    wallMs: wall * 1000,
    taskPct: pct('TaskDuration'),
    scriptPct: pct('ScriptDuration'),
    processPct: pct('ProcessTime'),
  };
}
