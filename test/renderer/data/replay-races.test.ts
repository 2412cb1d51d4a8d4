/**
 * Replay under time and interleavings, against the renderer's fake Rotor: identity lanes, the
 * pre-send check, pauses that wait for events, the account binding, storage failures and the
 * automatic refresh's failure budget.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DataNotice } from '$lib/data/types';
import { EDIT_RESERVE, MAX_AUTO_REFRESH_FAILURES_PER_DAY } from '$lib/data/budget';
import type { LocalDataStore } from '$lib/data/store/store';
import { apiError } from './fake-rotor';
import { liveWakes, must, replayWakes, syncedHarness } from './helpers';

let open: LocalDataStore[] = [];
afterEach(() => {
  for (const s of open) s.close();
  open = [];
});

const MIN = 60_000;

async function setup() {
  const h = await syncedHarness([
    { first_name: 'Ann', last_name: 'Lane', notes: 'n0', phone: '612-555-0001', email: 'ann@x.test' },
    { first_name: 'Bob', last_name: 'Other', notes: 'n1', phone: '612-555-0002' },
  ]);
  open.push(h.store);
  const notices: DataNotice[] = [];
  h.store.onNotice((n) => notices.push(n));
  const quotaEvent = (): void => {
    for (const l of h.rotor.quotaListeners) l({ ...h.quota });
  };
  return { ...h, notices, quotaEvent };
}

describe('one lane per identity', () => {
  it('a create carrying a cached customer’s phone waits for that customer’s edit, and the 200 answer is announced', async () => {
    const h = await setup();
    const ann = h.id(0);
    await h.store.saveEdit(ann, { notes: 'edited offline' });
    await h.store.createCustomer({
      first_name: 'Ann',
      last_name: 'Again',
      phone: '(612) 555 0001',
      notes: 'new',
    });
    h.rotor.beforeHandle = () => new Promise((r) => setTimeout(r, 0));
    h.net.online = true;
    await h.store.replay();
    await h.store.replay();
    const upserts = h.rotor.log.filter((e) => e.method === 'upsert');
    expect(upserts.map((e) => e.type)).toEqual(['start', 'end', 'start', 'end']);
    expect(h.store.outbox()).toEqual([]);
    expect(h.rotor.customers.get(ann)?.notes).toBe('new');
    expect([...h.rotor.customers.values()]).toHaveLength(2);
    expect(h.notices).toEqual([expect.objectContaining({ kind: 'matched_existing', customerId: ann })]);
    expect(h.store.search({ text: '' }).ids.some((id) => id.startsWith('local:'))).toBe(false);
  });

  it('two creates with the same email go one after the other', async () => {
    const h = await setup();
    await h.store.createCustomer({ first_name: 'Cy', email: 'cy@x.test' });
    await h.store.createCustomer({ first_name: 'Cy', last_name: 'Second', email: 'CY@x.test ' });
    h.rotor.beforeHandle = () => new Promise((r) => setTimeout(r, 0));
    h.net.online = true;
    await h.store.replay();
    await h.store.replay();
    expect(h.rotor.log.filter((e) => e.method === 'upsert').map((e) => e.type)).toEqual([
      'start',
      'end',
      'start',
      'end',
    ]);
  });
});

describe('the pre-send check', () => {
  it('reads a stale copy first; a colleague’s newer value becomes a conflict and nothing is sent', async () => {
    const h = await setup();
    const ann = h.id(0);
    await h.store.saveEdit(ann, { notes: 'mine' });
    h.rotor.edit(ann, { notes: 'theirs' });
    h.clock.now += 10 * MIN;
    h.net.online = true;
    await h.store.replay();
    expect(h.rotor.callsOf('get')).toHaveLength(1);
    expect(h.rotor.callsOf('upsert')).toHaveLength(0);
    expect(must(h.store.entryFor(ann))).toMatchObject({
      state: 'conflict',
      conflicts: { notes: { base: 'n0', theirs: 'theirs', mine: 'mine' } },
    });
    expect(h.notices.map((n) => n.kind)).toEqual(['conflict_before_send']);
  });

  it('a fresh copy (within freshCopyMinutes) is sent without reading it', async () => {
    const h = await setup();
    await h.store.saveEdit(h.id(0), { notes: 'quick' });
    h.clock.now += MIN;
    h.net.online = true;
    await h.store.replay();
    expect(h.rotor.callsOf('get')).toHaveLength(0);
    expect(h.rotor.callsOf('upsert')).toHaveLength(1);
  });

  it('a fresh update costs two transactions to send: marked sending (its check decided there) and its answer', async () => {
    // Before the store opens: Dexie binds the database's transaction() once, when it opens.
    const spy = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const h = await setup();
    const sendAll = async (ids: string[]): Promise<number> => {
      for (const id of ids) await h.store.saveEdit(id, { notes: `fresh ${id} ${ids.length}` });
      h.net.online = true;
      spy.mockClear();
      await h.store.replay();
      h.net.online = false;
      return spy.mock.calls.length;
    };
    const one = await sendAll([h.id(0)]);
    const two = await sendAll([h.id(0), h.id(1)]);
    spy.mockRestore();
    expect(h.rotor.callsOf('get')).toHaveLength(0);
    expect(h.rotor.callsOf('upsert')).toHaveLength(3);
    // The second change adds its own transactions only; the pass's own reads are the same.
    expect(two - one).toBe(2);
  });

  it('below the edit reserve it sends without the check and says so', async () => {
    const h = await setup();
    h.quota.remaining = EDIT_RESERVE - 1;
    await h.store.saveEdit(h.id(0), { notes: 'unchecked' });
    h.clock.now += 10 * MIN;
    h.net.online = true;
    await h.store.replay();
    expect(h.rotor.callsOf('get')).toHaveLength(0);
    expect(h.rotor.callsOf('upsert')).toHaveLength(1);
    expect(h.notices.map((n) => n.kind)).toEqual(['sent_unchecked']);
  });

  it('a failed check is not a possibly-applied write: the entry backs off without turning ambiguous', async () => {
    const h = await setup();
    await h.store.saveEdit(h.id(0), { notes: 'x' });
    h.clock.now += 10 * MIN;
    h.rotor.fail('get', apiError('timeout'));
    h.net.online = true;
    await h.store.replay();
    expect(must(h.store.entryFor(h.id(0)))).toMatchObject({
      state: 'pending',
      attempts: 1,
      ambiguous: false,
    });
    expect(h.rotor.callsOf('upsert')).toHaveLength(0);
  });
});

describe('waiting without spinning', () => {
  it('offline: a pass arms no timer at all, even with a retry time in the past', async () => {
    const h = await setup();
    await h.store.saveEdit(h.id(0), { notes: 'x' });
    h.net.online = true;
    h.rotor.fail('upsert', apiError('server'));
    await h.store.replay();
    const entry = must(h.store.entryFor(h.id(0)));
    h.net.online = false;
    h.clock.now = Date.parse(must(entry.nextAttemptAt)) + MIN;
    for (const w of liveWakes(h)) {
      w.cancelled = true;
      w.fn();
    }
    await h.store.replay();
    expect(replayWakes(h)).toEqual([]);
  });

  it('quota exhausted: paused until main says otherwise, with no timer; the quota event resumes it', async () => {
    const h = await setup();
    Object.assign(h.quota, { exhausted: true, remaining: 0 });
    await h.store.saveEdit(h.id(0), { notes: 'x' });
    h.net.online = true;
    await h.store.replay();
    expect(h.store.pausedReason()).toMatchObject({ kind: 'quota', retryAt: h.quota.resetsAt });
    expect(h.rotor.callsOf('upsert')).toHaveLength(0);
    expect(replayWakes(h)).toEqual([]);
    Object.assign(h.quota, { exhausted: false, remaining: 900 });
    h.quotaEvent();
    await h.store.replay();
    expect(h.store.pausedReason()).toBeNull();
    expect(h.rotor.callsOf('upsert')).toHaveLength(1);
  });

  it('a call refused for another account pauses the queue without marking anything ambiguous', async () => {
    const h = await setup();
    await h.store.saveEdit(h.id(0), { notes: 'x' });
    h.rotor.fail('upsert', apiError('account'));
    h.net.online = true;
    await h.store.replay();
    expect(h.store.pausedReason()?.kind).toBe('account');
    expect(must(h.store.entryFor(h.id(0)))).toMatchObject({ state: 'pending', ambiguous: false });
    for (const l of h.rotor.accountListeners)
      l({
        configured: true,
        accountId: h.store.accountId,
        backend: 'keychain',
        backendNote: null,
        hint: '1234',
        origin: 'https://api.getrotor.com',
        demo: false,
      });
    await h.store.replay();
    expect(h.store.pausedReason()).toBeNull();
    expect(h.store.outbox()).toEqual([]);
  });
});

describe('failures that reach the user', () => {
  it('IndexedDB refusing a save answers `storage`, and nothing is half-written', async () => {
    const h = await setup();
    h.store.db.outbox.hook('creating', () => {
      throw new Error('QuotaExceededError');
    });
    const result = await h.store.saveEdit(h.id(0), { notes: 'typed' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'storage' } });
    expect(h.store.get(h.id(0))?.notes).toBe('n0');
    expect(await h.store.db.outbox.count()).toBe(0);
  });

  it('failed automatic refreshes back off and stop for the day; a manual one clears the budget', async () => {
    const h = await setup();
    h.net.online = true;
    h.clock.now += 7 * 3_600_000;
    h.rotor.fail('list', apiError('server'), { times: 100 });
    const gaps: number[] = [];
    for (let i = 0; i < 20; i++) {
      if (await h.store.maybeAutoRefresh()) continue;
      const { nextAt, stoppedForToday } = h.store.meta().autoRefresh;
      if (stoppedForToday || !nextAt) break;
      gaps.push(Date.parse(nextAt) - h.clock.now);
      h.clock.now = Date.parse(nextAt);
    }
    expect(h.store.meta().autoRefresh).toMatchObject({
      failures: MAX_AUTO_REFRESH_FAILURES_PER_DAY,
      stoppedForToday: true,
    });
    expect(await h.store.maybeAutoRefresh()).toBe(false);
    expect(gaps.slice(0, 3)).toEqual([5, 10, 20].map((m) => m * MIN));
    await h.store.fullRefresh({ manual: true });
    expect(h.store.meta().autoRefresh).toMatchObject({ failures: 0, stoppedForToday: false });
  });
});
