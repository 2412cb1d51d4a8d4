/**
 * What opening an account's cache reads, in two steps so the list shows before the whole cache is in
 * memory: `readOpening` reads the first screen of customers by the `nameKey` index (what the default
 * name sort shows first) with the outbox, meta and delivery log; `readRest` then reads every customer
 * by primary key in chunks, handed over in slices the caller sizes (load-pace.ts) so adding one stays
 * well under a 50 ms task.
 */
import { loadDeliveries } from '../db/deliveries';
import { readMeta } from '../db/schema';
import type { CustomerRow, RotorDb, StoredEntry, SyncMeta } from '../db/schema';
import type { Delivery, ImportGroupRow } from '../types';
import { nextTask } from '../next-task';

/** How far opening has got: customers read (into memory and the search index) of those on this computer. */
export interface LoadProgress {
  /** 0 until they are counted (just after the first screen shows). */
  total: number;
  read: number;
}

/** About one screen of the list plus its overscan (the bench's cold floor reads the same). */
export const FIRST_SCREEN = 50;
/**
 * Rows per background read, at most (a slow CPU reads fewer: load-pace.ts `readSize`). Each read is
 * its own IndexedDB request with a round trip to the browser process, so 250-row reads spent more time
 * waiting than reading (50,000 rows: 200 reads, search ready 5.1 s against 2.5 s for one read of
 * everything); the next read is asked for while this one is added. Not 1,000: a read's answer is
 * deserialised in one task, ~10 ms idle but 50+ ms on a loaded or slow CPU (bench 2026-12-03, 50,000,
 * one loaded round each: long tasks after first rows 23 → 4).
 */
export const READ_CHUNK = 500;

export interface Opening {
  first: CustomerRow[];
  entries: StoredEntry[];
  meta: SyncMeta;
  deliveries: Delivery[];
  imports: ImportGroupRow[];
}

/** The first screen and everything small the view starts from (deliveries pruned on the way). */
export async function readOpening(db: RotorDb, nowMs: number): Promise<Opening> {
  const [screen, entries, meta, deliveries, imports] = await Promise.all([
    db.customers.orderBy('nameKey').limit(FIRST_SCREEN).toArray(),
    db.outbox.toArray(),
    readMeta(db),
    loadDeliveries(db, nowMs),
    db.imports.toArray(),
  ]);
  // The customers with waiting changes too (few), so Pending changes never says one is gone meanwhile.
  const onScreen = new Set(screen.map((r) => r.id));
  const waiting = [...new Set(entries.map((e) => e.customerId))].filter((id) => !onScreen.has(id));
  const pending = waiting.length ? await db.customers.bulkGet(waiting) : [];
  const first = [...screen, ...pending.filter((r): r is CustomerRow => r !== undefined)];
  return { first, entries, meta, deliveries, imports };
}

/**
 * How many customers the cache holds. Not part of the opening: IndexedDB counts by walking every row
 * (~200 ms at 50,000) and runs a database's requests one after another, so a count asked for with the
 * opening's reads held the first screen back by as much (even asked last: the delivery log's
 * transaction issues its reads later, behind it).
 */
export function countRows(db: RotorDb): Promise<number> {
  return db.customers.count();
}

const readAfter = (db: RotorDb, last: string | null, size: number): Promise<CustomerRow[]> =>
  last === null
    ? db.customers.orderBy('id').limit(size).toArray()
    : db.customers.where('id').above(last).limit(size).toArray();

/**
 * Every customer, by primary key, in slices of `slice()` rows (asked before each), each in a task of
 * its own (the caller adds a slice per task); the next read, of `readSize()` rows (asked before each),
 * is already on its way while a chunk is sliced.
 */
export async function* readRest(
  db: RotorDb,
  slice: () => number,
  readSize: () => number = () => READ_CHUNK,
): AsyncGenerator<CustomerRow[]> {
  let asked = Math.max(1, readSize());
  let next = readAfter(db, null, asked);
  for (;;) {
    const chunk = await next;
    const tail = chunk.at(-1);
    const more = tail !== undefined && chunk.length === asked;
    if (more) {
      asked = Math.max(1, readSize());
      next = readAfter(db, tail.id, asked);
    }
    // The read's answer arrives in a task that has already deserialised its rows: the first slice
    // gets a task of its own rather than lengthen that one past 50 ms on a slow CPU.
    await nextTask();
    for (let i = 0; i < chunk.length;) {
      const size = Math.max(1, slice());
      yield chunk.slice(i, i + size);
      i += size;
      await nextTask();
    }
    if (!more) return;
  }
}
