/**
 * The end of a complete full-refresh pass: removes cached customers Rotor no longer lists, by the
 * sweep rule stated at the top of sync.ts, and records the pass in the meta row.
 */
import { Changes } from '../outbox/changes';
import type { CustomerRow, RotorDb, SyncMeta } from '../db/schema';
import { readMeta } from '../db/schema';
import { isLocalId } from '../outbox/entries';
import { createdMs, isCovered } from './pages';
import type { PassCursor } from './types';

/**
 * Whether a row the pass did not read is known to be gone from Rotor's list: it was there before the
 * pass's first page was requested, and a page of the pass would have returned it had it still been.
 */
export function sweepable(row: CustomerRow, cursor: PassCursor): boolean {
  if (row.passId === cursor.passId || isLocalId(row.id) || row.server === null) return false;
  // Its server copy was asked for after the pass began: Rotor may have listed it only afterwards.
  if (row.serverStamp >= cursor.startedStamp) return false;
  if (row.passId === null) {
    // Known only from an upsert (or get) answer, never from a list: it is known to have been in Rotor
    // before the pass only if that answer arrived before the pass's first page was requested.
    const arrived = row.fetchedAt ? Date.parse(row.fetchedAt) : NaN;
    if (!(arrived < Date.parse(cursor.startedAt))) return false;
  }
  return isCovered(cursor.covered, createdMs(row.created_at));
}

/**
 * Sweeps (unless the pass skipped records or saw pages out of order) and closes the pass. Returns
 * the customers the pass read.
 */
export async function finishPass(
  db: RotorDb,
  cursor: PassCursor,
  commit: (changes: Changes) => void,
): Promise<number> {
  const changes = new Changes(db);
  let read = 0;
  await db.transaction('rw', db.customers, db.outbox, db.meta, async () => {
    // Keys only: the pass's own rows (usually all of them) are never read back.
    const mine = new Set(await db.customers.where('passId').equals(cursor.passId).primaryKeys());
    read = mine.size;
    // A skipped record is still in Rotor but in no page: its cached row must not be taken for gone.
    if (cursor.skipped === 0 && !cursor.unordered) {
      const others = (await db.customers.toCollection().primaryKeys()).filter((id) => !mine.has(id));
      const gone = (await db.customers.bulkGet(others)).filter(
        (r): r is CustomerRow => r !== undefined && sweepable(r, cursor),
      );
      const withEntries = new Set(
        (
          await db.outbox
            .where('customerId')
            .anyOf(gone.map((r) => r.id))
            .toArray()
        ).map((e) => e.customerId),
      );
      const remove: string[] = [];
      const flag: CustomerRow[] = [];
      for (const r of gone) {
        if (!withEntries.has(r.id)) remove.push(r.id);
        else if (!r.missingOnServer) flag.push({ ...r, missingOnServer: true });
      }
      await changes.deleteRows(remove);
      await changes.putRows(flag);
    }
    const meta: SyncMeta = {
      ...(await readMeta(db)),
      // What the cache shows is at least as fresh as the moment the pass began.
      lastFullSyncAt: cursor.startedAt,
      lastKnownTotal: cursor.total,
      cursor: null,
    };
    await db.meta.put(meta);
    changes.meta = meta;
  });
  commit(changes);
  return read;
}

/** Ends a pass without a sweep and forgets its cursor, so the next refresh starts a new one. */
export async function dropPass(db: RotorDb, commit: (changes: Changes) => void): Promise<void> {
  const changes = new Changes(db);
  await db.transaction('rw', db.meta, async () => {
    const meta: SyncMeta = { ...(await readMeta(db)), cursor: null };
    await db.meta.put(meta);
    changes.meta = meta;
  });
  commit(changes);
}
