import { afterEach, describe, expect, it } from 'vitest';
import { cpuBetween, installTimerCount, metricsOf, wakeupsBetween } from '../idle-metrics';
import type { TimerCounts } from '../idle-metrics';
import type { IdleWindow, OfflineIdleRep } from '../offline-idle';
import { offlineIdleHint, offlineIdleRow, pct } from '../offline-report';
import type { TargetCheck } from '../report/checks';
import { markdown } from '../report/markdown';

const metrics = (t: number, task: number, script: number, proc?: number) =>
  metricsOf({
    metrics: [
      { name: 'Timestamp', value: t },
      { name: 'TaskDuration', value: task },
      { name: 'ScriptDuration', value: script },
      ...(proc === undefined ? [] : [{ name: 'ProcessTime', value: proc }]),
    ],
  });

describe('idle CPU from Performance.getMetrics', () => {
  it('divides the cumulative durations by the wall time between the readings', () => {
    // 20 s of wall time, 0.1 s of tasks (0.5%), 0.04 s of it script, 0.3 s of process CPU.
    const share = cpuBetween(metrics(100, 2, 1, 5), metrics(120, 2.1, 1.04, 5.3));
    expect(share.wallMs).toBeCloseTo(20_000);
    expect(share.taskPct).toBeCloseTo(0.5);
    expect(share.scriptPct).toBeCloseTo(0.2);
    expect(share.processPct).toBeCloseTo(1.5);
  });

  it('says not measured rather than guessing when a metric or the wall time is missing', () => {
    expect(cpuBetween(metrics(100, 2, 1), metrics(120, 2.1, 1.04)).processPct).toBeNaN();
    expect(cpuBetween(metrics(100, 2, 1), metrics(100, 2.1, 1.04)).taskPct).toBeNaN();
  });
});

describe('timer wake-ups', () => {
  it('buckets the setTimeout callbacks that ran in the window by their delay', () => {
    const before: TimerCounts = { timeouts: { '0': 10, '1000': 1 }, intervals: 2, frames: 0 };
    const after: TimerCounts = {
      timeouts: { '0': 510, '4': 5, '250': 3, '1000': 2, '15000': 1 },
      intervals: 3,
      frames: 4,
    };
    expect(wakeupsBetween(before, after)).toEqual({
      total: 505 + 3 + 2 + 1 + 4,
      immediate: 505,
      short: 3,
      long: 2,
      intervals: 1,
      frames: 4,
    });
  });

  describe('the init script', () => {
    const original = (globalThis as { window?: unknown }).window;
    afterEach(() => {
      (globalThis as { window?: unknown }).window = original;
    });

    /** A window whose timers run only when the test says so. */
    function fakeWindow() {
      let nextId = 1;
      const due = new Map<number, () => void>();
      const schedule = (fn: () => void): number => {
        const id = nextId++;
        due.set(id, fn);
        return id;
      };
      const win = {
        // The delay is only recorded by the counter; these timers run when the test says.
        setTimeout: (fn: () => void, _ms?: number) => schedule(fn),
        setInterval: (fn: () => void, _ms?: number) => schedule(fn),
        requestAnimationFrame: (fn: (t: number) => void) => schedule(() => fn(0)),
        clearTimeout: (id: number) => due.delete(id),
        __timerCounts: undefined as TimerCounts | undefined,
      };
      const runAll = (): void => {
        const fns = [...due.values()];
        due.clear();
        for (const fn of fns) fn();
      };
      return { win, runAll };
    }

    it('counts callbacks when they run, not when they are scheduled or cleared', () => {
      const { win, runAll } = fakeWindow();
      (globalThis as { window?: unknown }).window = win;
      installTimerCount();
      const ran: string[] = [];
      win.setTimeout(() => ran.push('soon'), 0);
      const cleared = win.setTimeout(() => ran.push('cleared'), 5000);
      win.clearTimeout(cleared);
      win.setTimeout(() => ran.push('later'), 1200);
      win.setInterval(() => ran.push('tick'), 15_000);
      win.requestAnimationFrame(() => ran.push('frame'));
      expect(win.__timerCounts).toEqual({ timeouts: {}, intervals: 0, frames: 0 });
      runAll();
      expect(ran.sort()).toEqual(['frame', 'later', 'soon', 'tick']);
      expect(win.__timerCounts).toEqual({ timeouts: { '0': 1, '1200': 1 }, intervals: 1, frames: 1 });
    });
  });
});

function idle(taskPct: number, wakeups: number): IdleWindow {
  const slice = { wallMs: 5000, taskPct, scriptPct: taskPct / 2, processPct: taskPct * 2 };
  return {
    cpu: { ...slice, wallMs: 20_000 },
    slices: [slice, slice, { ...slice, taskPct: taskPct * 2 }, slice],
    wakeups: { total: wakeups, immediate: wakeups, short: 0, long: 0, intervals: 0, frames: 0 },
    bridgeCalls: 0,
    requests: { keyed: 0, keyless: 0 },
    foreignPct: 3,
  };
}

const rep = (offlinePct: number, wakeups: number): OfflineIdleRep => ({
  n: 2000,
  edits: 3,
  floor: idle(0.05, 1),
  offline: idle(offlinePct, wakeups),
  outbox: [
    { state: 'pending', attempts: 1, nextAttemptAt: '2030-01-01T00:00:00.000Z' },
    { state: 'pending', attempts: 0, nextAttemptAt: null },
    { state: 'pending', attempts: 0, nextAttemptAt: null },
  ],
  dueForMs: 2500,
  connectivity: 'Offline · next check in 4 s',
});

describe('offline idle row', () => {
  it('meets the target at or under 1% of one core', () => {
    const checks: TargetCheck[] = [];
    const row = offlineIdleRow(rep(0.2, 2), checks);
    expect(checks).toMatchObject([{ id: 'offlineIdle.cpu', n: 2000, value: 0.2, limit: 1, met: true }]);
    expect(row.verdict).toBe('met');
    expect(row.result).toContain('0.20% of one core');
    expect(row.result).toContain('2 timer wake-ups');
    expect(row.floor).toContain('0.050%');
    expect(row.ratio).toBe('4.00×');
  });

  it('says by how much a spinning renderer misses it', () => {
    const checks: TargetCheck[] = [];
    const row = offlineIdleRow(rep(37.5, 90_000), checks);
    expect(checks[0]).toMatchObject({ met: false, value: 37.5 });
    expect(checks[0]?.missedByPct).toBeCloseTo(3650);
    expect(row.verdict).toBe('**missed** by 3,650%');
    expect(row.result).toContain('90,000 timer wake-ups');
    // The spread over the slices: one slice took twice the others.
    expect(row.result).toContain('37.5% of one core (5 s slices 37.5–75.0%)');
    expect(offlineIdleHint(rep(37.5, 90_000))).toContain('setTimeout under 16 ms 90,000');
  });

  it('keeps a third decimal for the small figures an idle page shows', () => {
    expect(pct(0.0123)).toBe('0.012%');
    expect(pct(0.5)).toBe('0.50%');
    expect(pct(Number.NaN)).toBe('n/a');
  });

  it('a run of this measure alone reports it without an empty scale table', () => {
    const checks: TargetCheck[] = [];
    const md = markdown({
      title: 't',
      preamble: [],
      headline: [offlineIdleRow(rep(0.2, 2), checks)],
      scale: [],
      growth: [],
      checks,
      hints: [],
      profiles: [],
    });
    expect(md).toContain('Renderer CPU offline and idle');
    expect(md).not.toContain('### Scale');
  });
});
