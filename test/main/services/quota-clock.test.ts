/**
 * Main's own quota clock, end to end: the real services (ledger, scheduler, API client, connectivity)
 * against the Rotor-faithful server over HTTP on 127.0.0.1, all on one virtual clock. Simulated days;
 * requests and timer wake-ups are counted per simulated hour and day.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QuotaState } from '@contract/state';
import { dispatch } from '../../../electron/main/ipc/dispatch';
import type { Logger } from '../../../electron/main/log/logger';
import { startRotorServer } from '../../../electron/main/simulation/server';
import type { RotorServer } from '../../../electron/main/simulation/server';
import { createServices } from '../../../electron/main/services/index';
import type { Services } from '../../../electron/main/services/index';
import { until, virtualClock } from '../quota/virtual-clock';
import type { VirtualClock } from '../quota/virtual-clock';

const KEY = 'quota-clock-key-7777';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2026-03-02 06:00 UTC. */
const T0 = Date.parse('2026-03-02T06:00:00.000Z');
const MIDNIGHT = Date.parse('2026-03-03T00:00:00.000Z');
const silent: Logger = { info() {}, warn() {}, error() {} };

let dir: string;
let clock: VirtualClock;
let rotor: RotorServer;
let services: Services;
let quotaEvents: { at: number; state: QuotaState }[];
let connectivity: string;
let accountId: string;
const call = (channel: string, arg?: unknown) => dispatch(services.handlers, channel, arg, silent);

/**
 * Lets each wake-up's work finish, real HTTP included: the quota scheduler and connectivity (its next
 * look, online or offline) each re-arm one timer once done; a connectivity probe in flight has none.
 */
const settle = () =>
  until(() => connectivity !== 'checking' && clock.pending() === 2, 'main to re-arm its wake-ups');
const advanceTo = (t: number) => clock.advanceTo(t, settle);
/** The quota's own wake-ups a day (its hourly probe and midnight), plus connectivity's look once a minute online. */
const WAKES_PER_DAY = 26 + 24 * 60;
const quota = async () => ((await call('quota.get')) as { ok: true; data: QuotaState }).data;
/** Requests that carried the key (connectivity probes carry none and cost nothing). */
const keyed = () => rotor.control.requestLog().filter((r) => r.apiKeyHint !== null);

function perWindow(times: number[], from: number, to: number, size: number): number[] {
  const counts: number[] = [];
  for (let start = from; start < to; start += size)
    counts.push(times.filter((t) => t >= start && t < start + size).length);
  return counts;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rotor-quota-clock-'));
  clock = virtualClock(T0);
  quotaEvents = [];
  connectivity = 'online';
  rotor = await startRotorServer({
    customers: 5,
    seed: 2,
    dailyQuota: 3,
    now: clock.now,
    apiKeys: { [KEY]: { companyId: 'c-quota', scopes: ['customers:read', 'customers:write'] } },
  });
  services = await createServices(
    {
      shell: 'browser-host',
      version: '1',
      dataDir: dir,
      settingsStore: 'conf',
      fallbackSecrets: { kind: 'insecure-file' },
      secretBackend: 'fallback-only',
      rotorUrlOverride: rotor.url,
      log: silent,
      now: clock.now,
      timers: clock.timers,
    },
    (event, payload) => {
      if (event === 'quota') quotaEvents.push({ at: clock.now(), state: payload as QuotaState });
      if (event === 'connectivity') connectivity = (payload as { state: string }).state;
    },
  );
  const connected = await call('account.connect', { apiKey: KEY });
  if (!connected.ok) throw new Error(connected.error.message);
  accountId = (connected.data as { status: { accountId: string } }).status.accountId;
});
afterEach(async () => {
  await services.dispose();
  await rotor.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Spends Rotor's budget of 3 (the key check was the first): the third list meets its 429. */
async function exhaust(): Promise<void> {
  for (let i = 0; i < 3; i++) await call('customers.list', { accountId, page: 1, limit: 5 });
  expect(await quota()).toMatchObject({ exhausted: true, remaining: 0 });
}

describe('main’s quota clock on a virtual clock', () => {
  it('over a simulated day and a half exhausted: ≤ 1 probe an hour, ≤ 26 quota wake-ups a day, resets by itself', async () => {
    await exhaust();
    rotor.control.clearLog();
    const firedBefore = clock.fired.length;
    await advanceTo(MIDNIGHT + 12 * HOUR);
    const probes = keyed();
    expect(probes.every((r) => r.method === 'GET' && r.path === '/auth/test')).toBe(true);
    const times = probes.map((r) => r.at);
    for (const n of perWindow(times, T0, MIDNIGHT + 12 * HOUR, HOUR)) expect(n).toBeLessThanOrEqual(1);
    // 07:00 … 23:00, each met by another 429; none once the day rolled over.
    expect(times).toEqual(Array.from({ length: 17 }, (_, i) => T0 + (i + 1) * HOUR));
    const wakes = clock.fired.slice(firedBefore);
    for (const n of perWindow(wakes, T0, MIDNIGHT + 12 * HOUR, DAY))
      expect(n).toBeLessThanOrEqual(WAKES_PER_DAY);
    expect(Math.min(...clock.armed)).toBeGreaterThan(0);
    // The roll-over was announced at 00:00 UTC with nothing calling main.
    const rolled = quotaEvents.find((e) => e.at === MIDNIGHT);
    expect(rolled?.state).toMatchObject({
      exhausted: false,
      usedToday: 0,
      remaining: 1000,
      nextProbeAt: null,
      resetsAt: new Date(MIDNIGHT + DAY).toISOString(),
    });
    expect(await call('customers.list', { accountId, page: 1, limit: 5 })).toMatchObject({ ok: true });
  });

  it('sends no probe on a day that is not exhausted, and still announces midnight', async () => {
    await call('customers.list', { accountId, page: 1, limit: 5 });
    rotor.control.clearLog();
    await advanceTo(MIDNIGHT + DAY + HOUR);
    expect(keyed()).toEqual([]);
    expect(quotaEvents.filter((e) => e.at === MIDNIGHT || e.at === MIDNIGHT + DAY)).toHaveLength(2);
    for (const n of perWindow(clock.fired, MIDNIGHT, MIDNIGHT + DAY, DAY))
      expect(n).toBeLessThanOrEqual(WAKES_PER_DAY);
  });

  it('a probe Rotor answers lifts the pause within the hour and tells the renderer', async () => {
    await exhaust();
    // Rotor's own day turned over, or the key's other users were counted differently: budget is back.
    rotor.control.resetQuota();
    rotor.control.clearLog();
    await advanceTo(T0 + HOUR);
    expect(keyed().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /auth/test']);
    expect(quotaEvents.at(-1)?.state).toMatchObject({ exhausted: false, nextProbeAt: null });
    expect(await call('customers.list', { accountId, page: 1, limit: 5 })).toMatchObject({ ok: true });
    await advanceTo(T0 + 5 * HOUR);
    expect(keyed()).toHaveLength(2);
  });

  it('a probe that fails on the network waits the hour too', async () => {
    await exhaust();
    const before = (await quota()).usedToday;
    rotor.control.setReachable(false);
    await advanceTo(T0 + 3 * HOUR + 1);
    // Sent (and counted) once an hour; connectivity's own keyless probes cost nothing.
    expect((await quota()).usedToday - before).toBe(3);
    expect(await quota()).toMatchObject({ exhausted: true });
    rotor.control.setReachable(true);
    rotor.control.resetQuota();
    await call('connectivity.check');
    await advanceTo(T0 + 4 * HOUR + 1);
    expect(await quota()).toMatchObject({ exhausted: false });
  });

  it('sends no probe without a key', async () => {
    await exhaust();
    await call('account.remove');
    rotor.control.clearLog();
    await advanceTo(MIDNIGHT - HOUR);
    expect(keyed()).toEqual([]);
  });

  it('dispose cancels its wake-ups', async () => {
    await exhaust();
    // The quota's own wake-up and connectivity's next look.
    expect(clock.pending()).toBe(2);
    await services.dispose();
    expect(clock.pending()).toBe(0);
  });
});
