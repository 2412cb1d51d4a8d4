import { afterEach, describe, expect, it } from 'vitest';
import type { QuotaState } from '@contract/state';
import { createQuotaLedger } from '../../../electron/main/quota/ledger';
import type { QuotaLedger } from '../../../electron/main/quota/ledger';
import { MIN_WAKE_MS, createQuotaScheduler } from '../../../electron/main/quota/scheduler';
import type { QuotaScheduler, QuotaTarget } from '../../../electron/main/quota/scheduler';
import { flushMicrotasks, virtualClock } from './virtual-clock';
import type { VirtualClock } from './virtual-clock';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2024-06-11 15:30 UTC. */
const T0 = Date.parse('2024-06-11T15:30:00.000Z');
const MIDNIGHT = Date.parse('2024-06-12T00:00:00.000Z');

type Answer = 'ok' | '429' | 'network';

interface Rig {
  clock: VirtualClock;
  ledger: QuotaLedger;
  scheduler: QuotaScheduler;
  /** Virtual times main's probe reached "Rotor". */
  probes: number[];
  changes: QuotaState[];
  answers: Answer[];
}

let rigs: Rig[] = [];
afterEach(() => {
  for (const r of rigs) r.scheduler.dispose();
  rigs = [];
});

/** The real ledger and scheduler on a virtual clock; the probe goes through the ledger as the client does. */
function rig(opts: { start?: number; keyed?: boolean; answer?: Answer; target?: () => QuotaTarget } = {}) {
  const clock = virtualClock(opts.start ?? T0);
  const changes: QuotaState[] = [];
  const probes: number[] = [];
  const answers: Answer[] = [];
  let scheduler: QuotaScheduler | null = null;
  const ledger = createQuotaLedger({
    load: () => undefined,
    save: () => {},
    now: clock.now,
    onChange: (s) => {
      changes.push(s);
      scheduler?.refresh();
    },
  });
  const probe = async (): Promise<void> => {
    if (ledger.admitProbe() === null) return;
    ledger.record();
    probes.push(clock.now());
    await Promise.resolve();
    const answer = answers.shift() ?? opts.answer ?? '429';
    if (answer === 'ok') ledger.recordRecovered();
    else if (answer === '429') ledger.recordExhausted();
    else throw new Error('connection reset');
  };
  scheduler = createQuotaScheduler({
    timers: clock.timers,
    now: clock.now,
    target: opts.target ?? (() => ({ ledger, probe: opts.keyed === false ? null : probe })),
  });
  const r: Rig = { clock, ledger, scheduler, probes, changes, answers };
  rigs.push(r);
  return r;
}

const advance = (r: Rig, to: number) => r.clock.advanceTo(to, () => flushMicrotasks());

/** How many of `times` fall in each window of `size` from `from` to `to`. */
function perWindow(times: number[], from: number, to: number, size: number): number[] {
  const counts: number[] = [];
  for (let start = from; start < to; start += size)
    counts.push(times.filter((t) => t >= start && t < start + size).length);
  return counts;
}

describe('quota scheduler (main’s own clock for the quota)', () => {
  it('rolls the ledger over at 00:00 UTC by itself and says so, with nothing calling it', async () => {
    const r = rig();
    r.ledger.record();
    r.ledger.record();
    r.changes.length = 0;
    await advance(r, MIDNIGHT + 2 * DAY + HOUR);
    const rolls = r.changes.filter((c) => c.usedToday === 0);
    expect(rolls.map((c) => c.resetsAt)).toEqual([
      new Date(MIDNIGHT + DAY).toISOString(),
      new Date(MIDNIGHT + 2 * DAY).toISOString(),
      new Date(MIDNIGHT + 3 * DAY).toISOString(),
    ]);
    expect(r.probes).toEqual([]);
    // Not exhausted: at most the hourly heartbeat and the reset, never a probe.
    for (const n of perWindow(r.clock.fired, MIDNIGHT, MIDNIGHT + 2 * DAY, DAY))
      expect(n).toBeLessThanOrEqual(25);
    expect(Math.min(...r.clock.armed)).toBeGreaterThanOrEqual(MIN_WAKE_MS);
  });

  it('while exhausted sends one probe an hour, stops at the reset and sends none the next day', async () => {
    const r = rig({ answer: '429' });
    r.ledger.recordExhausted();
    await advance(r, MIDNIGHT + DAY);
    // 16:30 … 23:30: eight probes, each met by another 429; none after 00:00 UTC.
    expect(r.probes).toEqual(Array.from({ length: 8 }, (_, i) => T0 + (i + 1) * HOUR));
    expect(r.ledger.state().exhausted).toBe(false);
    expect(r.changes.some((c) => !c.exhausted && c.usedToday === 0)).toBe(true);
    for (const n of perWindow(r.probes, T0, MIDNIGHT + DAY, HOUR)) expect(n).toBeLessThanOrEqual(1);
  });

  it('over a whole exhausted day: ≤ 1 probe per hour and ≤ 26 wake-ups, never a 0 ms timer', async () => {
    const start = MIDNIGHT + 30_000;
    const r = rig({ start, answer: '429' });
    r.ledger.recordExhausted();
    // The next day is exhausted again within a minute of the reset (another user of the key spent it).
    await advance(r, MIDNIGHT + DAY + 30_000);
    r.ledger.recordExhausted();
    await advance(r, MIDNIGHT + 2 * DAY);
    for (const n of perWindow(r.probes, MIDNIGHT, MIDNIGHT + 2 * DAY, HOUR)) expect(n).toBeLessThanOrEqual(1);
    const wakesPerDay = perWindow(r.clock.fired, MIDNIGHT, MIDNIGHT + 2 * DAY, DAY);
    for (const n of wakesPerDay) expect(n).toBeLessThanOrEqual(26);
    expect(r.probes.length).toBeGreaterThanOrEqual(2 * 23);
    expect(Math.min(...r.clock.armed)).toBeGreaterThanOrEqual(MIN_WAKE_MS);
  });

  it('a probe Rotor answers lifts the pause and tells listeners', async () => {
    const r = rig();
    r.answers.push('429', 'ok');
    r.ledger.recordExhausted();
    await advance(r, T0 + 3 * HOUR);
    expect(r.probes).toEqual([T0 + HOUR, T0 + 2 * HOUR]);
    expect(r.ledger.state()).toMatchObject({ exhausted: false, nextProbeAt: null });
    expect(r.changes.at(-1)).toMatchObject({ exhausted: false });
    // Lifted: nothing more is sent by the scheduler until midnight and after.
    await advance(r, MIDNIGHT + DAY);
    expect(r.probes).toHaveLength(2);
  });

  it('a probe that fails on the network also waits the hour', async () => {
    const r = rig({ answer: 'network' });
    r.ledger.recordExhausted();
    await advance(r, T0 + 4 * HOUR + 1);
    expect(r.probes).toEqual([T0 + HOUR, T0 + 2 * HOUR, T0 + 3 * HOUR, T0 + 4 * HOUR]);
    expect(r.ledger.state().exhausted).toBe(true);
  });

  it('sends no probe without a key, but still rolls over at midnight', async () => {
    const r = rig({ keyed: false });
    r.ledger.recordExhausted();
    await advance(r, MIDNIGHT + HOUR);
    expect(r.probes).toEqual([]);
    expect(r.ledger.state().exhausted).toBe(false);
    expect(r.changes.at(-1)).toMatchObject({ exhausted: false, usedToday: 0 });
  });

  it('a later 429 (a request already on the wire) moves the next probe on: still one an hour', async () => {
    const r = rig({ answer: '429' });
    r.ledger.recordExhausted();
    await advance(r, T0 + 30 * 60_000);
    r.ledger.recordExhausted();
    await advance(r, T0 + 3 * HOUR);
    expect(r.probes).toEqual([T0 + 1.5 * HOUR, T0 + 2.5 * HOUR]);
  });

  it('never probes more than once an hour, even if the ledger keeps saying a probe is due', async () => {
    const clock = virtualClock(T0);
    const sent: number[] = [];
    const ledger: QuotaLedger = {
      state: () => ({
        usedToday: 1000,
        dailyLimit: 1000,
        remaining: 0,
        exhausted: true,
        resetsAt: new Date(T0 + 10 * DAY).toISOString(),
        nextProbeAt: new Date(clock.now() - 1).toISOString(),
      }),
      admit: () => 'probe',
      admitProbe: () => 'probe',
      record: () => {},
      recordExhausted: () => {},
      recordRecovered: () => {},
      flush: () => {},
    };
    const scheduler = createQuotaScheduler({
      timers: clock.timers,
      now: clock.now,
      target: () => ({ ledger, probe: async () => void sent.push(clock.now()) }),
    });
    await clock.advanceTo(T0 + 6 * HOUR, () => flushMicrotasks());
    scheduler.dispose();
    expect(sent.length).toBeGreaterThan(0);
    for (const n of perWindow(sent, T0, T0 + 6 * HOUR, HOUR)) expect(n).toBeLessThanOrEqual(1);
    // Between probes it wakes at most hourly, not every MIN_WAKE_MS.
    expect(clock.fired.length).toBeLessThanOrEqual(7);
    expect(Math.min(...clock.armed)).toBeGreaterThanOrEqual(MIN_WAKE_MS);
  });

  it('keeps one timer armed however many requests are counted, and dispose cancels it', async () => {
    const r = rig();
    expect(r.clock.pending()).toBe(1);
    for (let i = 0; i < 500; i++) r.ledger.record();
    expect(r.clock.pending()).toBe(1);
    r.scheduler.dispose();
    expect(r.clock.pending()).toBe(0);
    await advance(r, MIDNIGHT + DAY);
    expect(r.clock.fired).toEqual([]);
  });

  it('follows the target: another key’s ledger is the one probed', async () => {
    const clock = virtualClock(T0);
    const mk = () => createQuotaLedger({ load: () => undefined, save: () => {}, now: clock.now });
    const a = mk();
    const b = mk();
    let current = a;
    const sent: string[] = [];
    const scheduler = createQuotaScheduler({
      timers: clock.timers,
      now: clock.now,
      target: () => ({
        ledger: current,
        probe: async () => {
          if (current.admitProbe()) sent.push(current === a ? 'a' : 'b');
        },
      }),
    });
    a.recordExhausted();
    scheduler.refresh();
    current = b;
    scheduler.refresh();
    await clock.advanceTo(T0 + 3 * HOUR, () => flushMicrotasks());
    expect(sent).toEqual([]);
    b.recordExhausted();
    scheduler.refresh();
    await clock.advanceTo(T0 + 5 * HOUR, () => flushMicrotasks());
    expect(sent).toEqual(['b', 'b']);
    scheduler.dispose();
  });
});
