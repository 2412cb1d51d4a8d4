/**
 * Opening a cache shows its first screen (by name) before every row is read, then reads the rest in
 * chunks into memory and the search index; whatever needs the whole cache waits for that, and an edit
 * made meanwhile is kept.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EMPTY_META, openDb } from '$lib/data/db/schema';
import type { CustomerRow, RotorDb, StoredEntry } from '$lib/data/db/schema';
import { applyChanges, emptyCustomer } from '$lib/data/mapping';
import { newEntry } from '$lib/data/outbox/entries';
import { composeRow } from '$lib/data/outbox/rebase';
import { CacheView } from '$lib/data/store/cache-view';
import { countRows, FIRST_SCREEN, readOpening, readRest } from '$lib/data/store/read-rows';
import { nextTask } from '$lib/data/next-task';
import { TELL_EVERY } from '$lib/data/store/cache-loader';
import { MAX_SLICE } from '$lib/data/store/load-pace';
import type { LoadProgress } from '$lib/data/store/read-rows';
import { LocalDataStore } from '$lib/data/store/store';
import type { OpenDataStoreOptions } from '$lib/data/store/store';
import { openingText } from '$lib/state/opening-text';
import { FakeRotor } from './fake-rotor';
import { T0 } from './helpers';

const N = 3_001;
const idOf = (i: number): string => `c-${String(i).padStart(5, '0')}`;

/** Every slice `readRest` hands over, by length, and the ids they held. */
async function readAllOf(
  db: RotorDb,
  slice: () => number,
  readSize: () => number,
): Promise<{ chunks: number[]; ids: Set<string> }> {
  const chunks: number[] = [];
  const ids = new Set<string>();
  for await (const chunk of readRest(db, slice, readSize)) {
    chunks.push(chunk.length);
    for (const r of chunk) ids.add(r.id);
  }
  return { chunks, ids };
}

/** Last names run against the ids, so name order and primary-key order differ. */
function row(
  id: string,
  lastName = `Z${String(100_000 - Number(id.slice(2))).padStart(6, '0')}`,
): CustomerRow {
  return composeRow({
    id,
    server: applyChanges(emptyCustomer(id), { first_name: 'Ada', last_name: lastName }),
    entries: [],
    passId: 'p',
    serverStamp: 1,
    fetchedAt: null,
    missingOnServer: false,
  });
}

let dbs: RotorDb[] = [];
let stores: LocalDataStore[] = [];
afterEach(() => {
  for (const s of stores) s.close();
  for (const d of dbs) d.close();
  stores = [];
  dbs = [];
});

async function seeded(n: number): Promise<{ db: RotorDb; name: string }> {
  const name = `test-opening-${crypto.randomUUID()}`;
  const db = openDb(name);
  dbs.push(db);
  await db.open();
  await db.customers.bulkPut(Array.from({ length: n }, (_, i) => row(idOf(i))));
  return { db, name };
}

function storeOn(
  dbName: string,
  rotor: FakeRotor,
  seen: (LoadProgress | null)[] = [],
  online = true,
): LocalDataStore {
  const opts: OpenDataStoreOptions = {
    accountId: 'acct-test',
    api: rotor.api,
    settings: () => ({
      pageSize: 50,
      includeArchived: false,
      replayConcurrency: 4,
      autoRefreshHours: 6,
      freshCopyMinutes: 2,
    }),
    quota: () => ({
      usedToday: 0,
      dailyLimit: 1000,
      remaining: 1000,
      exhausted: false,
      resetsAt: '2099-01-01T00:00:00.000Z',
      nextProbeAt: null,
    }),
    online: () => online,
    now: () => T0,
    schedule: () => () => undefined,
    dbName,
    broadcast: false,
    onLoadProgress: (p) => seen.push(p),
  };
  const store = new LocalDataStore(opts);
  stores.push(store);
  return store;
}

describe('reading a cache', () => {
  it('reads the first screen by name, then every row once in chunks', async () => {
    const { db } = await seeded(N);
    const opening = await readOpening(db, T0);
    expect(await countRows(db)).toBe(N);
    // The last ids have the first names.
    expect(opening.first.map((r) => r.id)).toEqual(
      Array.from({ length: FIRST_SCREEN }, (_, i) => idOf(N - 1 - i)),
    );
    // Reads of 1,000 rows, each handed over in slices of 400 (the last read is the short one).
    const { chunks, ids } = await readAllOf(
      db,
      () => 400,
      () => 1_000,
    );
    expect(chunks).toEqual([400, 400, 200, 400, 400, 200, 400, 400, 200, 1]);
    // Every row once: the slices add up to N and hold N distinct ids.
    expect(chunks.reduce((a, b) => a + b, 0)).toBe(N);
    expect(ids.size).toBe(N);
  });

  it('hands over each read’s first slice in a task of its own, not in the task that answered the read', async () => {
    const { db } = await seeded(N);
    // nextTask ends a task with a message: count the messages between one slice and the next.
    const post = vi.spyOn(MessagePort.prototype, 'postMessage');
    try {
      const before: number[] = [];
      for await (const _chunk of readRest(
        db,
        () => 400,
        () => 1_000,
      )) {
        before.push(post.mock.calls.length);
        post.mockClear();
      }
      // Slices of 400, 400, 200 per read of 1,000: one yield after every slice, and one more between
      // each read's answer and its first slice.
      expect(before).toEqual([1, 1, 1, 2, 1, 1, 2, 1, 1, 2]);
    } finally {
      post.mockRestore();
    }
  });

  it('ends the task at each yield, answering the yields in the order they were asked, through one channel', async () => {
    await nextTask();
    const made = vi.fn();
    const Real = globalThis.MessageChannel;
    vi.stubGlobal(
      'MessageChannel',
      class extends Real {
        constructor() {
          super();
          made();
        }
      },
    );
    try {
      const order: string[] = [];
      const waits = ['a', 'b', 'c'].map((name) => nextTask().then(() => order.push(name)));
      // A yield is a task away: the microtasks queued after it run first.
      await Promise.resolve();
      order.push('microtask');
      await Promise.all(waits);
      expect(order).toEqual(['microtask', 'a', 'b', 'c']);
      for (let i = 0; i < 50; i++) await nextTask();
      expect(made).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('asks the caller for each slice’s size, so the load can follow what a slice costs', async () => {
    const { db } = await seeded(N);
    const sizes = [100, 700, 50];
    let asked = 0;
    const { chunks, ids } = await readAllOf(
      db,
      () => sizes[asked++ % sizes.length] ?? 1,
      () => 1_000,
    );
    // Each slice is the size asked for, cut short only at the end of a read.
    expect(chunks.slice(0, 5)).toEqual([100, 700, 50, 100, 50]);
    expect(chunks.reduce((a, b) => a + b, 0)).toBe(N);
    expect(ids.size).toBe(N);
  });

  it('asks for each read’s size before sending it, so reads follow the CPU too', async () => {
    const { db } = await seeded(N);
    const reads = [300, 1_000, 200];
    let asked = 0;
    const { chunks, ids } = await readAllOf(
      db,
      () => 10_000,
      () => reads[asked++ % reads.length] ?? 1,
    );
    // A slice bigger than a read is the whole read.
    expect(chunks.slice(0, 4)).toEqual([300, 1_000, 200, 300]);
    expect(chunks.reduce((a, b) => a + b, 0)).toBe(N);
    expect(ids.size).toBe(N);
  });

  it('says the count read of the total', () => {
    expect(openingText(null, 'en-US')).toBe('Opening your customers…');
    expect(openingText({ total: 20_000, read: 8_000 }, 'en-US')).toBe('Opening 20,000 customers… 8,000 read');
    expect(openingText({ total: 0, read: 0 }, 'en-US')).toBe('Opening your customers…');
  });
});

describe('opening a store', () => {
  it('answers at the first screen, before the full read, and has every row once loaded', async () => {
    // One report past the first screen: a cache just over TELL_EVERY rows.
    const M = TELL_EVERY + 1;
    const { name } = await seeded(M);
    const seen: (LoadProgress | null)[] = [];
    const store = storeOn(name, new FakeRotor(() => T0), seen);
    await store.load();
    expect(store.meta().customerCount).toBe(FIRST_SCREEN);
    const first = store.search({ text: '' });
    expect(first.slice(0, 3)).toEqual([idOf(M - 1), idOf(M - 2), idOf(M - 3)]);
    // Shown before the rows are counted (counting walks them all), the total follows.
    expect(seen[0]).toEqual({ total: 0, read: FIRST_SCREEN });
    await store.loaded;
    expect(seen[1]).toEqual({ total: M, read: FIRST_SCREEN });
    expect(store.meta().customerCount).toBe(M);
    expect(store.search({ text: '' }).total).toBe(M);
    expect(seen.at(-1)).toBeNull();
    const reads = seen.filter((p): p is LoadProgress => p !== null).map((p) => p.read);
    // The first screen (uncounted, then counted), then once TELL_EVERY rows are read (each report is
    // a re-render of the list); slices are sized by what they cost, so it lands within a slice past it.
    expect(reads).toHaveLength(3);
    expect(reads.slice(0, 2)).toEqual([FIRST_SCREEN, FIRST_SCREEN]);
    expect(reads[2]).toBeGreaterThanOrEqual(TELL_EVERY);
    expect(reads[2]).toBeLessThan(TELL_EVERY + MAX_SLICE);
  });

  it('holds replay and refreshes until every row is in memory', async () => {
    const { name } = await seeded(N);
    const rotor = new FakeRotor(() => T0);
    const store = storeOn(name, rotor);
    const countsAtRequest: number[] = [];
    rotor.beforeHandle = () => {
      countsAtRequest.push(store.meta().customerCount);
    };
    await store.load();
    const refresh = store.fullRefresh({ manual: true });
    const auto = store.maybeAutoRefresh();
    const replay = store.replay();
    expect(store.meta().customerCount).toBeLessThan(N);
    await Promise.all([refresh, auto, replay]);
    expect(countsAtRequest.length).toBeGreaterThan(0);
    expect(countsAtRequest[0]).toBe(N);
  });

  it('keeps an edit saved while the rest is read', async () => {
    const { name } = await seeded(N);
    const rotor = new FakeRotor(() => T0);
    rotor.account = null;
    const store = storeOn(name, rotor);
    await store.load();
    // One row on the first screen, one in a later chunk.
    const shown = idOf(N - 1);
    const later = idOf(1_500);
    expect(store.get(later)).toBeUndefined();
    const [a, b] = await Promise.all([
      store.saveEdit(shown, { notes: 'edited while loading' }),
      store.saveEdit(later, { notes: 'edited too' }),
    ]);
    expect(a.ok && b.ok).toBe(true);
    expect(store.get(shown)?.notes).toBe('edited while loading');
    await store.loaded;
    expect(store.get(shown)?.notes).toBe('edited while loading');
    expect(store.get(later)?.notes).toBe('edited too');
    expect(store.search({ text: 'edited while loading' }).ids).toEqual([shown]);
  });
});

describe('reopening with changes waiting', () => {
  it('has the customers with waiting changes from the first screen on', async () => {
    const { name } = await seeded(N);
    const rotor = new FakeRotor(() => T0);
    rotor.account = null;
    // Offline, so the change stays queued.
    const first = storeOn(name, rotor, [], false);
    await first.load();
    await first.loaded;
    const later = idOf(1_500);
    expect((await first.saveEdit(later, { notes: 'waiting' })).ok).toBe(true);
    first.close();
    const again = storeOn(name, rotor, [], false);
    await again.load();
    expect(again.meta().customerCount).toBeLessThan(N);
    expect(again.get(later)?.notes).toBe('waiting');
    expect(again.outbox().map((e) => e.customerId)).toEqual([later]);
  });
});

describe('a chunk with a row the opening already read', () => {
  it('keeps the record in memory when the row is the same, and takes a changed one', () => {
    const view = new CacheView();
    view.load([row('c-1', 'Same'), row('c-2', 'Old')], [], { ...EMPTY_META }, []);
    const same = view.records.get('c-1');
    view.addLoaded([row('c-1', 'Same'), row('c-2', 'New'), row('c-3')], new Set());
    // The same object: the list's rows showing it have nothing to draw again.
    expect(view.records.get('c-1')).toBe(same);
    // Another window wrote c-2 between the two reads: the newer copy wins, in the index too.
    expect(view.records.get('c-2')?.last_name).toBe('New');
    expect(view.index.search({ text: 'new' }).ids).toEqual(['c-2']);
    expect(view.index.search({ text: 'old' }).ids).toEqual([]);
    expect(view.records.size).toBe(3);
  });

  it('takes Rotor’s newer copy of a customer with a waiting change, even when the record reads the same', () => {
    // The waiting change sets the phone, so a new phone in Rotor's copy leaves the record as it was.
    const entry: StoredEntry = {
      ...newEntry({ uuid: () => 'e-1' }, 1, 'c-1', 'update', new Date(T0).toISOString()),
      changes: { phone: '555 0100' },
    };
    const withRotorPhone = (phone: string): CustomerRow =>
      composeRow({
        id: 'c-1',
        server: applyChanges(emptyCustomer('c-1'), { first_name: 'Ada', last_name: 'L', phone }),
        entries: [entry],
        passId: 'p',
        serverStamp: 1,
        fetchedAt: null,
        missingOnServer: false,
      });
    const view = new CacheView();
    view.load([withRotorPhone('555 0001')], [entry], { ...EMPTY_META }, []);
    const same = view.records.get('c-1');
    view.addLoaded([withRotorPhone('555 0002')], new Set());
    expect(view.records.get('c-1')).toBe(same);
    // What Rotor would match an upsert against is its copy as read last.
    expect(view.findUpsertMatch({ phone: '555 0002' })?.id).toBe('c-1');
    expect(view.findUpsertMatch({ phone: '555 0001' })).toBeUndefined();
  });

  it('leaves the first screen’s records as they were once every row is in', async () => {
    const { name } = await seeded(N);
    const store = storeOn(name, new FakeRotor(() => T0));
    await store.load();
    const first = store.search({ text: '' }).slice(0, FIRST_SCREEN);
    const before = first.map((id) => store.get(id));
    await store.loaded;
    expect(first.map((id) => store.get(id))).toEqual(before);
    first.forEach((id, i) => expect(store.get(id)).toBe(before[i]));
  });
});

describe('a chunk read before an edit was applied', () => {
  it('does not overwrite the edit', () => {
    const view = new CacheView();
    const stale = row('c-1', 'Old');
    const fresh = row('c-1', 'New');
    view.load([], [], { ...EMPTY_META }, []);
    view.addLoaded([fresh], new Set());
    view.addLoaded([stale, row('c-2')], new Set(['c-1']));
    expect(view.records.get('c-1')?.last_name).toBe('New');
    expect(view.records.size).toBe(2);
  });
});
