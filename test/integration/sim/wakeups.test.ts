/**
 * Offline with one change whose retry time has passed, the app must sleep until connectivity changes:
 * issue 10's 0 ms wake-up loop (replay's pass and scheduleWake calling each other while offline). Real
 * scheduler, real data layer and main, virtual clock: one simulated hour, wake-ups counted.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { firesPerHour, HOUR } from './clock';
import { World } from './world';

vi.mock('conf', () => import('./conf-double'));
vi.mock(import('../../../electron/main/rotor/retry'), async (original) => {
  const retry = await original();
  const sim = await import('./sleep');
  return { ...retry, sleep: sim.simSleep, backoffDelay: sim.seededBackoff(retry.backoffDelay) };
});

/** Wake-ups of the data layer allowed in one offline hour (it should need none). */
const DATA_WAKEUPS_PER_OFFLINE_HOUR = 6;
/** Main's keyless probe runs after 2, 4, 8 s, then every 15 s while offline: at most 244 in an hour. */
const MAIN_WAKEUPS_PER_OFFLINE_HOUR = 245;

const open: World[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

it('offline with a change whose retry time has passed: no wake-up loop, nothing sent, sent once back online', async () => {
  const w = await World.create({ seed: 7, customers: { A: 3, B: 0 } });
  open.push(w);
  const store = w.app.store;
  if (!store) throw new Error('no store open');
  const target = w.server.control.company('company-a').customers()[0];
  if (!target) throw new Error('no customer');

  // The first attempt gets a 5xx: the change now waits for its backoff (about a second).
  w.server.control.queueFault('status5xx', ['upsert']);
  expect(await store.saveEdit(target.id, { notes: 'typed before the tunnel' })).toMatchObject({ ok: true });
  await w.settle();
  expect(store.outbox()).toMatchObject([{ state: 'pending', attempts: 1 }]);
  const retryAt = Date.parse(store.outbox()[0]?.nextAttemptAt ?? '');
  expect(retryAt).toBeGreaterThan(w.clock.now);

  // The laptop loses the network; main finds out from its keyless probe.
  w.setOffline(true);
  await w.app.api().connectivity.check();
  await w.settle();
  expect(w.app.connectivity.state).toBe('offline');

  // The retry time passes while offline, then a whole simulated hour.
  await w.advance(retryAt - w.clock.now + 1);
  const from = w.clock.fires.length;
  const sentBefore = w.sent.length;
  const hourStart = w.clock.now;
  await w.advance(HOUR);
  const fires = w.clock.fires.slice(from).filter((f) => f.at > hourStart);
  const data = fires.filter((f) => f.source === 'data').length;
  const main = fires.filter((f) => f.source === 'main').length;
  expect(data, `data-layer wake-ups in one offline hour`).toBeLessThanOrEqual(DATA_WAKEUPS_PER_OFFLINE_HOUR);
  expect(main, `main wake-ups in one offline hour`).toBeLessThanOrEqual(MAIN_WAKEUPS_PER_OFFLINE_HOUR);
  for (const n of firesPerHour(w.clock.fires, ['data'], true).values())
    expect(n).toBeLessThanOrEqual(DATA_WAKEUPS_PER_OFFLINE_HOUR);
  // Only main's keyless probes tried the network: no replay pass ran while offline.
  expect(w.sent.slice(sentBefore).filter((r) => r.apiKey !== null)).toEqual([]);
  expect(store.outbox()).toMatchObject([{ state: 'pending' }]);

  // The network returns: main's next probe notices, and the change goes out by itself.
  w.setOffline(false);
  await w.advance(10 * 60_000);
  expect(w.app.connectivity.state).toBe('online');
  expect(store.outbox()).toEqual([]);
  expect(w.server.control.company('company-a').getCustomer(target.id)?.notes).toBe('typed before the tunnel');
});
