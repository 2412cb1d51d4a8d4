import { afterEach, describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { DB_VERSION, dbNameFor, declareVersions, openDb } from '$lib/data/db/schema';
import type { CustomerRow } from '$lib/data/db/schema';
import { applyChanges, emptyCustomer } from '$lib/data/mapping';
import { composeRow } from '$lib/data/outbox/rebase';
import { openLocalDataStore } from '$lib/data/store/store';
import type { LocalDataStore } from '$lib/data/store/store';
import { FakeRotor } from './fake-rotor';

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup) c();
  cleanup = [];
});

function v1Row(id: string, first: string, last: string): Omit<CustomerRow, 'nameKey'> {
  const data = applyChanges(emptyCustomer(id), { first_name: first, last_name: last });
  const { nameKey: _drop, ...row } = composeRow({
    id,
    server: data,
    entries: [],
    passId: 'pass-1',
    serverStamp: 1,
    fetchedAt: null,
    missingOnServer: false,
  });
  return row;
}

describe('per-account database', () => {
  it('is named after the account fingerprint', () => {
    expect(dbNameFor('fp-123')).toBe('rotor-desk-fp-123');
  });

  it('writes without Dexie’s liveQuery change tracking (memory and other windows are told by the app)', async () => {
    const db = openDb(`test-untracked-${crypto.randomUUID()}`);
    cleanup.push(() => db.close());
    // Creating the database says every table changed, once; the writes after it say nothing.
    await db.open();
    const told: unknown[] = [];
    const listen = (parts: unknown): void => void told.push(parts);
    Dexie.on('storagemutated', listen);
    cleanup.push(() => Dexie.on('storagemutated').unsubscribe(listen));
    const row = { ...v1Row('c-1', 'Ada', 'Lovelace'), nameKey: 'lovelace ada' };
    await db.transaction('rw', db.customers, async () => {
      await db.customers.put(row);
    });
    await db.customers.put({ ...row, first_name: 'Augusta' });
    await db.customers.delete('c-1');
    expect(await db.customers.count()).toBe(0);
    expect(told).toEqual([]);
  });

  it('upgrades a v1 database with data to the current version, computing the derived name key', async () => {
    const name = `test-upgrade-${crypto.randomUUID()}`;
    const v1 = new Dexie(name);
    declareVersions(v1, 1);
    await v1.open();
    await v1.table('customers').bulkPut([v1Row('b', 'Émile', 'Zola'), v1Row('a', 'Chloé', 'Abel')]);
    await v1.table('meta').put({
      key: 'sync',
      lastFullSyncAt: '2025-01-01T00:00:00.000Z',
      lastKnownTotal: 2,
      customerCount: 2,
      cursor: null,
    });
    v1.close();

    const db = openDb(name);
    cleanup.push(() => db.close());
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    const rows = await db.customers.orderBy('nameKey').toArray();
    expect(rows.map((r) => [r.id, r.nameKey])).toEqual([
      ['a', 'abel chloe'],
      ['b', 'zola emile'],
    ]);
    expect((await db.meta.get('sync'))?.lastKnownTotal).toBe(2);
  });

  it('a store opened on an upgraded v1 database sees its customers', async () => {
    const name = `test-upgrade-store-${crypto.randomUUID()}`;
    const v1 = new Dexie(name);
    declareVersions(v1, 1);
    await v1.open();
    await v1.table('customers').put(v1Row('x', 'Ann', 'Lee'));
    v1.close();
    const rotor = new FakeRotor(() => 0);
    const store: LocalDataStore = await openLocalDataStore({
      accountId: 'a',
      api: rotor.api,
      settings: () => ({
        pageSize: 10,
        includeArchived: false,
        replayConcurrency: 1,
        autoRefreshHours: 6,
        freshCopyMinutes: 2,
      }),
      quota: () => ({
        usedToday: 0,
        dailyLimit: 1000,
        remaining: 1000,
        exhausted: false,
        resetsAt: '1970-01-02T00:00:00.000Z',
        nextProbeAt: null,
      }),
      online: () => false,
      dbName: name,
      broadcast: false,
    });
    cleanup.push(() => store.close());
    expect(store.get('x')?.first_name).toBe('Ann');
    expect(store.search({ text: 'lee' }).ids).toEqual(['x']);
  });
});
