/**
 * Marking an entry `sending`, durably, before its request goes (replay.ts), and putting back entries a
 * window that died mid-send left `sending`.
 */
import type { CustomerRow, StoredEntry } from '../db/schema';
import { Changes } from '../outbox/changes';
import { isLocalId } from '../outbox/outbox';
import { presendNeed } from './presend-check';
import { isDue, nameOf } from './deps';
import type { ReplayDeps } from './deps';
import type { TxRun } from './tx-batch';

/** An entry marked `sending`, or (`read` set) an update left as it was because Rotor's copy must be read first. */
export type Marked = { read: null; entry: StoredEntry } | { read: CustomerRow; entry: StoredEntry };

export async function resetStaleSending(d: ReplayDeps): Promise<void> {
  const { db } = d;
  const changes = new Changes(db);
  await db.transaction('rw', db.customers, db.outbox, async () => {
    const stale = await db.outbox.where('state').equals('sending').toArray();
    // The window died mid-send: Rotor may have saved it, so it is handled like a lost answer.
    for (const e of stale) await changes.putEntry({ ...e, state: 'pending', ambiguous: true });
  });
  if (!changes.empty) d.commit(changes);
}

/**
 * Marks the entry `sending`, durably, before its request goes. With `check`, an update whose copy must
 * be read first is left as it is and handed back (`read`), in the same transaction that would mark it.
 * `wanted` is asked again once the transaction runs: what committed while it waited (an edit that goes
 * first, a pause) can still stop this send. `seen` is the entry as the round read it: its row is read
 * beside it, in the same round trip, and read again only if the entry has moved since. `after` gets
 * the outcome the moment its transaction committed (tx-batch.ts): where the request starts.
 */
export async function markSending(
  d: ReplayDeps,
  tx: TxRun,
  seen: StoredEntry,
  check: boolean,
  wanted: () => boolean,
  after?: (marked: Marked | null) => void,
): Promise<Marked | null> {
  const { db } = d;
  /** The row of an update sent without its check (the budget is too low to read it). */
  const skipped: { row?: CustomerRow } = {};
  const marked = await tx.run(
    ['customers', 'outbox'],
    async (changes): Promise<Marked | null> => {
      skipped.row = undefined;
      const checks = check && seen.kind === 'update';
      const [e, seenRow] = await Promise.all([
        db.outbox.get(seen.id),
        checks ? db.customers.get(seen.customerId) : undefined,
      ]);
      if (!e || !isDue(e, d.now()) || !wanted()) return null;
      if (e.kind === 'update' && isLocalId(e.customerId)) return null;
      if (check && e.kind === 'update') {
        const row =
          checks && e.customerId === seen.customerId ? seenRow : await db.customers.get(e.customerId);
        const need = presendNeed(d, e, row);
        if (need === 'read' && row) return { read: row, entry: e };
        if (need === 'unchecked') skipped.row = row;
      }
      const next: StoredEntry = {
        ...e,
        state: 'sending',
        retryStoppedUntil: null,
        firstAttemptAt: e.firstAttemptAt ?? new Date(d.now()).toISOString(),
      };
      await changes.putEntry(next);
      return { read: null, entry: next };
    },
    after,
  );
  const { row } = skipped;
  if (marked && row) d.notice({ kind: 'sent_unchecked', customerId: row.id, name: nameOf(row) });
  return marked;
}
