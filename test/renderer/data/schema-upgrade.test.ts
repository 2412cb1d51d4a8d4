/**
 * Upgrading the cache from schema v2 (the last release before the unused customer indexes were dropped),
 * from v3 (before the delivery log) and from v4 (before import groups),
 * to the current schema. The v2 database is filled with what the app itself writes: a synced cache, a
 * queued edit and a queued create, and the meta row as v2 stored it (with `customerCount`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { DB_VERSION, declareVersions } from '$lib/data/db/schema';
import type { CustomerRow, StoredEntry, SyncMeta } from '$lib/data/db/schema';
import type { OutboxEntry } from '$lib/data/types';
import type { LocalDataStore } from '$lib/data/store/store';
import { must, syncedHarness } from './helpers';

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup) c();
  cleanup = [];
});

const V2_CUSTOMER_INDEXES = ['created_at', 'nameKey', 'passId', 'status', 'syncState', 'tags'];

function indexNames(db: Dexie, table: string): string[] {
  return Array.from(db.backendDB().transaction(table, 'readonly').objectStore(table).indexNames).sort();
}

interface Snapshot {
  rows: CustomerRow[];
  entries: StoredEntry[];
  meta: SyncMeta;
}

/** A cache as the app leaves it: three customers synced, one edited and one created while offline. */
async function appData() {
  const h = await syncedHarness([
    { first_name: 'Ann', last_name: 'Lee', tags: ['vip'], phone: '612-555-0001' },
    { first_name: 'Bob', last_name: 'Moe', status: 'inactive', notes: 'n0' },
    { company_name: 'Cole Lawn', tags: ['fall', 'vip'], email: 'cole@x.io' },
  ]);
  const ann = h.id(0);
  expect(await h.store.saveEdit(ann, { notes: 'gate code 12' })).toMatchObject({ ok: true });
  expect(await h.store.createCustomer({ first_name: 'Dee', phone: '612-555-0009' })).toMatchObject({
    ok: true,
  });
  const snapshot: Snapshot = {
    rows: await h.store.db.customers.toArray(),
    entries: await h.store.db.outbox.toArray(),
    meta: must(await h.store.db.meta.get('sync'), 'the meta row'),
  };
  h.store.close();
  return { h, ann, localId: createdId(snapshot.entries, 'Dee'), snapshot };
}

/** Writes `snapshot` into a new database at schema v2, the way v2 stored it. */
/** The customer id a queued create of `first` was given (`local:…` until Rotor answers). */
function createdId(entries: readonly OutboxEntry[], first: string): string {
  const entry = entries.find((e) => e.kind === 'create' && e.changes.first_name === first);
  return must(entry, `the create of ${first}`).customerId;
}

async function v2Database(snapshot: Snapshot): Promise<string> {
  const name = `test-v2-${crypto.randomUUID()}`;
  const v2 = new Dexie(name);
  declareVersions(v2, 2);
  await v2.open();
  expect(v2.verno).toBe(2);
  expect(indexNames(v2, 'customers')).toEqual(V2_CUSTOMER_INDEXES);
  await v2.table('customers').bulkPut(snapshot.rows);
  await v2.table('outbox').bulkPut(snapshot.entries);
  await v2.table('meta').put({ ...snapshot.meta, customerCount: snapshot.rows.length });
  v2.close();
  return name;
}

async function upgraded() {
  const app = await appData();
  const dbName = await v2Database(app.snapshot);
  const store: LocalDataStore = await app.h.reopen({ dbName });
  cleanup.push(() => store.close());
  return { ...app, store };
}

describe('schema v2 → current', () => {
  it('keeps only the customer indexes something reads; the outbox keeps its own', async () => {
    const { store } = await upgraded();
    expect(store.db.verno).toBe(DB_VERSION);
    expect(indexNames(store.db, 'customers')).toEqual(['nameKey', 'passId']);
    // v5: an import's entries are read by `importId`.
    expect(indexNames(store.db, 'outbox')).toEqual(['customerId', 'importId', 'seq', 'state']);
    expect(indexNames(store.db, 'meta')).toEqual([]);
    // v4: the delivery log, new and empty, read by time.
    expect(indexNames(store.db, 'deliveries')).toEqual(['at']);
    expect(await store.db.deliveries.count()).toBe(0);
  });

  it('keeps every customer, outbox entry and meta field, and drops the stored customerCount', async () => {
    const { store, snapshot } = await upgraded();
    expect(await store.db.customers.toArray()).toEqual(snapshot.rows);
    expect(await store.db.outbox.toArray()).toEqual(snapshot.entries);
    const meta = must(await store.db.meta.get('sync'), 'the meta row');
    expect(meta).toEqual(snapshot.meta);
    expect(meta).not.toHaveProperty('customerCount');
  });

  it('the store reads the upgraded cache: records, search, filters, the queue and the counts', async () => {
    const { store, ann, localId, snapshot } = await upgraded();
    expect(store.get(ann)).toMatchObject({ first_name: 'Ann', notes: 'gate code 12', syncState: 'pending' });
    expect(store.get(localId)).toMatchObject({ first_name: 'Dee', syncState: 'pending' });
    expect(store.search({ text: 'cole' }).ids).toHaveLength(1);
    expect(store.search({ text: '', tags: ['vip'] }).total).toBe(2);
    expect(store.search({ text: '', status: 'inactive' }).total).toBe(1);
    expect(store.tagsPresent()).toEqual(['fall', 'vip']);
    const queued = [...snapshot.entries].sort((a, b) => a.seq - b.seq);
    expect(store.outbox().map((e) => e.id)).toEqual(queued.map((e) => e.id));
    expect(store.meta()).toMatchObject({
      lastFullSyncAt: snapshot.meta.lastFullSyncAt,
      customerCount: 4,
      pendingCount: 2,
    });
  });

  it('sends the queued edit and create, queues new entries after them, and refreshes', async () => {
    const { h, store, ann, localId } = await upgraded();
    // A new entry's queue position comes from the `seq` index: it must follow the upgraded entries.
    expect(await store.createCustomer({ first_name: 'Eve' })).toMatchObject({ ok: true });
    const eve = createdId(store.outbox(), 'Eve');
    const queue = (await store.db.outbox.orderBy('seq').toArray()).map((e) => e.changes.first_name ?? null);
    expect(queue).toEqual([null, 'Dee', 'Eve']);
    h.net.online = true;
    await store.replay();
    expect(store.outbox()).toHaveLength(0);
    expect(h.rotor.customers.get(ann)).toMatchObject({ notes: 'gate code 12' });
    const inRotor = (first: string) =>
      must(
        [...h.rotor.customers.values()].find((c) => c.first_name === first),
        `${first} in Rotor`,
      ).id;
    expect(store.get(localId)?.id).toBe(inRotor('Dee'));
    expect(store.get(eve)?.id).toBe(inRotor('Eve'));
    // The upgraded cache logs what it sent (v4).
    expect(
      store
        .deliveriesToday()
        .map((d) => d.kind)
        .sort(),
    ).toEqual(['create', 'create', 'update']);
    expect(store.get(ann)?.sentAt).toBe(must(store.deliveriesToday()[0], 'a delivery').at);
    // The refresh's sweep counts rows by the `passId` index.
    h.rotor.customers.delete(h.id(1));
    expect(await store.fullRefresh()).toMatchObject({ kind: 'completed', customers: 4 });
    expect(store.get(h.id(1))).toBeUndefined();
    expect(store.meta()).toMatchObject({ customerCount: 4, pendingCount: 0 });
  });
});

describe('schema v3 → current', () => {
  it('adds the empty delivery log and keeps every customer, entry and the meta row as they were', async () => {
    const app = await appData();
    const name = `test-v3-${crypto.randomUUID()}`;
    const v3 = new Dexie(name);
    declareVersions(v3, 3);
    await v3.open();
    await v3.table('customers').bulkPut(app.snapshot.rows);
    await v3.table('outbox').bulkPut(app.snapshot.entries);
    await v3.table('meta').put(app.snapshot.meta);
    v3.close();
    const store = await app.h.reopen({ dbName: name });
    cleanup.push(() => store.close());
    expect(store.db.verno).toBe(DB_VERSION);
    expect(await store.db.customers.toArray()).toEqual(app.snapshot.rows);
    expect(await store.db.outbox.toArray()).toEqual(app.snapshot.entries);
    expect(await store.db.meta.get('sync')).toEqual(app.snapshot.meta);
    expect(await store.db.deliveries.count()).toBe(0);
    expect(store.deliveriesToday()).toEqual([]);
    expect(store.get(app.ann)?.sentAt).toBeUndefined();
  });
});

describe('schema v4 → current', () => {
  it('adds the empty imports table and the importId index; old entries are nobody’s import, and imports work', async () => {
    const app = await appData();
    const name = `test-v4-${crypto.randomUUID()}`;
    const v4 = new Dexie(name);
    declareVersions(v4, 4);
    await v4.open();
    await v4.table('customers').bulkPut(app.snapshot.rows);
    await v4.table('outbox').bulkPut(app.snapshot.entries);
    await v4.table('meta').put(app.snapshot.meta);
    v4.close();
    const store = await app.h.reopen({ dbName: name });
    cleanup.push(() => store.close());
    expect(store.db.verno).toBe(DB_VERSION);
    expect(await store.db.outbox.toArray()).toEqual(app.snapshot.entries);
    expect(await store.db.imports.count()).toBe(0);
    expect(store.importGroups()).toEqual([]);
    const queued = await store.queueImport({
      fileName: 'leads.csv',
      rows: [{ row: 1, target: null, changes: { first_name: 'Fay' } }],
    });
    expect(queued).toMatchObject({ ok: true, data: { queued: 1 } });
    expect(store.importGroups()).toMatchObject([{ fileName: 'leads.csv', total: 1, waiting: 1 }]);
    expect(
      await store.db.outbox
        .where('importId')
        .equals(queued.ok ? queued.data.importId : '')
        .count(),
    ).toBe(1);
  });
});
