/**
 * A blank pass: a first sync into an empty cache writes its pages without reading them first (no
 * bulkGet of the page's ids, no outbox query), because nothing but the pass's own rows can be there.
 *
 * The rule, checked inside each page's write transaction (so no write slips between check and write):
 * - page 1 of a new pass found the customers table and the outbox empty (a resumed cursor written
 *   before this rule, or any start on a non-empty cache, reads as usual for the whole pass);
 * - and since then no one but the pass wrote a customer: the outbox is still empty (no edit or create
 *   waiting, in this window or another), no delivery was logged (an upsert answer stores Rotor's newer
 *   copy, with fields a list never carries; deliveries.ts logs one in every answer's transaction), and
 *   no customer was read again on its own (refresh-one.ts clears the mark in the stored cursor).
 * Without those writes a row already there is the pass's own from an earlier page, and writing the
 * page over it is what reading it would have written. A rule broken once stays broken for the pass:
 * reading costs time, never correctness.
 */
import type { Changes } from '../outbox/changes';
import type { RotorDb, SyncCursor, SyncMeta } from '../db/schema';
import { readMeta } from '../db/schema';
import type { PassCursor, PassCursorExtras } from './types';

/** What the pass saw when it found the cache empty. */
export interface BlankMark {
  /** Delivery log rows then: an answer since adds one (pruning alone only removes). */
  deliveries: number;
}

type StoredCursor = (SyncCursor & Partial<PassCursorExtras>) | null;

const noDeliverySince = async (db: RotorDb, cursor: PassCursor, mark: BlankMark): Promise<boolean> =>
  (await db.deliveries.count()) === mark.deliveries &&
  (await db.deliveries.where('at').aboveOrEqual(cursor.startedAt).count()) === 0;

/**
 * Whether `page` may be written without reading; updates `cursor.blank`. Call inside the page's write
 * transaction (customers, outbox, meta and deliveries), with the cursor as stored before this page.
 */
export async function blankPage(
  db: RotorDb,
  cursor: PassCursor,
  page: number,
  stored: StoredCursor,
): Promise<boolean> {
  if (page === 1) {
    const empty = (await db.customers.count()) === 0 && (await db.outbox.count()) === 0;
    const mark = empty ? { deliveries: await db.deliveries.count() } : null;
    cursor.blank = mark && (await noDeliverySince(db, cursor, mark)) ? mark : null;
    return cursor.blank !== null;
  }
  const mark = cursor.blank;
  const cleared = stored?.passId === cursor.passId && !stored.blank;
  if (!mark || cleared || (await db.outbox.count()) > 0 || !(await noDeliverySince(db, cursor, mark)))
    cursor.blank = null;
  return cursor.blank !== null;
}

/**
 * A customer written outside the pass (refresh-one): a blank pass under way must read from now on.
 * Call inside the writer's transaction, which must include `db.meta`.
 */
export async function endBlank(db: RotorDb, changes: Changes): Promise<void> {
  const meta = await readMeta(db);
  const cursor = meta.cursor as StoredCursor;
  if (!cursor?.blank) return;
  const next: SyncMeta = { ...meta, cursor: { ...cursor, blank: null } as SyncCursor };
  await db.meta.put(next);
  changes.meta = next;
}
