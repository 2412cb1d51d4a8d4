import { afterEach, describe, expect, it } from 'vitest';
import type { CustomerWrite } from '@contract/customer';
import { memoryLocks } from '$lib/data/db/locks';
import { backoffMs } from '$lib/data/budget';
import type { LocalDataStore } from '$lib/data/store/store';
import { apiError } from './fake-rotor';
import type { ServerCustomer } from './fake-rotor';
import { deferred, holdCalls, liveWakes, must, replayWakes, syncedHarness } from './helpers';
import { SAME_AS_LOCAL, serverCopyOf } from '$lib/data/db/schema';

let open: LocalDataStore[] = [];
afterEach(() => {
  for (const s of open) s.close();
  open = [];
});

type UpsertArg = { customer: CustomerWrite; idempotencyKey: string };

async function setup(
  seed: Array<Partial<ServerCustomer>> = [{ first_name: 'Ann', notes: 'n0', phone: '612-555-0001' }],
) {
  const h = await syncedHarness(seed);
  open.push(h.store);
  const upserts = (): UpsertArg[] => h.rotor.callsOf('upsert').map((c) => c.arg as UpsertArg);
  return { ...h, upserts };
}

describe('sending an update', () => {
  it('sends only the changed fields with the id and the entry key, then stores the answer and clears the entry', async () => {
    const h = await setup();
    const id = h.id(0);
    await h.store.saveEdit(id, { notes: 'new', property_city: 'Edina' });
    const key = must(h.store.entryFor(id)).idempotencyKey;
    h.net.online = true;
    await h.store.replay();
    expect(h.upserts()).toEqual([
      { accountId: 'acct-test', customer: { id, notes: 'new', property_city: 'Edina' }, idempotencyKey: key },
    ]);
    expect(h.store.outbox()).toHaveLength(0);
    expect(h.store.get(id)).toMatchObject({ notes: 'new', syncState: 'synced' });
    const row = await h.store.db.customers.get(id);
    // Nothing left queued: the row's own data is Rotor's copy, stored once.
    expect(row?.server).toBe(SAME_AS_LOCAL);
    expect(row && serverCopyOf(row)).toMatchObject({ notes: 'new', address: { city: 'Edina' } });
    expect(await h.store.db.outbox.count()).toBe(0);
  });

  it('saveEdit replays by itself when online', async () => {
    const h = await setup();
    h.net.online = true;
    await h.store.saveEdit(h.id(0), { notes: 'auto' });
    await h.store.replay();
    expect(h.upserts()).toHaveLength(1);
    expect(h.rotor.customers.get(h.id(0))?.notes).toBe('auto');
  });

  it('does nothing while offline', async () => {
    const h = await setup();
    await h.store.saveEdit(h.id(0), { notes: 'x' });
    await h.store.replay();
    expect(h.upserts()).toHaveLength(0);
  });

  it('a failing write of the answer leaves the entry queued and the record untouched', async () => {
    const h = await setup();
    const id = h.id(0);
    await h.store.saveEdit(id, { notes: 'x' });
    h.store.db.outbox.hook('deleting', () => {
      throw new Error('disk full');
    });
    h.net.online = true;
    await expect(h.store.replay()).rejects.toThrow();
    const row = await h.store.db.customers.get(id);
    expect(row && serverCopyOf(row)?.notes).toBe('n0');
    expect(row?.syncState).toBe('pending');
    expect(await h.store.db.outbox.count()).toBe(1);
  });
});

describe('retries and backoff', () => {
  it('keeps the idempotency key across retries and backs off 1 s doubling to 5 min', async () => {
    const h = await setup();
    const id = h.id(0);
    await h.store.saveEdit(id, { notes: 'x' });
    h.net.online = true;
    h.rotor.fail('upsert', apiError('network'), { times: 11 });
    const delays: number[] = [];
    for (let i = 0; i < 11; i++) {
      if (i === 0) await h.store.replay();
      else {
        const wake = must(liveWakes(h).at(-1));
        h.clock.now = wake.at;
        wake.fn();
        await h.store.replay();
      }
      const entry = must(h.store.entryFor(id));
      expect(entry).toMatchObject({ state: 'pending', attempts: i + 1, lastError: { kind: 'network' } });
      delays.push(Date.parse(must(entry.nextAttemptAt)) - h.clock.now);
      expect(must(liveWakes(h).at(-1)).ms).toBe(delays.at(-1));
    }
    expect(delays).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300].map((s) => s * 1000));
    const keys = new Set(h.upserts().map((u) => u.idempotencyKey));
    expect(keys.size).toBe(1);
    expect(h.upserts()).toHaveLength(11);
    // Not due yet: a replay now sends nothing.
    await h.store.replay();
    expect(h.upserts()).toHaveLength(11);
    // Due: it goes through.
    const wake = must(liveWakes(h).at(-1));
    h.clock.now = wake.at;
    wake.fn();
    await h.store.replay();
    expect(h.store.outbox()).toHaveLength(0);
  });

  it('adds jitter: half the delay fixed, half random', () => {
    expect(backoffMs(1, () => 0)).toBe(500);
    expect(backoffMs(1, () => 0.5)).toBe(750);
    expect(backoffMs(3, () => 1)).toBe(4000);
    expect(backoffMs(20, () => 0)).toBe(150_000);
  });

  it('retryNow sends a waiting entry at once', async () => {
    const h = await setup();
    await h.store.saveEdit(h.id(0), { notes: 'x' });
    h.net.online = true;
    h.rotor.fail('upsert', apiError('timeout'));
    await h.store.replay();
    expect(h.store.outbox()).toHaveLength(1);
    await h.store.retryNow(must(h.store.outbox()[0]).id);
    expect(h.store.outbox()).toHaveLength(0);
  });
});

describe('failure classes', () => {
  it('validation: the entry fails with field messages and other customers still go out', async () => {
    const h = await setup([{ first_name: 'Ann' }, { first_name: 'Bob' }]);
    await h.store.saveEdit(h.id(0), { email: 'ann@example.com' });
    await h.store.saveEdit(h.id(1), { notes: 'fine' });
    h.rotor.beforeHandle = (_m, arg) => {
      if ((arg as UpsertArg).customer.id === h.ids[0]) h.rotor.fail('upsert', apiError('validation'));
    };
    h.net.online = true;
    await h.store.replay();
    const entry = must(h.store.entryFor(h.id(0)));
    expect(entry.state).toBe('failed');
    expect(entry.lastError?.fields).toEqual([{ field: 'email', message: 'Invalid email format' }]);
    expect(h.store.get(h.id(0))?.syncState).toBe('failed');
    expect(h.store.get(h.id(1))?.syncState).toBe('synced');
    expect(h.store.meta().failedCount).toBe(1);
    // Not retried automatically.
    await h.store.replay();
    expect(h.upserts()).toHaveLength(2);
    expect(replayWakes(h)).toHaveLength(0);
    // Fixing the field puts it back in the queue.
    h.rotor.beforeHandle = () => undefined;
    await h.store.saveEdit(h.id(0), { email: 'ann@example.org' });
    await h.store.replay();
    expect(h.store.outbox()).toHaveLength(0);
    expect(h.rotor.customers.get(h.id(0))?.email).toBe('ann@example.org');
  });

  for (const kind of ['auth', 'forbidden'] as const) {
    it(`${kind}: pauses the whole queue until the key is fixed`, async () => {
      const h = await setup([{ first_name: 'Ann' }, { first_name: 'Bob' }]);
      h.settings.replayConcurrency = 1;
      await h.store.saveEdit(h.id(0), { notes: 'a' });
      await h.store.saveEdit(h.id(1), { notes: 'b' });
      h.rotor.fail('upsert', apiError(kind));
      h.net.online = true;
      await h.store.replay();
      expect(h.upserts()).toHaveLength(1);
      expect(h.store.pausedReason()).toMatchObject({ kind, retryAt: null });
      expect(h.store.outbox().map((e) => e.state)).toEqual(['pending', 'pending']);
      await h.store.replay();
      expect(h.upserts()).toHaveLength(1);
      await h.store.resume();
      expect(h.store.pausedReason()).toBeNull();
      expect(h.store.outbox()).toHaveLength(0);
    });
  }

  it('auth pause also lifts when main reports the account configured again', async () => {
    const h = await setup();
    await h.store.saveEdit(h.id(0), { notes: 'a' });
    h.rotor.fail('upsert', apiError('auth'));
    h.net.online = true;
    await h.store.replay();
    expect(h.store.pausedReason()?.kind).toBe('auth');
    const sent = h.rotor.waitForCalls('upsert', 2);
    for (const l of h.rotor.accountListeners)
      l({
        configured: true,
        accountId: 'acct-test',
        backend: 'keychain',
        backendNote: null,
        hint: 'abcd',
        origin: 'x',
        demo: false,
      });
    await sent;
    await h.store.replay();
    expect(h.store.outbox()).toHaveLength(0);
  });

  it('quota: pauses until main says the budget is back (its event), then sends; no timer meanwhile', async () => {
    const h = await setup([{ first_name: 'Ann' }, { first_name: 'Bob' }]);
    h.settings.replayConcurrency = 1;
    await h.store.saveEdit(h.id(0), { notes: 'a' });
    await h.store.saveEdit(h.id(1), { notes: 'b' });
    const reset = h.quota.resetsAt;
    h.rotor.fail('upsert', apiError('quota', { retryAt: reset }));
    h.net.online = true;
    await h.store.replay();
    // Bob was not tried: the 429 paused the whole queue, though main's state had not caught up yet.
    expect(h.upserts()).toHaveLength(1);
    expect(h.store.pausedReason()).toMatchObject({ kind: 'quota', retryAt: reset });
    await h.store.replay();
    expect(h.upserts()).toHaveLength(1);
    // Main has recorded the exhaustion by now.
    Object.assign(h.quota, { exhausted: true, remaining: 0 });
    await h.store.replay();
    expect(h.upserts()).toHaveLength(1);
    // Nothing is armed for the reset: main's quota event is what wakes replay.
    expect(replayWakes(h)).toEqual([]);
    // Budget back: main says so.
    Object.assign(h.quota, { exhausted: false, remaining: 1000, usedToday: 0 });
    for (const l of h.rotor.quotaListeners) l({ ...h.quota });
    await h.store.replay();
    expect(h.store.pausedReason()).toBeNull();
    expect(h.store.outbox()).toHaveLength(0);
  });

  it('quota already exhausted: no request is made at all', async () => {
    const h = await setup();
    await h.store.saveEdit(h.id(0), { notes: 'a' });
    Object.assign(h.quota, { exhausted: true, remaining: 0 });
    h.net.online = true;
    await h.store.replay();
    expect(h.rotor.calls.filter((c) => c.method === 'upsert')).toHaveLength(0);
    expect(h.store.pausedReason()?.kind).toBe('quota');
  });

  it('not_found on an update: failed as deleted in Rotor; recreate as new queues a create', async () => {
    const h = await setup([{ first_name: 'Ann', last_name: 'Lee', notes: 'n0', tags: ['vip'] }]);
    const old = h.id(0);
    await h.store.saveEdit(old, { notes: 'edited' });
    h.rotor.customers.delete(old);
    h.net.online = true;
    await h.store.replay();
    const entry = must(h.store.entryFor(old));
    expect(entry.state).toBe('failed');
    expect(entry.lastError).toMatchObject({ kind: 'not_found' });
    expect(entry.lastError?.message).toMatch(/deleted in Rotor/);
    await h.store.replay();
    expect(h.upserts()).toHaveLength(1);

    const rewrites: Array<[string, string]> = [];
    h.store.onIdRewrite((from, to) => rewrites.push([from, to]));
    h.net.online = false;
    const res = await h.store.recreateAsNew(entry.id);
    expect(res.ok).toBe(true);
    const localId = res.ok ? res.data.id : '';
    expect(localId).toMatch(/^local:/);
    expect(rewrites[0]).toEqual([old, localId]);
    expect(h.store.get(old)?.id).toBe(localId);
    const create = must(h.store.entryFor(localId));
    expect(create.kind).toBe('create');
    expect(create.changes).toMatchObject({
      first_name: 'Ann',
      last_name: 'Lee',
      notes: 'edited',
      tags: ['vip'],
    });
    h.net.online = true;
    await h.store.replay();
    const created = [...h.rotor.customers.values()];
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ first_name: 'Ann', notes: 'edited' });
    expect(h.store.resolveId(old)).toBe(must(created[0]).id);
  });

  it('not_found: discarding removes the record Rotor no longer has', async () => {
    const h = await setup();
    const id = h.id(0);
    await h.store.saveEdit(id, { notes: 'edited' });
    h.rotor.customers.delete(id);
    h.net.online = true;
    await h.store.replay();
    await h.store.discard(must(h.store.entryFor(id)).id);
    expect(h.store.get(id)).toBeUndefined();
    expect(h.store.outbox()).toHaveLength(0);
  });

  it('after any failure, discard rolls the record back to the last server state', async () => {
    const h = await setup();
    const id = h.id(0);
    await h.store.saveEdit(id, { notes: 'bad' });
    h.rotor.fail('upsert', apiError('validation'));
    h.net.online = true;
    await h.store.replay();
    await h.store.discard(must(h.store.entryFor(id)).id);
    expect(h.store.get(id)).toMatchObject({ notes: 'n0', syncState: 'synced' });
  });
});

describe('ordering and parallel lanes', () => {
  async function queueSix(concurrency: number) {
    const h = await setup(['A', 'B', 'C', 'D', 'E', 'F'].map((n) => ({ first_name: n })));
    h.settings.replayConcurrency = concurrency;
    const a = h.id(0);
    await h.store.saveEdit(a, { notes: 'a1' });
    // A second entry for A behind the first (as when A was edited while its change was being sent).
    const first = must(h.store.entryFor(a));
    await h.store.db.outbox.update(first.id, { state: 'sending' });
    await h.store.saveEdit(a, { notes: 'a2', source: 's' });
    await h.store.db.outbox.update(first.id, { state: 'pending' });
    for (const id of h.ids.slice(1)) await h.store.saveEdit(id, { notes: 'x' });
    expect(await h.store.db.outbox.count()).toBe(7);
    return h;
  }

  it('runs different customers in parallel up to the setting and keeps one customer in order', async () => {
    const h = await queueSix(2);
    const held = holdCalls(h.rotor);
    h.net.online = true;
    const run = h.store.replay();
    await h.rotor.waitForCalls('upsert', 2);
    expect(h.rotor.inFlight).toBe(2);
    held.all();
    await run;
    expect(h.rotor.maxInFlight).toBe(2);
    expect(h.store.outbox()).toHaveLength(0);
    const a = h.id(0);
    const aLog = h.rotor.log.filter((l) => l.method === 'upsert' && (l.arg as UpsertArg).customer.id === a);
    expect(aLog.map((l) => `${l.type}:${(l.arg as UpsertArg).customer.notes}`)).toEqual([
      'start:a1',
      'end:a1',
      'start:a2',
      'end:a2',
    ]);
    expect(h.rotor.customers.get(a)).toMatchObject({ notes: 'a2', source: 's' });
  });

  it('an edit saved while its create is in flight moves with it to the Rotor id and shows there at once', async () => {
    const h = await setup([{ first_name: 'Ann' }]);
    const created = await h.store.createCustomer({ first_name: 'Cy', last_name: 'New', notes: 'first' });
    if (!created.ok) throw new Error('create refused');
    const localId = created.data.id;
    const held = holdCalls(h.rotor);
    h.net.online = true;
    const run = h.store.replay();
    await h.rotor.waitForCalls('upsert', 1);
    expect((await h.store.saveEdit(localId, { notes: 'second' })).ok).toBe(true);
    held.next();
    // The follow-up's send starts only once the create's answer is committed: what the row shows then
    // is Rotor's copy with the moved edit on top.
    await h.rotor.waitForCalls('upsert', 2);
    const rotorId = [...h.rotor.customers.values()].find((c) => c.first_name === 'Cy')?.id ?? '';
    expect(h.store.get(rotorId)).toMatchObject({ id: rotorId, notes: 'second' });
    expect(h.store.outbox().map((e) => e.customerId)).toEqual([rotorId]);
    held.all();
    await run;
    expect(h.store.outbox()).toEqual([]);
    expect(h.rotor.customers.get(rotorId)?.notes).toBe('second');
  });

  it('never exceeds a concurrency of one', async () => {
    const h = await queueSix(1);
    h.net.online = true;
    await h.store.replay();
    expect(h.rotor.maxInFlight).toBe(1);
    expect(h.upserts()).toHaveLength(7);
  });

  it('a failed entry holds back later entries of the same customer only', async () => {
    const h = await queueSix(4);
    const a = h.id(0);
    h.rotor.beforeHandle = (_m, arg) => {
      if ((arg as UpsertArg).customer.notes === 'a1') h.rotor.fail('upsert', apiError('validation'));
    };
    h.net.online = true;
    await h.store.replay();
    expect(h.store.outbox().map((e) => [e.customerId, e.state])).toEqual([
      [a, 'failed'],
      [a, 'pending'],
    ]);
    expect(h.upserts().filter((u) => u.customer.id === a)).toHaveLength(1);
  });
});

describe('creates and temp ids', () => {
  it('rewrites local:<uuid> everywhere when the create succeeds, including an edit queued behind it', async () => {
    const h = await setup();
    const res = await h.store.createCustomer({ first_name: 'Neo', email: 'neo@x.io' });
    const localId = res.ok ? res.data.id : '';
    const rewrites: Array<[string, string]> = [];
    h.store.onIdRewrite((from, to) => rewrites.push([from, to]));
    const gate = deferred();
    h.rotor.beforeHandle = () => gate.promise;
    h.net.online = true;
    const run = h.store.replay();
    await h.rotor.waitForCalls('upsert', 1);
    // Edited while the create is on the wire: queued behind it, under the temp id.
    h.net.online = false;
    await h.store.saveEdit(localId, { notes: 'later' });
    expect(h.store.outbox().map((e) => e.kind)).toEqual(['create', 'update']);
    h.rotor.beforeHandle = () => undefined;
    gate.resolve();
    await run;
    const serverId = must([...h.rotor.customers.values()].find((c) => c.first_name === 'Neo')).id;
    expect(rewrites).toEqual([[localId, serverId]]);
    expect(h.store.resolveId(localId)).toBe(serverId);
    expect(h.store.get(localId)?.id).toBe(serverId);
    expect(await h.store.db.customers.get(localId)).toBeUndefined();
    expect(h.store.outbox()).toEqual([expect.objectContaining({ customerId: serverId, kind: 'update' })]);
    expect(h.store.search({ text: 'neo' }).ids).toEqual([serverId]);
    h.net.online = true;
    await h.store.replay();
    expect(must(h.upserts().at(-1)).customer).toEqual({ id: serverId, notes: 'later' });
    expect(h.store.get(serverId)).toMatchObject({ notes: 'later', syncState: 'synced' });
  });

  it('merges into the cached customer Rotor matched by phone: no duplicate remains', async () => {
    const h = await setup([{ first_name: 'Ann', phone: '612-555-0001', tags: ['vip'] }]);
    const existing = h.id(0);
    const res = await h.store.createCustomer({ first_name: 'Annie', phone: '(612) 555-0001', tags: ['new'] });
    const localId = res.ok ? res.data.id : '';
    expect(h.store.findUpsertMatch({ phone: '6125550001' })?.id).toBe(existing);
    expect(h.store.meta().customerCount).toBe(2);
    h.net.online = true;
    await h.store.replay();
    expect(h.rotor.customers.size).toBe(1);
    expect(h.store.meta().customerCount).toBe(1);
    expect(h.store.resolveId(localId)).toBe(existing);
    expect(h.store.get(existing)).toMatchObject({
      first_name: 'Annie',
      tags: ['vip', 'new'],
      syncState: 'synced',
    });
    expect(h.store.search({ text: 'ann' }).ids).toEqual([existing]);
  });

  it('a create with a phone is simply re-sent after a lost answer (Rotor matches it to itself)', async () => {
    const h = await setup([]);
    await h.store.createCustomer({ first_name: 'Pat', phone: '555 0100' });
    h.rotor.fail('upsert', apiError('network'), { applyFirst: true });
    h.net.online = true;
    await h.store.replay();
    h.clock.now += 1000;
    await h.store.replay();
    expect(h.rotor.callsOf('list')).toHaveLength(1); // only the initial refresh
    expect(h.rotor.customers.size).toBe(1);
    expect(h.store.meta().customerCount).toBe(1);
  });
});

describe('ambiguous creates (no phone, no email)', () => {
  it('after a lost answer, finds the customer the first attempt created and adopts it instead of re-sending', async () => {
    const h = await setup([]);
    const res = await h.store.createCustomer({ first_name: 'Zoe', last_name: 'Quinn', tags: ['t'] });
    const localId = res.ok ? res.data.id : '';
    h.rotor.fail('upsert', apiError('timeout'), { applyFirst: true });
    h.net.online = true;
    await h.store.replay();
    expect(h.rotor.customers.size).toBe(1);
    h.clock.now += 1000;
    await h.store.replay();
    const lists = h.rotor.callsOf('list').slice(1);
    expect(lists.map((c) => c.arg)).toEqual([
      { accountId: 'acct-test', page: 1, limit: 50, search: 'Quinn' },
    ]);
    expect(h.upserts()).toHaveLength(1);
    expect(h.rotor.customers.size).toBe(1);
    const serverId = must([...h.rotor.customers.keys()][0]);
    expect(h.store.resolveId(localId)).toBe(serverId);
    expect(h.store.get(serverId)).toMatchObject({ first_name: 'Zoe', syncState: 'synced' });
    expect(h.store.outbox()).toHaveLength(0);
  });

  it('an edit made after the lost answer queues behind the create and follows it to the adopted id', async () => {
    const h = await setup([]);
    const res = await h.store.createCustomer({ first_name: 'Zoe', last_name: 'Quinn' });
    const localId = res.ok ? res.data.id : '';
    h.rotor.fail('upsert', apiError('timeout'), { applyFirst: true });
    h.net.online = true;
    await h.store.replay();
    h.net.online = false;
    await h.store.saveEdit(localId, { notes: 'after', last_name: 'Quinn-Ray' });
    // The create keeps exactly what may have reached Rotor; the edit waits behind it.
    expect(h.store.outbox().map((e) => [e.kind, e.changes])).toEqual([
      ['create', { first_name: 'Zoe', last_name: 'Quinn' }],
      ['update', { notes: 'after', last_name: 'Quinn-Ray' }],
    ]);
    h.net.online = true;
    h.clock.now += 1000;
    await h.store.replay();
    expect(h.rotor.customers.size).toBe(1);
    const server = must([...h.rotor.customers.values()][0]);
    expect(server).toMatchObject({ last_name: 'Quinn-Ray', notes: 'after' });
    expect(h.upserts().map((u) => u.customer.id)).toEqual([undefined, server.id]);
    expect(h.store.get(localId)).toMatchObject({ id: server.id, syncState: 'synced' });
  });

  it('re-sends when the first attempt never reached Rotor', async () => {
    const h = await setup([]);
    await h.store.createCustomer({ first_name: 'Zoe', last_name: 'Quinn' });
    h.rotor.fail('upsert', apiError('network'));
    h.net.online = true;
    await h.store.replay();
    h.clock.now += 1000;
    await h.store.replay();
    expect(h.rotor.callsOf('list')).toHaveLength(2);
    expect(h.upserts()).toHaveLength(2);
    expect(h.rotor.customers.size).toBe(1);
    expect(h.store.outbox()).toHaveLength(0);
  });

  it('does not adopt a look-alike created before the first attempt, or one whose fields differ', async () => {
    const h = await setup([
      { first_name: 'Zoe', last_name: 'Quinn', created_at: '2025-03-02T15:00:00.000Z' },
    ]);
    const older = h.id(0);
    await h.store.createCustomer({ first_name: 'Zoe', last_name: 'Quinn', notes: 'new one' });
    h.rotor.fail('upsert', apiError('server'));
    h.net.online = true;
    await h.store.replay();
    // Someone else creates a Zoe Quinn with other notes meanwhile.
    h.rotor.seed([
      {
        first_name: 'Zoe',
        last_name: 'Quinn',
        notes: 'other',
        created_at: new Date(h.clock.now).toISOString(),
      },
    ]);
    h.clock.now += 1000;
    await h.store.replay();
    expect(h.upserts()).toHaveLength(2);
    const mine = [...h.rotor.customers.values()].filter((c) => c.notes === 'new one');
    expect(mine).toHaveLength(1);
    expect(h.store.get(older)?.notes).toBeNull();
    expect(h.store.outbox()).toHaveLength(0);
  });
});

describe('single flight', () => {
  it('two windows replaying at once send each entry exactly once', async () => {
    const locks = memoryLocks();
    const h = await syncedHarness([{ first_name: 'Ann' }, { first_name: 'Bob' }], { extra: { locks } });
    open.push(h.store);
    const other = await h.reopen({ locks });
    open.push(other);
    await h.store.saveEdit(h.id(0), { notes: 'a' });
    await h.store.saveEdit(h.id(1), { notes: 'b' });
    h.net.online = true;
    await Promise.all([h.store.replay(), other.replay(), h.store.replay()]);
    expect(h.rotor.callsOf('upsert')).toHaveLength(2);
  });

  it('a send interrupted by a crash (entry left "sending") is sent again by the next pass', async () => {
    const h = await setup();
    await h.store.saveEdit(h.id(0), { notes: 'x' });
    const entry = must(h.store.entryFor(h.id(0)));
    await h.store.db.outbox.update(entry.id, { state: 'sending' });
    h.store.close();
    const next = await h.reopen();
    open.push(next);
    h.net.online = true;
    await next.replay();
    expect(h.rotor.callsOf('upsert')).toHaveLength(1);
    expect(next.outbox()).toHaveLength(0);
  });
});
