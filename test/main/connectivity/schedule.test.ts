/**
 * The connectivity service's own scheduler on a virtual clock over a simulated day and a half: the
 * network goes away and comes back, idle and busy (real requests answering), and the test counts probes
 * and wake-ups per simulated hour in each state, and how long each change took to be noticed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Connectivity } from '@contract/state';
import { createConnectivity } from '../../../electron/main/connectivity/connectivity';
import { flushMicrotasks, virtualClock } from '../quota/virtual-clock';

const SECOND = 1000;
const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-02T06:00:00.000Z');
const END = T0 + 36 * HOUR;

/** Hours (from T0) when Rotor can't be reached. */
const DOWN: ReadonlyArray<readonly [number, number]> = [
  [0, 6],
  [12, 13],
  [24, 26],
];
/** Hours when the app is busy: a real request every 20 s. */
const BUSY: readonly [number, number] = [18, 30];

const within = (t: number, [from, to]: readonly [number, number]) =>
  t >= T0 + from * HOUR && t < T0 + to * HOUR;
const up = (t: number) => !DOWN.some((range) => within(t, range));

function run() {
  const clock = virtualClock(T0);
  const probes: number[] = [];
  const changes: { at: number; state: Connectivity['state'] }[] = [];
  const service = createConnectivity({
    probe: async () => {
      probes.push(clock.now());
      return up(clock.now());
    },
    now: clock.now,
    setTimer: clock.timers.setTimeout.bind(clock.timers),
    onChange: (c) => {
      if (changes.at(-1)?.state !== c.state) changes.push({ at: clock.now(), state: c.state });
    },
  });
  return { clock, probes, changes, service };
}

const perHour = (times: number[], hour: number) =>
  times.filter((t) => t >= T0 + hour * HOUR && t < T0 + (hour + 1) * HOUR).length;

describe('connectivity over a simulated day and a half', () => {
  const { clock, probes, changes, service } = run();
  let launchState: Connectivity['state'] | null = null;
  beforeAll(async () => {
    const settle = () => flushMicrotasks();
    await settle();
    launchState = service.get().state;
    for (let t = T0; t < END; t += 20 * SECOND) {
      await clock.advanceTo(t, settle);
      if (within(t, BUSY)) service.report(up(t) ? 'http-answer' : 'network-error');
    }
    await clock.advanceTo(END, settle);
    service.dispose();
  });

  it('launch with Rotor unreachable: checking, then Offline within 5 s', () => {
    expect(launchState).toBe('offline');
    expect(changes[0]).toEqual({ at: T0, state: 'offline' });
    expect(probes[0]).toBe(T0);
  });

  it('notices each change within the stated times', () => {
    const noticed = (state: Connectivity['state'], after: number) =>
      (changes.find((c) => c.state === state && c.at >= after)?.at ?? Infinity) - after;
    // Back after an outage: the offline probe runs every 15 s at most.
    expect(noticed('online', T0 + 6 * HOUR)).toBeLessThanOrEqual(20 * SECOND);
    expect(noticed('online', T0 + 13 * HOUR)).toBeLessThanOrEqual(20 * SECOND);
    expect(noticed('online', T0 + 26 * HOUR)).toBeLessThanOrEqual(20 * SECOND);
    // Gone while idle: the minute's probe finds out; while busy, the first failing request.
    expect(noticed('offline', T0 + 12 * HOUR)).toBeLessThanOrEqual(61 * SECOND);
    expect(noticed('offline', T0 + 24 * HOUR)).toBeLessThanOrEqual(20 * SECOND);
    expect(changes.map((c) => c.state)).toEqual([
      'offline',
      'online',
      'offline',
      'online',
      'offline',
      'online',
    ]);
  });

  it('probes and wake-ups per hour stay bounded in each state', () => {
    for (let hour = 0; hour < 36; hour++) {
      const t = T0 + hour * HOUR;
      const offline = DOWN.some(([from, to]) => hour >= from && hour < to);
      const busy = within(t, BUSY);
      const probeCount = perHour(probes, hour);
      const wakes = perHour(clock.fired, hour);
      if (offline) {
        // Every 15 s (plus the 2/4/8 s ramp and the launch probe).
        expect(probeCount, `hour ${hour}, offline`).toBeLessThanOrEqual(245);
        expect(wakes, `hour ${hour}, offline`).toBeLessThanOrEqual(245);
      } else if (busy) {
        // Real answers are the evidence: no probe at all, a wake-up a minute at most.
        expect(probeCount, `hour ${hour}, busy`).toBeLessThanOrEqual(hour === 26 ? 1 : 0);
        expect(wakes, `hour ${hour}, busy`).toBeLessThanOrEqual(61);
      } else {
        expect(probeCount, `hour ${hour}, idle`).toBeLessThanOrEqual(61);
        expect(wakes, `hour ${hour}, idle`).toBeLessThanOrEqual(61);
      }
    }
    // Per UTC-day-sized window: never more than an offline day's worth.
    expect(clock.fired.filter((t) => t < T0 + 24 * HOUR).length).toBeLessThanOrEqual(24 * 245);
    expect(clock.fired.filter((t) => t >= T0 + 12 * HOUR).length).toBeLessThanOrEqual(24 * 245);
    expect(Math.min(...clock.armed)).toBeGreaterThan(0);
  });
});
