/**
 * The daily quota runs out in the middle of a replay and in the middle of a full refresh. The app must
 * stop spending requests (apart from the ledger's hourly probe), tell the user when it expects the
 * budget back, keep every queued edit and every cached page, and carry on by itself after 00:00 UTC.
 * Real data layer → dispatch → real services (quota ledger, API client) → Rotor double, one virtual clock.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_API_KEY } from '../../../electron/main/simulation/server';
import type { RequestLogEntry } from '../../../electron/main/simulation/server';
import { drain, T0, wire } from './wiring';
import type { Wired } from './wiring';

const HOUR = 3_600_000;
/** The next 00:00 UTC after T0 (2026-03-02 06:00 UTC). */
const RESET = Date.parse('2026-03-03T00:00:00.000Z');

const open: Wired[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

async function setup(customers: number): Promise<Wired> {
  const w = await wire({ server: { customers, seed: 23 }, seed: 23, settings: { pageSize: 50 } });
  open.push(w);
  await w.store.fullRefresh();
  expect(w.store.progress().error).toBeNull();
  return w;
}

const keyed = (w: Wired): RequestLogEntry[] =>
  w.server.control.requestLog().filter((e) => e.apiKeyHint !== null);
/** Lets Rotor answer `n` more requests today, then 429. */
const budgetLeft = (w: Wired, n: number): void =>
  w.server.control.setQuota(w.server.control.quotaUsed(DEMO_API_KEY) + n);

/**
 * Lets virtual time pass in steps, doing at each step everything that could send a request: due wake-ups,
 * a replay, a manual and an automatic refresh, a one-customer refresh (the user's "refresh" button).
 */
async function passTime(w: Wired, until: number, customerId: string): Promise<void> {
  while (w.clock.now < until) {
    await w.advanceTo(Math.min(until, w.clock.now + 10 * 60_000));
    await w.store.replay();
    await w.store.fullRefresh({ manual: true });
    expect(await w.store.maybeAutoRefresh()).toBe(false);
    await w.store.refreshOne(customerId);
  }
}

/**
 * Every request sent while the budget is spent must be a probe (a 429), on average at most one an hour:
 * main's own probe and a request the user made in the same minute may share an hour's slot.
 */
function expectOnlyHourlyProbes(entries: RequestLogEntry[]): void {
  for (const e of entries) expect(e.status).toBe(429);
  const first = entries[0]?.at ?? 0;
  const last = entries.at(-1)?.at ?? 0;
  expect(entries.length).toBeLessThanOrEqual(Math.floor((last - first) / HOUR) + 2);
}

describe('the daily quota runs out', () => {
  it('mid-replay: sending stops, edits are kept, the reset time is known, and replay resumes after 00:00 UTC', async () => {
    const w = await setup(120);
    const { store, server } = w;
    const targets = server.control
      .customers()
      .filter((c) => !c.archived)
      .slice(0, 40);
    w.net.up = false;
    for (const [i, c] of targets.entries()) await store.saveEdit(c.id, { notes: `quota run ${i}` });
    expect(store.meta().pendingCount).toBe(40);

    budgetLeft(w, 10);
    server.control.clearLog();
    w.net.up = true;
    await store.replay();

    const sent = keyed(w);
    const first429 = sent.findIndex((e) => e.status === 429);
    expect(first429).toBeGreaterThanOrEqual(10);
    // Requests already on the wire when the 429 arrived may still land; nothing is started after it.
    expect(sent.length - first429).toBeLessThanOrEqual(w.settings.replayConcurrency);
    const landed = targets.filter(
      (c, i) => server.control.getCustomer(c.id)?.notes === `quota run ${i}`,
    ).length;
    expect(landed).toBe(10);
    expect(store.meta().pendingCount).toBe(30);
    expect(store.outbox().every((e) => e.state === 'pending')).toBe(true);

    // Told when it resets: the pause, main's quota state and main's message all name 00:00 UTC.
    expect(store.pausedReason()).toMatchObject({ kind: 'quota', retryAt: new Date(RESET).toISOString() });
    expect(w.quota()).toMatchObject({ exhausted: true, resetsAt: new Date(RESET).toISOString() });
    const lastError = store.outbox().find((e) => e.lastError?.kind === 'quota')?.lastError;
    expect(lastError?.message).toContain('2026-03-03 00:00 UTC');

    // Until midnight: nothing but the ledger's hourly probe, even though everything keeps trying.
    server.control.clearLog();
    const probeTarget = targets[0]?.id ?? '';
    await w.store.saveEdit(probeTarget, { notes: 'typed while the quota was out' });
    await passTime(w, RESET - 60_000, probeTarget);
    const whileOut = keyed(w);
    expectOnlyHourlyProbes(whileOut);
    expect(whileOut.length).toBeGreaterThan(0);
    // Main's own hourly probe (GET /auth/test) or the user's one-customer refresh.
    expect(whileOut.every((e) => e.method === 'GET' && /^\/(customers\/|auth\/test)/.test(e.path))).toBe(
      true,
    );
    expect(whileOut.length).toBeLessThanOrEqual(Math.ceil((RESET - T0) / HOUR));
    expect(store.meta().pendingCount).toBe(31);

    // Past 00:00 UTC, Rotor's budget is back: the scheduled wake-up resumes sending by itself.
    server.control.setQuota(1000);
    server.control.resetQuota();
    server.control.clearLog();
    await drain(w);
    expect(store.pausedReason()).toBeNull();
    expect(store.outbox()).toEqual([]);
    for (const [i, c] of targets.entries())
      expect(server.control.getCustomer(c.id)?.notes).toBe(
        i === 0 ? 'typed while the quota was out' : `quota run ${i}`,
      );
    expect(keyed(w).every((e) => e.status === 200)).toBe(true);
    expect(w.quota()).toMatchObject({ exhausted: false });
    expect(w.errors).toEqual([]);
  }, 30_000);

  it('mid-refresh: the cache keeps every page read, nothing is sent until 00:00 UTC, then a fresh pass runs', async () => {
    const w = await setup(300);
    const { store, server } = w;
    const listed = () => server.control.customers().filter((c) => !c.archived);
    const before = store.meta();

    // Rotor changes while the app is away: two new customers (newest first, so on page 1).
    server.control.addCustomer({ first_name: 'Nora', last_name: 'Quotanew' });
    server.control.addCustomer({ first_name: 'Nils', last_name: 'Quotanew' });
    const pages = Math.ceil(listed().length / 50);
    expect(pages).toBeGreaterThanOrEqual(5);
    budgetLeft(w, 3);
    server.control.clearLog();
    w.clock.now += HOUR;
    await store.fullRefresh({ manual: true });

    const sent = keyed(w);
    expect(sent.map((e) => e.query.page)).toEqual(['1', '2', '3', '4']);
    expect(sent.map((e) => e.status)).toEqual([200, 200, 200, 429]);
    const progress = store.progress();
    expect(progress).toMatchObject({ running: false, pagesDone: 3, error: { kind: 'quota' } });
    expect(progress.error?.retryAt).toBe(new Date(RESET).toISOString());
    // No torn state: the pages read are in, nothing was swept, the last complete refresh is unchanged.
    expect(store.meta().customerCount).toBe(before.customerCount + 2);
    expect(store.meta().lastFullSyncAt).toBe(before.lastFullSyncAt);
    const cursor = (await store.db.meta.get('sync'))?.cursor;
    expect(cursor).toMatchObject({ nextPage: 4, pageSize: 50 });

    server.control.clearLog();
    const someone = listed()[0]?.id ?? '';
    await passTime(w, RESET - 60_000, someone);
    const whileOut = keyed(w);
    expectOnlyHourlyProbes(whileOut);
    expect(whileOut.length).toBeGreaterThan(0);
    expect(whileOut.some((e) => e.path === '/customers')).toBe(false);
    expect(store.progress().error).toMatchObject({ kind: 'quota', retryAt: new Date(RESET).toISOString() });

    server.control.setQuota(1000);
    server.control.resetQuota();
    await w.advanceTo(RESET + 60_000);
    expect(w.quota().exhausted).toBe(false);
    server.control.clearLog();
    await store.fullRefresh({ manual: true });
    expect(store.progress().error).toBeNull();
    // The stopped pass is hours old: customers created since would sit on pages it already read, so it
    // starts again from page 1 rather than resume.
    expect(keyed(w).map((e) => e.query.page)).toEqual(Array.from({ length: pages }, (_, i) => String(i + 1)));
    expect(store.meta().customerCount).toBe(listed().length);
    expect(store.meta().lastFullSyncAt).toBe(new Date(w.clock.now).toISOString());
    for (const c of listed()) expect(store.get(c.id)?.last_name).toBe(c.last_name);
    expect(w.errors).toEqual([]);
  }, 30_000);
});
