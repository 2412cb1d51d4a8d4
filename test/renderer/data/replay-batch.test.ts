/**
 * Replay's shared transactions (replay/tx-batch.ts): marks and answers that land together go in one
 * IndexedDB transaction, without changing what each sees or when it counts as written.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDb } from '$lib/data/db/schema';
import type { RotorDb } from '$lib/data/db/schema';
import type { Changes } from '$lib/data/outbox/changes';
import type { LocalDataStore } from '$lib/data/store/store';
import { TxBatch } from '$lib/data/replay/tx-batch';
import type { TxStores } from '$lib/data/replay/tx-batch';

const META: TxStores = ['meta'];
import { must, syncedHarness } from './helpers';

let dbs: RotorDb[] = [];
let open: LocalDataStore[] = [];
afterEach(async () => {
  for (const s of open) s.close();
  open = [];
  for (const db of dbs) await db.delete();
  dbs = [];
  vi.restoreAllMocks();
});

async function batchOn(): Promise<{
  db: RotorDb;
  tx: TxBatch;
  committed: string[];
  count: () => number;
  told: () => number;
}> {
  const db = openDb(`tx-batch-${Math.random()}`);
  dbs.push(db);
  await db.open();
  const spy = vi.spyOn(db, 'transaction');
  const committed: string[] = [];
  let told = 0;
  const tx = new TxBatch(db, (...cs: Changes[]) => {
    told++;
    for (const c of cs) committed.push(...c.rows.keys());
  });
  return { db, tx, committed, count: () => spy.mock.calls.length, told: () => told };
}

/** The meta table as plain key/value rows: these tests only need somewhere to write. */
const kv = (db: RotorDb) => db.table<{ key: string; cursor: string }, string>('meta');

/** A job that reads `read` (if given), writes `key` with what it read appended, and records it. */
function job(db: RotorDb, key: string, read?: string) {
  return async (changes: Changes): Promise<string> => {
    const seen = read ? ((await kv(db).get(read))?.cursor ?? 'none') : '';
    const value = `${seen}+${key}`;
    await kv(db).put({ key, cursor: value });
    // Stands for the row the job wrote, so the test sees which jobs memory was told of, in order.
    changes.rows.set(key, null);
    return value;
  };
}

describe('TxBatch', () => {
  it('jobs asked while one runs share the next transaction, in the order asked, each told once written', async () => {
    const { db, tx, committed, count } = await batchOn();
    const first = tx.run(META, job(db, 'a'));
    const second = tx.run(META, job(db, 'b', 'a'));
    const third = tx.run(META, job(db, 'c', 'b'));
    const values = await Promise.all([first, second, third]);
    // 'b' ran after 'a' committed and 'c' saw what 'b' wrote in the same transaction.
    expect(values).toEqual(['+a', '+a+b', '+a+b+c']);
    expect(count()).toBe(2);
    expect(committed).toEqual(['a', 'b', 'c']);
  });

  it('memory is told of a shared transaction once, with every job’s changes in order', async () => {
    const { db, tx, committed, told } = await batchOn();
    const first = tx.run(META, job(db, 'a'));
    const rest = [tx.run(META, job(db, 'b')), tx.run(META, job(db, 'c'))];
    await Promise.all([first, ...rest]);
    // 'a' alone, then 'b' and 'c' together: two transactions, two notifications, not three.
    expect(told()).toBe(2);
    expect(committed).toEqual(['a', 'b', 'c']);
  });

  it('a job resolves only after its transaction committed and memory was told', async () => {
    const { db, tx, committed } = await batchOn();
    const order: string[] = [];
    const done = tx.run(META, job(db, 'a')).then(async () => {
      order.push(`resolved after ${committed.join(',')}`);
      // Another connection sees it: it is durable, not merely in the transaction.
      const other = openDb(db.name);
      order.push(`stored ${(await kv(other).get('a'))?.cursor}`);
      other.close();
    });
    await done;
    expect(order).toEqual(['resolved after a', 'stored +a']);
  });

  it('a deferred job waits for the next run and goes in its transaction, before it', async () => {
    const { db, tx, count } = await batchOn();
    const deferred = tx.defer(META, job(db, 'answer'));
    await kv(db).get('anything');
    expect(await kv(db).get('answer')).toBeUndefined();
    const before = count();
    const mark = tx.run(META, job(db, 'mark', 'answer'));
    expect(await Promise.all([deferred, mark])).toEqual(['+answer', '+answer+mark']);
    expect(count() - before).toBe(1);
  });

  it('flush writes a deferred job on its own', async () => {
    const { db, tx } = await batchOn();
    const deferred = tx.defer(META, job(db, 'answer'));
    tx.flush();
    expect(await deferred).toBe('+answer');
    expect((await kv(db).get('answer'))?.cursor).toBe('+answer');
  });

  it('`after` runs the moment the transaction committed: durably written, before memory is told or the job resolves', async () => {
    const { db, tx, committed } = await batchOn();
    const order: string[] = [];
    let stored: Promise<string | undefined> | null = null;
    const done = tx
      .run(META, job(db, 'a'), (value) => {
        order.push(`after ${value}, memory told of [${committed.join(',')}]`);
        // Another connection sees it already: the transaction is committed, not merely done.
        const other = openDb(db.name);
        stored = kv(other)
          .get('a')
          .then((row) => row?.cursor)
          .finally(() => other.close());
      })
      .then((value) => order.push(`resolved ${value}, memory told of [${committed.join(',')}]`));
    await done;
    expect(order).toEqual(['after +a, memory told of []', 'resolved +a, memory told of [a]']);
    expect(await must(stored)).toBe('+a');
  });

  it('one failing job fails alone: the others of its batch are still written, in order', async () => {
    const { db, tx, committed } = await batchOn();
    const first = tx.run(META, job(db, 'a'));
    const bad = tx.run(META, async (changes) => {
      await job(db, 'bad')(changes);
      throw new Error('disk full');
    });
    const after = tx.run(META, job(db, 'c', 'bad'));
    await first;
    await expect(bad).rejects.toThrow('disk full');
    // 'bad' was rolled back with its batch; 'c' ran again without it and saw nothing of it.
    expect(await after).toBe('none+c');
    expect(await kv(db).get('bad')).toBeUndefined();
    expect(committed).toEqual(['a', 'c']);
  });
});

describe('replay over shared transactions', () => {
  it('a send goes the moment its mark commits, before memory shows it sending or any listener re-renders', async () => {
    const h = await syncedHarness([{ first_name: 'A', notes: 'n' }]);
    open.push(h.store);
    await h.store.saveEdit(h.id(0), { notes: 'edit' });
    let told = 0;
    h.store.subscribe(() => told++);
    const seen: string[] = [];
    h.rotor.beforeHandle = async (method) => {
      if (method !== 'upsert') return;
      seen.push(`memory ${h.store.outbox()[0]?.state}, listeners told ${told}`);
      const [stored] = await h.store.db.outbox.toArray();
      seen.push(`stored ${stored?.state}`);
    };
    h.net.online = true;
    await h.store.replay();
    expect(seen).toEqual(['memory pending, listeners told 0', 'stored sending']);
    expect(h.store.outbox()).toHaveLength(0);
  });

  it('one lane at a time: each answer shares the next mark’s transaction, and every send is durably marked with the previous answer written', async () => {
    // Before the store opens: Dexie binds the database's transaction() once, when it opens.
    const spy = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const h = await syncedHarness(['A', 'B', 'C', 'D'].map((n) => ({ first_name: n, notes: 'n' })));
    open.push(h.store);
    h.settings.replayConcurrency = 1;
    const seen: string[] = [];
    h.rotor.beforeHandle = async (method, arg) => {
      if (method !== 'upsert') return;
      const id = (arg as { customer: { id: string } }).customer.id;
      // What IndexedDB holds when the request goes: this entry sending, earlier answers written.
      const { db } = h.store;
      const [entries, delivered] = await db.transaction('r', db.outbox, db.deliveries, () =>
        Promise.all([db.outbox.toArray(), db.deliveries.count()]),
      );
      const mine = must(entries.find((e) => e.customerId === id));
      seen.push(`${h.ids.indexOf(id)}:${mine.state}:${entries.length}:${delivered}`);
    };
    const sendAll = async (ids: string[]): Promise<number> => {
      for (const id of ids) await h.store.saveEdit(id, { notes: `edit ${ids.length}` });
      h.net.online = true;
      spy.mockClear();
      await h.store.replay();
      h.net.online = false;
      // Less this test's own look at IndexedDB, one transaction a request.
      return spy.mock.calls.length - ids.length;
    };
    const one = await sendAll([h.id(0)]);
    const three = await sendAll([h.id(1), h.id(2), h.id(3)]);
    spy.mockRestore();
    expect(seen).toEqual(['0:sending:1:0', '1:sending:3:1', '2:sending:2:2', '3:sending:1:3']);
    expect(h.store.outbox()).toHaveLength(0);
    expect(h.rotor.customers.get(h.id(3))).toMatchObject({ notes: 'edit 3' });
    // One change: its mark and its answer. Each further one adds one: its mark took the answer along.
    expect(three - one).toBe(2);
  });
});
