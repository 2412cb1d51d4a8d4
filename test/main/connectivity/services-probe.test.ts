/**
 * Connectivity inside the real assembly (createServices, the API client, the quota ledger) against the
 * Rotor-faithful server over HTTP, on a virtual clock: the probes Rotor sees carry no key and cost the
 * day's budget nothing, both while online and idle and while Rotor is unreachable.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { QuotaState } from '@contract/state';
import { dispatch } from '../../../electron/main/ipc/dispatch';
import type { Logger } from '../../../electron/main/log/logger';
import { createServices } from '../../../electron/main/services/index';
import type { Services } from '../../../electron/main/services/index';
import { QUOTA_SAVE_DELAY_MS } from '../../../electron/main/services/sessions';
import { startRotorServer } from '../../../electron/main/simulation/server';
import type { RotorServer } from '../../../electron/main/simulation/server';
import { until, virtualClock } from '../quota/virtual-clock';
import type { VirtualClock } from '../quota/virtual-clock';

const KEY = 'probe-quota-key-4242';
const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-02T06:00:00.000Z');
const silent: Logger = { info() {}, warn() {}, error() {} };

let dir: string;
let clock: VirtualClock;
let rotor: RotorServer;
let services: Services;
let state = 'checking';
const call = (channel: string, arg?: unknown) => dispatch(services.handlers, channel, arg, silent);
const quota = async () => ((await call('quota.get')) as { ok: true; data: QuotaState }).data;
/** The quota's timer and connectivity's next look are both armed: the last wake-up's work is done. */
const settle = () => until(() => state !== 'checking' && clock.pending() === 2, 'main to re-arm');

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rotor-probe-'));
  clock = virtualClock(T0);
  rotor = await startRotorServer({
    customers: 3,
    now: clock.now,
    apiKeys: { [KEY]: { companyId: 'c-probe', scopes: ['customers:read', 'customers:write'] } },
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
      if (event === 'connectivity') state = (payload as { state: string }).state;
    },
  );
  expect(await call('account.connect', { apiKey: KEY })).toMatchObject({ ok: true });
  // The key check's count is saved a moment later (the ledger's deferred save): let it go, so only
  // main's own wake-ups are left armed.
  await clock.advanceTo(T0 + QUOTA_SAVE_DELAY_MS);
});
afterEach(async () => {
  await services.dispose();
  await rotor.close();
  rmSync(dir, { recursive: true, force: true });
});

it('an idle online hour: about a probe a minute, none with the key, nothing counted', async () => {
  await settle();
  const used = (await quota()).usedToday;
  rotor.control.clearLog();
  await clock.advanceTo(T0 + HOUR, settle);
  const log = rotor.control.requestLog();
  expect(log.length).toBeGreaterThanOrEqual(59);
  expect(log.length).toBeLessThanOrEqual(61);
  expect(log.every((r) => r.method === 'HEAD' && r.path === '/' && r.apiKeyHint === null)).toBe(true);
  expect((await quota()).usedToday).toBe(used);
  expect(rotor.control.quotaUsed(KEY)).toBe(used);
  expect(state).toBe('online');
});

it('an hour with Rotor unreachable: a probe every 15 s, nothing counted, and back within 20 s', async () => {
  await settle();
  const used = (await quota()).usedToday;
  rotor.control.setReachable(false);
  rotor.control.clearLog();
  const fired = clock.fired.length;
  await clock.advanceTo(T0 + HOUR, settle);
  expect(state).toBe('offline');
  // The unreachable server drops connections before it logs them: count main's wake-ups instead
  // (each one a probe; the quota's own timer waits for midnight).
  const wakes = clock.fired.length - fired;
  expect(wakes).toBeGreaterThan(200);
  expect(wakes).toBeLessThanOrEqual(245);
  expect(rotor.control.requestLog()).toEqual([]);
  expect((await quota()).usedToday).toBe(used);

  rotor.control.setReachable(true);
  await clock.advanceTo(T0 + HOUR + 20_000, settle);
  expect(state).toBe('online');
});
