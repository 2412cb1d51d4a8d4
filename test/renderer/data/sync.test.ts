import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ListCustomersArg } from '@contract/schemas';
import type { RefreshOutcome, SyncProgress } from '$lib/data/types';
import type { LocalDataStore } from '$lib/data/store/store';
import { apiError, FakeRotor } from './fake-rotor';
import type { ServerCustomer } from './fake-rotor';
import { deferred, idAt, makeHarness, must, spend, syncedHarness } from './helpers';
import { serverCopyOf } from '$lib/data/db/schema';
import Dexie from 'dexie';

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

const ACCOUNT = 'acct-test';

describe('full refresh', () => {
  it('pages through with limit = page size and caches everything', async () => {
    const h = await harness(people(25), 10);
    const outcome = await h.store.fullRefresh();
    expect(outcome).toEqual({ kind: 'completed', customers: 25, skipped: 0 });
    expect(listArgs(h.rotor)).toEqual([
      { accountId: ACCOUNT, page: 1, limit: 10 },
      { accountId: ACCOUNT, page: 2, limit: 10 },
      { accountId: ACCOUNT, page: 3, limit: 10 },
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

  it('puts a page in memory while the next one is written, not after', async () => {
    const h = await harness(people(25), 10);
    const onPage1 = h.id(24);
    const inMemoryAtPut: boolean[] = [];
    const bulkPut = h.store.db.customers.bulkPut.bind(h.store.db.customers);
    vi.spyOn(h.store.db.customers, 'bulkPut').mockImplementation((rows, ...rest) => {
      inMemoryAtPut.push(h.store.get(onPage1) !== undefined);
      return bulkPut(rows, ...(rest as []));
    });
    // What a page's arrival in memory wakes must not run inside the next page's write.
    const inTransaction: boolean[] = [];
    const off = h.store.subscribe(() => inTransaction.push(Dexie.currentTransaction !== null));
    expect(await h.store.fullRefresh()).toMatchObject({ kind: 'completed', customers: 25 });
    off();
    // Page 2 arrived before page 1 was written: page 1 went to memory as page 2's rows went out.
    expect(inMemoryAtPut).toEqual([false, false, true]);
    expect(inTransaction.length).toBeGreaterThan(3);
    expect(inTransaction.filter(Boolean)).toEqual([]);
    expect(h.store.meta().customerCount).toBe(25);
  });

  it('applies a page held back before a change committed after it, so the change is not undone', async () => {
    const h = await harness(people(25), 10);
    const onPage1 = h.id(24);
    let saving: Promise<unknown> | null = null;
    // The moment page 1 is written (and held back while page 2 is), the user saves an edit of one of
    // its customers: that edit commits before page 2's write, and must stay what memory shows.
    const off = h.store.subscribe(() => {
      if (saving || h.store.progress().pagesDone !== 1) return;
      // Offline from here: the edit waits in the outbox instead of going out.
      h.net.online = false;
      saving = h.store.saveEdit(onPage1, { notes: 'gate code 4411' });
    });
    const refresh = h.store.fullRefresh();
    await vi.waitFor(() => expect(saving).not.toBeNull());
    await saving;
    expect(h.store.get(onPage1)).toMatchObject({ notes: 'gate code 4411', syncState: 'pending' });
    await refresh;
    off();
    expect(h.store.get(onPage1)).toMatchObject({ notes: 'gate code 4411', syncState: 'pending' });
    expect(h.store.meta().customerCount).toBe(25);
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
      skipped: 0,
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
    expect(await h.store.fullRefresh()).toMatchObject({ kind: 'failed', error: { kind: 'network' } });
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
    expect(listArgs(h.rotor).slice(2)).toEqual([{ accountId: ACCOUNT, page: 1, limit: 20 }]);
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
    expect(h.store.get(res.ok ? res.data.id : '')).toBeDefined();
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
    // ids[2] fell between the two pages read: no page vouches for its absence, so it stays.
    expect(h.store.get(shifted)).toBeDefined();
    // ids[4] was read on page 1 before it went; the next complete pass removes it.
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
    expect(listArgs(h.rotor)[0]).toEqual({ accountId: ACCOUNT, page: 1, limit: 10 });
    h.settings.includeArchived = true;
    await h.store.fullRefresh();
    expect(listArgs(h.rotor)[1]).toEqual({ accountId: ACCOUNT, page: 1, limit: 10, archived: true });
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
    expect(row && serverCopyOf(row)).toMatchObject({ notes: 'n0', phone: '2' });
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
    expect(h.rotor.callsOf('get').map((c) => c.arg)).toEqual([{ accountId: ACCOUNT, id: h.id(0) }]);
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
    spend(h.quota, 898);
    expect(await h.store.maybeAutoRefresh()).toBe(false);
    // 1000 - 897 - 100 = 3 ≥ 3
    spend(h.quota, 897);
    h.quota.exhausted = true;
    expect(await h.store.maybeAutoRefresh()).toBe(false);
    h.quota.exhausted = false;
    h.net.online = false;
    expect(await h.store.maybeAutoRefresh()).toBe(false);
    h.net.online = true;
    expect(lists()).toBe(3);
    expect(await h.store.maybeAutoRefresh()).toBe(true);
    expect(lists()).toBe(6);
  });

  it('does not start a refresh while the quota is exhausted, even by hand', async () => {
    const h = await harness(people(3), 10);
    h.quota.exhausted = true;
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

/** Ids Rotor lists now (not archived): what the cache must hold after a complete pass. */
const listedIds = (rotor: FakeRotor): string[] =>
  [...rotor.customers.values()].filter((c) => !c.archived).map((c) => c.id);

const storedCursor = async (store: LocalDataStore) => (await store.db.meta.get('sync'))?.cursor ?? null;

describe('a refresh always ends', () => {
  it('an IndexedDB write refused mid-pass ends it as failed with the cache error, and the pass resumes later', async () => {
    const h = await harness(people(25), 10);
    // Page 2 (Person14..Person5) can't be written: the disk is full.
    const refuse = (_key: unknown, row: { first_name?: string | null }): void => {
      if (row.first_name === 'Person10') throw new DOMException('disk full', 'QuotaExceededError');
    };
    h.store.db.customers.hook('creating', refuse);
    const outcome = await h.store.fullRefresh();
    expect(outcome).toMatchObject({ kind: 'failed', error: { kind: 'internal' } });
    const message = outcome.kind === 'failed' ? outcome.error.message : '';
    expect(message).toMatch(/cache on this computer could not be written/);
    expect(h.store.progress()).toMatchObject({
      running: false,
      pagesDone: 1,
      error: { kind: 'internal', message },
    });
    expect(h.store.meta().lastFullSyncAt).toBeNull();
    expect(await h.store.db.customers.count()).toBe(10);
    // Page 1, held back while page 2 was written, is in memory all the same.
    expect(h.store.meta().customerCount).toBe(10);
    expect((await storedCursor(h.store))?.nextPage).toBe(2);

    h.store.db.customers.hook('creating').unsubscribe(refuse);
    expect(await h.store.fullRefresh()).toEqual({ kind: 'completed', customers: 25, skipped: 0 });
    // Page 3 had already been asked for (pipelined) when page 2's write failed; its answer went unused.
    expect(listArgs(h.rotor).map((a) => a.page)).toEqual([1, 2, 3, 2, 3]);
    expect(h.store.progress()).toMatchObject({ running: false, error: null });
  });

  it('a write that fails before its rows go out still puts the page held back into memory', async () => {
    const h = await harness(people(25), 10);
    // Page 2's blank-pass check (its first read) fails, before any of its rows are handed over.
    const count = h.store.db.outbox.count.bind(h.store.db.outbox);
    let calls = 0;
    vi.spyOn(h.store.db.outbox, 'count').mockImplementation(() =>
      ++calls === 2 ? Dexie.Promise.reject(new DOMException('disk gone', 'UnknownError')) : count(),
    );
    expect(await h.store.fullRefresh()).toMatchObject({ kind: 'failed' });
    expect(await h.store.db.customers.count()).toBe(10);
    expect(h.store.meta().customerCount).toBe(10);
  });

  it('a sweep the database refuses ends the pass as failed; the next refresh finishes it', async () => {
    const h = await syncedHarness(people(4), { settings: { pageSize: 10 } });
    open.push(h.store);
    h.net.online = true;
    h.rotor.customers.delete(h.id(0));
    const refuse = (): void => {
      throw new DOMException('aborted', 'AbortError');
    };
    h.store.db.customers.hook('deleting', refuse);
    const outcome = await h.store.fullRefresh();
    expect(outcome).toMatchObject({ kind: 'failed', error: { kind: 'internal' } });
    expect(h.store.progress().running).toBe(false);
    expect(h.store.get(h.id(0))).toBeDefined();

    h.store.db.customers.hook('deleting').unsubscribe(refuse);
    expect(await h.store.fullRefresh()).toMatchObject({ kind: 'completed' });
    expect(h.store.get(h.id(0))).toBeUndefined();
  });
});

describe('records that fail the schema', () => {
  it('are counted over the pass (across a resume), reported, and no sweep follows', async () => {
    const h = await syncedHarness(people(25), { settings: { pageSize: 10 } });
    open.push(h.store);
    h.net.online = true;
    // One bad record on page 1 and one on page 3 (newest first); one customer deleted in Rotor.
    h.rotor.invalid.add(h.id(20));
    h.rotor.invalid.add(h.id(2));
    h.rotor.customers.delete(h.id(10));
    h.rotor.beforePage(2, () => h.rotor.fail('list', apiError('network')));
    await h.store.fullRefresh();
    expect((await storedCursor(h.store)) as { skipped?: number } | null).toMatchObject({
      nextPage: 2,
      skipped: 1,
    });
    expect(h.store.progress()).toMatchObject({ running: false, skipped: 1 });

    const outcome = await h.store.fullRefresh();
    expect(outcome).toEqual({ kind: 'completed', customers: 22, skipped: 2 });
    expect(h.store.progress()).toMatchObject({ running: false, skipped: 2, error: null });
    expect(h.store.meta().lastFullSyncAt).not.toBeNull();
    // Nothing swept: the skipped records and the deleted customer are all still cached.
    for (const i of [20, 2, 10]) expect(h.store.get(h.id(i))).toBeDefined();

    // Once Rotor's records read cleanly again, the sweep runs.
    h.rotor.invalid.clear();
    expect(await h.store.fullRefresh()).toEqual({ kind: 'completed', customers: 24, skipped: 0 });
    expect(h.store.get(h.id(10))).toBeUndefined();
    expect(h.store.get(h.id(20))).toBeDefined();
  });
});

describe('paging guards', () => {
  async function guarded(fault: FakeRotor['paging'], n = 25, reportTotal = 0) {
    const h = await syncedHarness(people(n), { settings: { pageSize: 10 } });
    open.push(h.store);
    h.net.online = true;
    // A customer deleted in Rotor: a pass stopped by a guard must not sweep it.
    h.rotor.customers.delete(h.id(0));
    h.rotor.paging = fault;
    h.rotor.reportTotal = reportTotal;
    const before = h.rotor.callsOf('list').length;
    const outcome = await h.store.fullRefresh();
    const pages = listArgs(h.rotor)
      .slice(before)
      .map((a) => a.page);
    return { ...h, outcome, pages };
  }

  const expectStopped = async (g: Awaited<ReturnType<typeof guarded>>, message: RegExp): Promise<void> => {
    expect(g.outcome).toMatchObject({
      kind: 'failed',
      error: { kind: 'bad_response', message: expect.stringMatching(message) },
    });
    expect(g.store.progress()).toMatchObject({ running: false, error: { kind: 'bad_response' } });
    expect(g.store.get(g.id(0))).toBeDefined();
    // The pass is dropped: resuming would meet the same guard. The next refresh starts at page 1.
    expect(await storedCursor(g.store)).toBeNull();
    g.rotor.paging = null;
    const before = g.rotor.callsOf('list').length;
    expect(await g.store.fullRefresh()).toMatchObject({ kind: 'completed' });
    expect(listArgs(g.rotor)[before]?.page).toBe(1);
    expect(g.store.get(g.id(0))).toBeUndefined();
  };

  it('stops when a page repeats the previous one (a server that ignores `page`)', async () => {
    const g = await guarded('ignore-page');
    expect(g.pages).toEqual([1, 2]);
    await expectStopped(g, /same customers for page 2 as for page 1/);
  });

  it('stops when the server answers another page than the one asked for', async () => {
    const g = await guarded('page-1');
    expect(g.pages).toEqual([1, 2]);
    await expectStopped(g, /page 1 when page 2 was asked for/);
  });

  it('stops when the pages exceed what `total` allows: ceil(total / limit) + 2', async () => {
    // 60 customers, but Rotor says 15: ceil(15 / 10) + 2 = 4 pages at most.
    const g = await guarded('total', 60, 15);
    expect(g.pages).toEqual([1, 2, 3, 4]);
    await expectStopped(g, /more customers follow page 4, more pages than its count of 15 customers allows/);
  });

  it('allows the slack for customers created during the pass', async () => {
    const h = await harness(people(30), 10);
    // 3 pages when the pass starts; 19 created after page 1 make it 5 (ceil(49 / 10)), within 3 + 2.
    h.rotor.beforePage(2, () => {
      for (let i = 0; i < 19; i++)
        h.rotor.create({ first_name: `New${i}`, created_at: new Date(h.clock.now + i).toISOString() });
    });
    const outcome = await h.store.fullRefresh();
    expect(outcome).toMatchObject({ kind: 'completed' });
    expect(listArgs(h.rotor).map((a) => a.page)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('a stale cursor', () => {
  it('older than an hour restarts the pass from page 1 with a new pass id, so customers created meanwhile are read', async () => {
    const h = await harness(people(25), 10);
    h.rotor.beforePage(2, () => h.rotor.fail('list', apiError('network')));
    await h.store.fullRefresh();
    const first = must(await storedCursor(h.store));
    h.clock.now += 61 * 60_000;
    const late = h.rotor.create({ first_name: 'Late' });
    const startedAt = new Date(h.clock.now).toISOString();
    expect(await h.store.fullRefresh()).toMatchObject({ kind: 'completed', customers: 26 });
    expect(listArgs(h.rotor).map((a) => a.page)).toEqual([1, 2, 1, 2, 3]);
    expect(h.store.get(late.id)).toBeDefined();
    const passIds = new Set((await h.store.db.customers.toArray()).map((r) => r.passId));
    expect([...passIds]).toHaveLength(1);
    expect(passIds.has(first.passId)).toBe(false);
    expect(h.store.meta().lastFullSyncAt).toBe(startedAt);
  });

  it('within the hour is resumed, and lastFullSyncAt is when the pass began, not when it ended', async () => {
    const h = await harness(people(25), 10);
    const began = new Date(h.clock.now).toISOString();
    h.rotor.beforePage(2, () => h.rotor.fail('list', apiError('network')));
    await h.store.fullRefresh();
    h.clock.now += 59 * 60_000;
    // Each page takes a minute.
    h.rotor.beforeHandle = () => {
      h.clock.now += 60_000;
    };
    await h.store.fullRefresh();
    expect(listArgs(h.rotor).map((a) => a.page)).toEqual([1, 2, 2, 3]);
    expect(h.store.meta().lastFullSyncAt).toBe(began);
  });
});

describe('the sweep rule', () => {
  it('keeps a create whose request preceded the pass but whose answer came after page 1 was served', async () => {
    const h = await syncedHarness(people(5), { settings: { pageSize: 2 } });
    open.push(h.store);
    h.net.online = true;
    const upsertGate = deferred();
    const page2Gate = deferred();
    h.rotor.beforeHandle = (m, arg) =>
      m === 'upsert'
        ? upsertGate.promise
        : (arg as ListCustomersArg).page === 2
          ? page2Gate.promise
          : undefined;
    const rewritten = new Promise<string>((resolve) => h.store.onIdRewrite((_from, to) => resolve(to)));
    h.clock.now += 1000;
    expect((await h.store.createCustomer({ first_name: 'Fresh', phone: '612 555 0100' })).ok).toBe(true);
    await h.rotor.waitForCalls('upsert', 1);

    h.clock.now += 1000;
    const lists = h.rotor.callsOf('list').length;
    const refresh = h.store.fullRefresh();
    // Page 1 has been served without the create; page 2 is held.
    await h.rotor.waitForCalls('list', lists + 2);
    h.clock.now += 1000;
    // Meanwhile a customer already read goes (so the pass still sees as many as Rotor counts).
    h.rotor.customers.delete(h.id(4));
    upsertGate.resolve();
    const created = await rewritten;
    page2Gate.resolve();
    expect(await refresh).toMatchObject({ kind: 'completed' });
    expect(h.store.get(created)).toMatchObject({ first_name: 'Fresh', syncState: 'synced' });
    h.rotor.beforeHandle = () => undefined;
    await h.store.fullRefresh();
    expect(new Set(h.store.search({ text: '' }).ids)).toEqual(new Set(listedIds(h.rotor)));
  });

  it('keeps such a create across a resumed pass (compared with the pass’s first start, not the resume)', async () => {
    const h = await syncedHarness(people(5), { settings: { pageSize: 2 } });
    open.push(h.store);
    h.net.online = true;
    const upsertGate = deferred();
    h.rotor.beforeHandle = (m) => (m === 'upsert' ? upsertGate.promise : undefined);
    const rewritten = new Promise<string>((resolve) => h.store.onIdRewrite((_from, to) => resolve(to)));
    h.clock.now += 1000;
    await h.store.createCustomer({ first_name: 'Fresh', phone: '612 555 0100' });
    await h.rotor.waitForCalls('upsert', 1);
    h.clock.now += 1000;
    h.rotor.beforePage(2, () => h.rotor.fail('list', apiError('network')));
    expect(await h.store.fullRefresh()).toMatchObject({ kind: 'failed' });

    h.clock.now += 10 * 60_000;
    h.rotor.customers.delete(h.id(4));
    upsertGate.resolve();
    const created = await rewritten;
    h.clock.now += 1000;
    expect(await h.store.fullRefresh()).toMatchObject({ kind: 'completed' });
    expect(h.store.get(created)).toBeDefined();
  });

  const insertions: Array<[string, (h: Awaited<ReturnType<typeof harness>>) => void]> = [
    [
      'an older customer imported',
      (h) => void h.rotor.create({ first_name: 'Imported', created_at: '2020-01-01T00:00:00.000Z' }),
    ],
    ['an archived customer restored', (h) => h.rotor.archive(h.id(5), false)],
    ['a new customer created', (h) => void h.rotor.create({ first_name: 'Created' })],
  ];

  it.each(insertions)(
    'keeps a customer that slid onto a page already read when one was archived and %s kept `total` the same',
    async (_name, insert) => {
      // Newest first: page 1 = ids[4], ids[3]; page 2 = ids[2], ids[1]; page 3 = ids[0]. ids[5] is archived.
      const seed = [
        ...people(5),
        { first_name: 'Old', created_at: '2019-01-01T00:00:00.000Z', archived: true },
      ];
      const h = await harness(seed, 2);
      await h.store.fullRefresh();
      const totals: number[] = [];
      h.rotor.beforeHandle = () => void totals.push(listedIds(h.rotor).length);
      h.rotor.beforePage(2, () => {
        h.rotor.archive(h.id(4));
        insert(h);
      });
      expect(await h.store.fullRefresh()).toMatchObject({ kind: 'completed' });
      expect(new Set(totals)).toEqual(new Set([5]));
      // Every customer Rotor lists that was cached or read is still cached (ids[2] slid onto page 1
      // in the first two cases: the old rule, which counted customers, swept it).
      const listed = new Set(listedIds(h.rotor));
      for (const id of h.ids.filter((x) => listed.has(x))) expect(h.store.get(id)).toBeDefined();
      expect(h.store.get(h.id(2))).toBeDefined();
      // The next pass removes the archived one and reads whatever was missed.
      h.rotor.beforeHandle = () => undefined;
      await h.store.fullRefresh();
      expect(new Set(h.store.search({ text: '' }).ids)).toEqual(new Set(listedIds(h.rotor)));
    },
  );

  it('does not sweep after a pass whose pages were not newest first', async () => {
    const h = await syncedHarness(people(5), { settings: { pageSize: 2 } });
    open.push(h.store);
    h.net.online = true;
    h.rotor.customers.delete(h.id(3));
    h.rotor.paging = 'oldest-first';
    expect(await h.store.fullRefresh()).toMatchObject({ kind: 'completed' });
    expect(h.store.get(h.id(3))).toBeDefined();
    h.rotor.paging = null;
    await h.store.fullRefresh();
    expect(h.store.get(h.id(3))).toBeUndefined();
  });

  it('a cursor persisted before coverage was kept vouches for nothing read before it', async () => {
    const h = await syncedHarness(people(5), { settings: { pageSize: 2 } });
    open.push(h.store);
    h.net.online = true;
    // ids[4] (the newest) is gone before page 1 is read; page 2 then fails.
    h.rotor.customers.delete(h.id(4));
    h.rotor.beforePage(2, () => h.rotor.fail('list', apiError('network')));
    await h.store.fullRefresh();
    // Strip the newer fields, as an older version of the app would have written the cursor.
    const meta = must(await h.store.db.meta.get('sync'));
    const { passId, nextPage, pageSize, archived, startedAt, startedStamp, total, shrank } = must(
      meta.cursor,
    );
    await h.store.db.meta.put({
      ...meta,
      cursor: { passId, nextPage, pageSize, archived, startedAt, startedStamp, total, shrank },
    });
    // ids[0] (the oldest) goes before the rest is read.
    h.rotor.customers.delete(h.id(0));
    h.store.close();
    const reopened = await h.reopen();
    open.push(reopened);
    expect(await reopened.fullRefresh()).toMatchObject({ kind: 'completed', skipped: 0 });
    expect(listArgs(h.rotor).slice(-1)[0]?.page).toBe(2);
    // Page 1 was read under the old cursor: nothing vouches for ids[4]'s absence yet; page 2 does for ids[0].
    expect(reopened.get(h.id(4))).toBeDefined();
    expect(reopened.get(h.id(0))).toBeUndefined();
    // (A reloaded window's stamps start again from the clock: let it move on, as real time does.)
    h.clock.now += 1000;
    await reopened.fullRefresh();
    expect(reopened.get(h.id(4))).toBeUndefined();
  });
});

describe('requests name the account', () => {
  it('a refresh for another account than the current key’s is refused and changes nothing', async () => {
    const h = await syncedHarness(people(3));
    open.push(h.store);
    h.net.online = true;
    h.rotor.account = 'acct-other';
    const outcome: RefreshOutcome = await h.store.fullRefresh();
    expect(outcome).toMatchObject({ kind: 'failed', error: { kind: 'account' } });
    expect(h.store.meta().customerCount).toBe(3);
    expect(await h.store.refreshOne(h.id(0))).toMatchObject({ ok: false, error: { kind: 'account' } });
    expect(h.store.get(h.id(0))).toBeDefined();
    for (const c of h.rotor.calls) expect((c.arg as { accountId: string }).accountId).toBe(ACCOUNT);
  });
});
