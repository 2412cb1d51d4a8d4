import { afterEach, describe, expect, it } from 'vitest';
import type { ListCustomersArg } from '@contract/schemas';
import type { SyncProgress } from '$lib/data/api';
import type { LocalDataStore } from '$lib/data/store';
import { apiError, FakeRotor } from './fake-rotor';
import type { ServerCustomer } from './fake-rotor';
import { deferred, idAt, makeHarness, must, syncedHarness } from './helpers';

let open: LocalDataStore[] = [];
afterEach(() => {
  for (const s of open) s.close();
  open = [];
});

const people = (n: number, prefix = 'Person'): Array<Partial<ServerCustomer>> =>
  Array.from({ length: n }, (_, i) => ({
    first_name: `${prefix}${i}`,
    last_name: 'Test',
    email: `p${i}@x.io`,
  }));

async function harness(seed: Array<Partial<ServerCustomer>>, pageSize = 10) {
  const h = await makeHarness({ settings: { pageSize } });
  open.push(h.store);
  const ids = h.rotor.seed(seed).map((c) => c.id);
  return { ...h, ids, id: idAt(ids) };
}

const listArgs = (rotor: FakeRotor): ListCustomersArg[] =>
  rotor.callsOf('list').map((c) => c.arg as ListCustomersArg);

describe('full refresh', () => {
  it('pages through with limit = page size and caches everything', async () => {
    const h = await harness(people(25), 10);
    await h.store.fullRefresh();
    expect(listArgs(h.rotor)).toEqual([
      { page: 1, limit: 10 },
      { page: 2, limit: 10 },
      { page: 3, limit: 10 },
    ]);
    expect(h.store.meta().customerCount).toBe(25);
    expect(h.store.meta().lastFullSyncAt).toBe(new Date(h.clock.now).toISOString());
    expect(h.store.get(h.id(3))).toMatchObject({ first_name: 'Person3', syncState: 'synced' });
    expect(await h.store.db.customers.count()).toBe(25);
    expect(h.store.refreshCost()).toBe(3);
  });

  it('requests page N+1 before page N is written (pipelined)', async () => {
    const h = await harness(people(25), 10);
    // Newest first: the last seeded customer is on page 1.
    const onPage1 = h.id(24);
    const seenWhenPage2Requested: Array<unknown> = [];
    h.rotor.beforeHandle = (_m, arg) => {
      if ((arg as ListCustomersArg).page === 2) seenWhenPage2Requested.push(h.store.get(onPage1));
    };
    await h.store.fullRefresh();
    expect(seenWhenPage2Requested).toEqual([undefined]);
    expect(h.store.get(onPage1)).toBeDefined();
  });

  it('reports progress as pages and customers arrive', async () => {
    const h = await harness(people(25), 10);
    const seen: SyncProgress[] = [];
    h.store.subscribe(() => seen.push({ ...h.store.progress() }));
    await h.store.fullRefresh();
    const running = seen.filter((p) => p.running);
    expect(running[0]).toMatchObject({ pagesDone: 0, pagesTotal: null, customersDone: 0 });
    expect(running.map((p) => p.pagesDone)).toContain(2);
    expect(running.find((p) => p.pagesDone === 1)).toMatchObject({
      pagesTotal: 3,
      customersDone: 10,
      customersTotal: 25,
    });
    expect(h.store.progress()).toMatchObject({
      running: false,
      pagesDone: 3,
      customersDone: 25,
      error: null,
    });
  });

  it('keeps the old cache usable while a refresh runs', async () => {
    const h = await harness(people(25), 10);
    await h.store.fullRefresh();
    const gate = deferred();
    h.rotor.beforeHandle = (_m, arg) => ((arg as ListCustomersArg).page === 2 ? gate.promise : undefined);
    h.rotor.edit(h.id(24), { first_name: 'Renamed' });
    const run = h.store.fullRefresh();
    await h.rotor.waitForCalls('list', 5);
    // Page 1 may or may not be written yet; everything else is still the old cache.
    expect(h.store.meta().customerCount).toBe(25);
    expect(h.store.search({ text: 'person0' }).ids).toEqual([h.ids[0]]);
    gate.resolve();
    await run;
    expect(h.store.get(h.id(24))?.first_name).toBe('Renamed');
  });

  it('an interrupted refresh leaves a consistent cache and resumes at the next page', async () => {
    const h = await harness(people(35), 10);
    // Pages 1 and 2 succeed, page 3 fails.
    h.rotor.beforeHandle = () => {
      if (h.rotor.callsOf('list').length === 3) h.rotor.fail('list', apiError('network'));
    };
    await h.store.fullRefresh();
    expect(h.store.progress()).toMatchObject({ running: false, pagesDone: 2, error: { kind: 'network' } });
    expect(h.store.meta().customerCount).toBe(20);
    expect(h.store.meta().lastFullSyncAt).toBeNull();
    const cursor = (await h.store.db.meta.get('sync'))?.cursor;
    expect(cursor).toMatchObject({ nextPage: 3, pageSize: 10, total: 35 });

    // A reload in between: the cursor survives it.
    h.store.close();
    const again = await h.reopen();
    open.push(again);
    expect(again.meta().customerCount).toBe(20);
    h.rotor.beforeHandle = () => undefined;
    await again.fullRefresh();
    expect(listArgs(h.rotor).map((a) => a.page)).toEqual([1, 2, 3, 3, 4]);
    expect(again.meta().customerCount).toBe(35);
    expect(again.meta().lastFullSyncAt).not.toBeNull();
    // Rows from pages 1-2 belong to the same pass, so the sweep did not remove them.
    const passIds = new Set((await again.db.customers.toArray()).map((r) => r.passId));
    expect(passIds.size).toBe(1);
    expect((await again.db.meta.get('sync'))?.cursor).toBeNull();
  });

  it('starts a new pass when the page size changed since the interruption', async () => {
    const h = await harness(people(15), 10);
    h.rotor.beforeHandle = (_m, arg) => {
      if ((arg as ListCustomersArg).page === 2 && h.rotor.callsOf('list').length === 2)
        h.rotor.fail('list', apiError('timeout'));
    };
    await h.store.fullRefresh();
    expect(h.store.progress().error?.kind).toBe('timeout');
    h.settings.pageSize = 20;
    await h.store.fullRefresh();
    expect(listArgs(h.rotor).slice(2)).toEqual([{ page: 1, limit: 20 }]);
    expect(h.store.meta().customerCount).toBe(15);
  });
});

describe('sweep after a complete pass', () => {
  it('removes customers Rotor no longer returns, but keeps (and flags) one with pending changes', async () => {
    const h = await syncedHarness(people(6), { settings: { pageSize: 4 } });
    open.push(h.store);
    const [gone, goneButEdited] = [h.id(0), h.id(1)];
    await h.store.saveEdit(goneButEdited, { notes: 'unsent' });
    h.rotor.customers.delete(gone);
    h.rotor.customers.delete(goneButEdited);
    h.net.online = true;
    await h.store.fullRefresh();
    expect(h.store.get(gone)).toBeUndefined();
    expect(await h.store.db.customers.get(gone)).toBeUndefined();
    expect(h.store.get(goneButEdited)).toMatchObject({
      missingOnServer: true,
      notes: 'unsent',
      syncState: 'pending',
    });
    expect(h.store.outbox()).toHaveLength(1);
    expect(h.store.meta().customerCount).toBe(5);
  });

  it('never sweeps a local-only customer', async () => {
    const h = await syncedHarness(people(3));
    open.push(h.store);
    const res = await h.store.createCustomer({ first_name: 'Offline' });
    h.net.online = true;
    h.rotor.fail('upsert', apiError('network'), { times: 99 });
    await h.store.fullRefresh();
    expect(h.store.get(res.ok ? res.id : '')).toBeDefined();
  });

  it('skips the sweep when a deletion during the pass shifted a customer past it', async () => {
    const h = await syncedHarness(people(5), { settings: { pageSize: 2 } });
    open.push(h.store);
    h.net.online = true;
    // Newest first: page 1 = ids[4], ids[3]; page 2 = ids[2], ids[1]; page 3 = ids[0].
    const deleted = h.id(4);
    const shifted = h.id(2);
    h.rotor.beforeHandle = (_m, arg) => {
      // After page 1 was read, someone deletes a customer on it: ids[2] slides onto page 1.
      if ((arg as ListCustomersArg).page === 2) h.rotor.customers.delete(deleted);
    };
    await h.store.fullRefresh();
    expect(h.store.get(shifted)).toBeDefined();
    // Not swept this time (the pass saw 3 of 4); the next complete pass removes it.
    expect(h.store.get(deleted)).toBeDefined();
    h.rotor.beforeHandle = () => undefined;
    await h.store.fullRefresh();
    expect(h.store.get(deleted)).toBeUndefined();
    expect(h.store.get(shifted)).toBeDefined();
    expect(h.store.meta().customerCount).toBe(4);
  });

  it('archived customers follow the setting', async () => {
    const h = await harness([...people(3), { first_name: 'Old', archived: true }], 10);
    await h.store.fullRefresh();
    expect(h.store.meta().customerCount).toBe(3);
    expect(listArgs(h.rotor)[0]).toEqual({ page: 1, limit: 10 });
    h.settings.includeArchived = true;
    await h.store.fullRefresh();
    expect(listArgs(h.rotor)[1]).toEqual({ page: 1, limit: 10, archived: true });
    expect(h.store.meta().customerCount).toBe(4);
    h.settings.includeArchived = false;
    await h.store.fullRefresh();
    expect(h.store.meta().customerCount).toBe(3);
  });
});

describe('rebase and conflicts', () => {
  it('re-applies queued changes on top of fresh server values, which become the new base', async () => {
    const h = await syncedHarness([{ first_name: 'Ann', last_name: 'Lee', notes: 'n0', phone: '1' }]);
    open.push(h.store);
    const id = h.id(0);
    await h.store.saveEdit(id, { notes: 'mine' });
    h.rotor.edit(id, { phone: '2', tags: ['from-web'] });
    h.net.online = true;
    h.rotor.fail('upsert', apiError('network'), { times: 99 });
    await h.store.fullRefresh();
    expect(h.store.get(id)).toMatchObject({
      notes: 'mine',
      phone: '2',
      tags: ['from-web'],
      syncState: 'pending',
    });
    const row = await h.store.db.customers.get(id);
    expect(row?.server).toMatchObject({ notes: 'n0', phone: '2' });
    expect(h.store.entryFor(id)?.state).toBe('pending');
  });

  it('marks a conflict when Rotor changed a field the user changed and has not sent, with no extra request', async () => {
    const h = await syncedHarness([{ first_name: 'Ann', notes: 'base', email: 'a@x.io' }]);
    open.push(h.store);
    const id = h.id(0);
    await h.store.saveEdit(id, { notes: 'mine', email: 'ann@x.io' });
    h.rotor.edit(id, { notes: 'theirs' });
    const before = h.rotor.calls.length;
    h.net.online = true;
    h.rotor.fail('upsert', apiError('network'), { times: 99 });
    await h.store.fullRefresh();
    const calls = h.rotor.calls.slice(before).map((c) => c.method);
    expect(calls).toEqual(['list']);
    const entry = must(h.store.entryFor(id));
    expect(entry.state).toBe('conflict');
    expect(entry.conflicts).toEqual({ notes: { base: 'base', theirs: 'theirs', mine: 'mine' } });
    expect(h.store.get(id)).toMatchObject({ syncState: 'conflict', notes: 'mine' });
    expect(h.store.meta().conflictCount).toBe(1);
  });

  it('drops a queued field Rotor already holds', async () => {
    const h = await syncedHarness([{ first_name: 'Ann', notes: 'base' }]);
    open.push(h.store);
    const id = h.id(0);
    await h.store.saveEdit(id, { notes: 'same' });
    h.rotor.edit(id, { notes: 'same' });
    h.net.online = true;
    await h.store.fullRefresh();
    expect(h.store.outbox()).toHaveLength(0);
    expect(h.store.get(id)).toMatchObject({ notes: 'same', syncState: 'synced' });
  });

  it('resolves conflicts per field: mine keeps my value against the new base, theirs drops it', async () => {
    const h = await syncedHarness([{ first_name: 'Ann', notes: 'base', source: 's0' }]);
    open.push(h.store);
    const id = h.id(0);
    await h.store.saveEdit(id, { notes: 'mine', source: 'my-source' });
    h.rotor.edit(id, { notes: 'theirs', source: 'their-source' });
    h.net.online = true;
    h.rotor.fail('upsert', apiError('network'), { times: 99 });
    await h.store.fullRefresh();
    const entry = must(h.store.entryFor(id));
    h.net.online = false;
    await h.store.resolveConflict(entry.id, { notes: 'mine' });
    expect(h.store.entryFor(id)).toMatchObject({
      state: 'conflict',
      changes: { notes: 'mine', source: 'my-source' },
    });
    await h.store.resolveConflict(entry.id, { source: 'theirs' });
    const after = must(h.store.entryFor(id));
    expect(after.state).toBe('pending');
    expect(after.changes).toEqual({ notes: 'mine' });
    expect(after.base).toEqual({ notes: 'theirs' });
    expect(h.store.get(id)).toMatchObject({ notes: 'mine', source: 'their-source', syncState: 'pending' });
    // A later refresh with the same server values raises no new conflict.
    h.net.online = true;
    await h.store.fullRefresh();
    expect(h.store.entryFor(id)?.state).toBe('pending');
  });

  it('a list page requested before an upsert answered does not overwrite the newer answer', async () => {
    const h = await syncedHarness([{ first_name: 'Ann', notes: 'base' }]);
    open.push(h.store);
    const id = h.id(0);
    h.rotor.listAtRequestTime = true;
    const gate = deferred();
    h.rotor.beforeHandle = (m) => (m === 'list' ? gate.promise : undefined);
    h.net.online = true;
    h.clock.now += 1000;
    const refresh = h.store.fullRefresh();
    await h.rotor.waitForCalls('list', 2);
    h.clock.now += 1000;
    await h.store.saveEdit(id, { notes: 'sent while the page was out' });
    await h.store.replay();
    expect(h.store.get(id)).toMatchObject({ notes: 'sent while the page was out', syncState: 'synced' });
    gate.resolve();
    await refresh;
    expect(h.store.get(id)?.notes).toBe('sent while the page was out');
  });
});

describe('refreshOne', () => {
  it('updates one record from GET /customers/{id}', async () => {
    const h = await syncedHarness([{ first_name: 'Ann' }]);
    open.push(h.store);
    h.net.online = true;
    h.rotor.edit(h.id(0), { first_name: 'Anne' });
    expect(await h.store.refreshOne(h.id(0))).toEqual({ ok: true });
    expect(h.store.get(h.id(0))?.first_name).toBe('Anne');
    expect(h.rotor.callsOf('get')).toHaveLength(1);
  });

  it('removes a record Rotor no longer has, or flags it when it has pending changes', async () => {
    const h = await syncedHarness([{ first_name: 'Ann' }, { first_name: 'Bo' }]);
    open.push(h.store);
    await h.store.saveEdit(h.id(1), { notes: 'x' });
    h.rotor.customers.clear();
    h.net.online = true;
    h.rotor.fail('upsert', apiError('network'), { times: 99 });
    expect(await h.store.refreshOne(h.id(0))).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    expect(h.store.get(h.id(0))).toBeUndefined();
    await h.store.refreshOne(h.id(1));
    expect(h.store.get(h.id(1))?.missingOnServer).toBe(true);
  });
});

describe('quota-aware auto refresh', () => {
  it('runs only when the last refresh is older than the setting and the budget minus a reserve covers it', async () => {
    const h = await harness(people(25), 10);
    expect(await h.store.maybeAutoRefresh()).toBe(true);
    expect(h.store.refreshCost()).toBe(3);
    const lists = () => h.rotor.callsOf('list').length;
    expect(lists()).toBe(3);

    h.clock.now += 5 * 3_600_000;
    expect(await h.store.maybeAutoRefresh()).toBe(false);
    h.clock.now += 1 * 3_600_000 + 1;

    // 1000 - 898 - 100 = 2 < 3
    h.quota.usedToday = 898;
    expect(await h.store.maybeAutoRefresh()).toBe(false);
    // 1000 - 897 - 100 = 3 ≥ 3
    h.quota.usedToday = 897;
    h.quota.exhaustedUntil = new Date(h.clock.now + 60_000).toISOString();
    expect(await h.store.maybeAutoRefresh()).toBe(false);
    h.quota.exhaustedUntil = null;
    h.net.online = false;
    expect(await h.store.maybeAutoRefresh()).toBe(false);
    h.net.online = true;
    expect(lists()).toBe(3);
    expect(await h.store.maybeAutoRefresh()).toBe(true);
    expect(lists()).toBe(6);
  });

  it('does not start a refresh while the quota is exhausted, even by hand', async () => {
    const h = await harness(people(3), 10);
    h.quota.exhaustedUntil = new Date(h.clock.now + 60_000).toISOString();
    await h.store.fullRefresh({ manual: true });
    expect(h.rotor.callsOf('list')).toHaveLength(0);
    expect(h.store.progress().error?.kind).toBe('quota');
  });

  it('stops on a quota error mid-refresh and keeps the cursor', async () => {
    const h = await harness(people(25), 10);
    h.rotor.beforeHandle = (_m, arg) => {
      if ((arg as ListCustomersArg).page === 2) h.rotor.fail('list', apiError('quota'));
    };
    await h.store.fullRefresh();
    expect(h.store.progress().error?.kind).toBe('quota');
    expect((await h.store.db.meta.get('sync'))?.cursor?.nextPage).toBe(2);
  });
});
