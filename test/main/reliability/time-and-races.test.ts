/**
 * Issue 10's findings, one deterministic test each, over the real data layer, the real main services
 * and the Rotor double, with every timer (the store's and main's) on one virtual clock. Time passes only
 * through `advanceTo`, which fires the timers the code itself armed: a loop that re-arms itself for
 * "now" shows up as wake-ups, not as a hang.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { DataNotice } from '$lib/data/types';
import { MAX_AUTO_ATTEMPTS_PER_DAY } from '$lib/data/budget';
import { DEMO_API_KEY } from '../../../electron/main/simulation/server';
import type { RequestLogEntry } from '../../../electron/main/simulation/server';
import { wire } from './wiring';
import type { WireOptions, Wired } from './wiring';

const MIN = 60_000;
const HOUR = 60 * MIN;
const RESET = Date.parse('2026-03-03T00:00:00.000Z');

const open: Wired[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

async function setup(customers = 20, opts: WireOptions = {}): Promise<Wired> {
  const w = await wire({ server: { customers, seed: 31 }, seed: 31, ...opts });
  open.push(w);
  const outcome = await w.store.fullRefresh();
  expect(outcome.kind).toBe('completed');
  return w;
}

const keyed = (w: Wired): RequestLogEntry[] =>
  w.server.control.requestLog().filter((e) => e.apiKeyHint !== null);
const firstId = (w: Wired, i = 0): string => {
  const c = w.server.control.customers().filter((x) => !x.archived)[i];
  if (!c) throw new Error(`no customer #${i}`);
  return c.id;
};
const rendererWakes = (w: Wired, from: number): number =>
  w.fired.filter((f) => f.owner === 'renderer' && f.at >= from).length;

async function goOffline(w: Wired): Promise<void> {
  w.server.control.setReachable(false);
  await w.api.connectivity.check();
  expect(w.connectivity().state).toBe('offline');
}

async function goOnline(w: Wired): Promise<void> {
  w.server.control.setReachable(true);
  await w.api.connectivity.check();
  await w.settle();
  expect(w.connectivity().state).toBe('online');
}

describe('time: nothing spins, nothing waits for ever', () => {
  it('offline with a change whose retry time has passed: no wake-up and no request for an hour, then it goes by itself', async () => {
    const w = await setup();
    const id = firstId(w);
    w.server.control.queueFault('status5xx', ['upsert']);
    await w.store.saveEdit(id, { notes: 'typed in the truck' });
    await w.settle();
    expect(w.store.entryFor(id)).toMatchObject({ state: 'pending', attempts: 1 });
    await goOffline(w);
    const from = w.clock.now;
    const before = keyed(w).length;
    await w.advanceTo(from + HOUR);
    expect(rendererWakes(w, from)).toBeLessThanOrEqual(1);
    expect(keyed(w).length).toBe(before);
    expect(w.store.outbox()).toHaveLength(1);

    await goOnline(w);
    await w.advanceTo(w.clock.now + MIN);
    expect(w.store.outbox()).toHaveLength(0);
    expect(w.server.control.getCustomer(id)?.notes).toBe('typed in the truck');
  });

  it('a change that always meets 5xx stops retrying after the daily cap, says so, and tries again the next UTC day', async () => {
    const w = await setup();
    const id = firstId(w);
    w.server.control.injectFaults({ status5xx: 1, only: ['upsert'] });
    await w.store.saveEdit(id, { notes: 'never lands today' });
    await w.advanceTo(RESET - MIN);
    const upserts = keyed(w).filter((e) => e.method === 'POST');
    expect(upserts.length).toBe(MAX_AUTO_ATTEMPTS_PER_DAY);
    const entry = w.store.entryFor(id);
    expect(entry?.retryStoppedUntil).toBe(new Date(RESET).toISOString());
    expect(entry?.nextAttemptAt).toBe(new Date(RESET).toISOString());

    w.server.control.clearFaults();
    await w.advanceTo(RESET + 10 * MIN);
    expect(w.store.outbox()).toHaveLength(0);
    expect(w.server.control.getCustomer(id)?.notes).toBe('never lands today');
  });

  it('the quota pause lifts at 00:00 UTC by main’s own timer, with at most one probe an hour before it', async () => {
    const w = await setup();
    const id = firstId(w);
    w.server.control.setQuota(w.server.control.quotaUsed(DEMO_API_KEY));
    await w.store.saveEdit(id, { notes: 'after midnight' });
    await w.settle();
    expect(w.quota().exhausted).toBe(true);
    expect(w.store.pausedReason()).toMatchObject({ kind: 'quota', retryAt: new Date(RESET).toISOString() });
    w.server.control.clearLog();
    const from = w.clock.now;
    await w.advanceTo(RESET - MIN);
    const whileOut = keyed(w);
    expect(whileOut.every((e) => e.status === 429)).toBe(true);
    expect(whileOut.length).toBeLessThanOrEqual(Math.ceil((RESET - from) / HOUR));
    expect(rendererWakes(w, from)).toBe(0);

    // Rotor's day starts again; nobody touches the app.
    w.server.control.setQuota(1000);
    w.server.control.resetQuota();
    await w.advanceTo(RESET + MIN);
    expect(w.quota().exhausted).toBe(false);
    expect(w.store.pausedReason()).toBeNull();
    expect(w.server.control.getCustomer(id)?.notes).toBe('after midnight');
  });

  it('a successful hourly probe lifts the pause before midnight', async () => {
    const w = await setup();
    const id = firstId(w);
    w.server.control.setQuota(w.server.control.quotaUsed(DEMO_API_KEY));
    await w.store.saveEdit(id, { notes: 'budget came back' });
    await w.settle();
    expect(w.quota().exhausted).toBe(true);
    // Someone raised the key's limit in Rotor.
    w.server.control.setQuota(5000);
    await w.advanceTo(w.clock.now + HOUR + MIN);
    expect(w.quota().exhausted).toBe(false);
    expect(w.server.control.getCustomer(id)?.notes).toBe('budget came back');
  });

  it('a 429 without RATE_LIMIT_EXCEEDED is a short backoff honouring Retry-After, not a pause until midnight', async () => {
    const w = await setup();
    const id = firstId(w);
    w.server.control.overrideNext(
      '/customers',
      { status: 429, body: { status: 'error', message: 'Slow down' }, headers: { 'retry-after': '30' } },
      'POST',
    );
    await w.store.saveEdit(id, { notes: 'burst' });
    await w.settle();
    expect(w.quota().exhausted).toBe(false);
    expect(w.store.pausedReason()).toBeNull();
    const entry = await w.store.db.outbox.toCollection().first();
    expect(entry?.lastError?.kind).toBe('rate_limited');
    expect(entry?.ambiguous).toBe(false);
    expect(Date.parse(entry?.nextAttemptAt ?? '')).toBeGreaterThanOrEqual(w.clock.now + 30_000);
    await w.advanceTo(w.clock.now + 2 * MIN);
    expect(w.server.control.getCustomer(id)?.notes).toBe('burst');
  });

  it('failed automatic refreshes back off from 5 min and stop for the day after a few; Sync now still runs', async () => {
    const w = await setup(20, { settings: { autoRefreshHours: 1 } });
    w.server.control.injectFaults({ truncatedJson: 1, only: ['list'] });
    w.server.control.clearLog();
    const from = w.clock.now;
    await w.advanceTo(from + 12 * HOUR);
    const lists = keyed(w).filter((e) => e.path === '/customers');
    // Reads retry inside main (a bounded 3 attempts each); the automatic refresh itself ran at most 4 times.
    expect(lists.length).toBeLessThanOrEqual(4 * 3);
    expect(w.store.meta().autoRefresh.stoppedForToday).toBe(true);
    const stamps = [...new Set(lists.map((e) => Math.floor(e.at / MIN)))];
    expect(stamps.length).toBeLessThanOrEqual(4);

    w.server.control.clearFaults();
    const outcome = await w.store.fullRefresh({ manual: true });
    expect(outcome.kind).toBe('completed');
    expect(w.store.meta().autoRefresh).toMatchObject({ failures: 0, stoppedForToday: false });
  });
});

describe('races: nobody’s work is silently overwritten', () => {
  it('a colleague’s newer value in Rotor becomes a conflict before sending, not an overwrite', async () => {
    const w = await setup();
    const id = firstId(w);
    const notices: DataNotice[] = [];
    w.store.onNotice((n) => notices.push(n));
    await goOffline(w);
    await w.store.saveEdit(id, { notes: 'gate code 1234 (tech)' });
    w.server.control.updateCustomerRaw(id, { notes: 'gate code 9876 (office)' });
    await w.advanceTo(w.clock.now + 10 * MIN);
    await goOnline(w);
    await w.advanceTo(w.clock.now + MIN);
    expect(w.server.control.getCustomer(id)?.notes).toBe('gate code 9876 (office)');
    const entry = w.store.entryFor(id);
    expect(entry?.state).toBe('conflict');
    expect(entry?.conflicts?.notes).toMatchObject({
      theirs: 'gate code 9876 (office)',
      mine: 'gate code 1234 (tech)',
    });
    expect(keyed(w).filter((e) => e.method === 'POST')).toHaveLength(0);
    expect(notices.map((n) => n.kind)).toContain('conflict_before_send');
  });

  it('a fresh server copy is sent without reading it again', async () => {
    const w = await setup();
    const id = firstId(w);
    w.server.control.clearLog();
    await w.store.saveEdit(id, { notes: 'fresh' });
    await w.settle();
    expect(keyed(w).map((e) => e.method)).toEqual(['POST']);
    w.clock.now += 10 * MIN;
    w.server.control.clearLog();
    await w.store.saveEdit(id, { notes: 'stale now' });
    await w.settle();
    expect(keyed(w).map((e) => `${e.method} ${e.path}`)).toEqual([`GET /customers/${id}`, 'POST /customers']);
  });

  it('a create Rotor will match joins the matched customer’s lane and is announced when Rotor answers 200', async () => {
    const w = await setup();
    const id = firstId(w);
    const phone = w.server.control.getCustomer(id)?.phone ?? '';
    expect(phone).not.toBe('');
    const notices: DataNotice[] = [];
    w.store.onNotice((n) => notices.push(n));
    await goOffline(w);
    await w.store.saveEdit(id, { notes: 'edit first' });
    await w.store.createCustomer({ first_name: 'Same', last_name: 'Phone', phone, notes: 'create second' });
    await goOnline(w);
    await w.advanceTo(w.clock.now + MIN);
    const posts = keyed(w).filter((e) => e.method === 'POST');
    expect(posts).toHaveLength(2);
    // One after the other: the second arrived after the first was answered.
    expect(w.store.outbox()).toHaveLength(0);
    expect(w.server.control.getCustomer(id)?.notes).toBe('create second');
    expect(w.server.control.customers().filter((c) => c.phone === phone)).toHaveLength(1);
    expect(notices.some((n) => n.kind === 'matched_existing' && n.customerId === id)).toBe(true);
    expect([...w.store.search({ text: '' }).ids].filter((x) => x.startsWith('local:'))).toEqual([]);
  });

  it('requests name their account: after a switch to another company the old cache’s calls are refused, not sent', async () => {
    const w = await setup(20, {
      server: {
        customers: 20,
        seed: 31,
        apiKeys: {
          [DEMO_API_KEY]: {
            companyId: 'demo-company',
            userId: 'u1',
            scopes: ['customers:read', 'customers:write'],
          },
          'other-company-key-1111': {
            companyId: 'other-company',
            userId: 'u2',
            scopes: ['customers:read', 'customers:write'],
          },
        },
      },
    });
    const id = firstId(w);
    // This window can't send yet (the test's own switch, which main doesn't see).
    w.net.up = false;
    await w.store.saveEdit(id, { notes: 'belongs to demo-company' });
    await w.store.createCustomer({ first_name: 'Only', last_name: 'Demo', email: 'only@demo.test' });
    w.server.control.clearLog();
    // The user connects another company's key before the queue went out.
    const switched = await w.api.account.connect({ apiKey: 'other-company-key-1111' });
    expect(switched.ok).toBe(true);
    w.net.up = true;
    await w.store.replay();
    await w.settle();
    expect(keyed(w).filter((e) => e.method === 'POST')).toEqual([]);
    expect(w.store.pausedReason()?.kind).toBe('account');
    expect(w.store.outbox()).toHaveLength(2);
    expect((await w.store.db.outbox.toArray()).every((e) => !e.ambiguous)).toBe(true);

    // The first company's key comes back: its changes go, with its key.
    const back = await w.api.account.connect({ apiKey: DEMO_API_KEY });
    expect(back.ok).toBe(true);
    await w.advanceTo(w.clock.now + MIN);
    expect(w.store.outbox()).toHaveLength(0);
    const posts = keyed(w).filter((e) => e.method === 'POST');
    expect(posts.every((e) => e.apiKeyHint === DEMO_API_KEY.slice(-4))).toBe(true);
  });

  it('the ids creates became survive a reload: two identical no-contact creates never adopt the same customer', async () => {
    const w = await setup();
    await goOffline(w);
    await w.store.createCustomer({ first_name: 'Twin', last_name: 'Nocontact' });
    await w.store.createCustomer({ first_name: 'Twin', last_name: 'Nocontact' });
    await goOnline(w);
    // The first answer is lost after Rotor saved it; the second is answered.
    w.server.control.queueFault('resetAfterCommit', ['upsert']);
    await w.advanceTo(w.clock.now + MIN);
    await w.reopen();
    await w.advanceTo(w.clock.now + 10 * MIN);
    expect(w.store.outbox()).toHaveLength(0);
    const twins = w.server.control.customers().filter((c) => c.last_name === 'Nocontact');
    expect(twins).toHaveLength(2);
    const local = w.store.search({ text: 'Nocontact' }).ids;
    expect(new Set(local).size).toBe(2);
    expect(local.sort()).toEqual(twins.map((c) => c.id).sort());
  });
});
