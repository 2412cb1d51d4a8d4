/**
 * Writes what Rotor answered to one send into the cache, each answer in one transaction (shared with
 * the replay writes that land together, tx-batch.ts).
 * - Success: Rotor's copy is written into the cache, the entry cleared and logged as delivered
 *   (db/deliveries.ts); a create's `local:<uuid>` id is rewritten everywhere, merging into the cached
 *   customer Rotor matched, if any.
 * - Failure: the entry records the attempt (attempt-failure.ts decides the retry and whether the
 *   queue pauses); the pause itself is the Replayer's to apply.
 */
import type { AppError } from '@contract/result';
import type { ApiUpsertResponse, RotorCustomer } from '@contract/customer';
import type { EditableField, EditableFields, PausedReason } from '../types';
import { rememberCreated } from './adopt';
import { recordDelivery } from '../db/deliveries';
import { applyFailure } from './attempt-failure';
import type { Changes } from '../outbox/changes';
import type { TxRun } from './tx-batch';
import type { StoredEntry } from '../db/schema';
import { serverCopyOf } from '../db/schema';
import { applyChanges, fromRead, fromUpsert, WRITE_ONLY_FIELDS } from '../mapping';
import type { CustomerData } from '../mapping';
import { entriesFor } from '../outbox/outbox';
import { countImport, rowsOf } from '../outbox/import-count';
import { bySeq, composeRow, recompose } from '../outbox/rebase';
import type { ReplayDeps } from './deps';
import { nameOf } from './deps';

/** Rotor's answer to an upsert, or the customer an earlier lost attempt turned out to have made. */
export type RotorAnswer = { response: ApiUpsertResponse } | { adopted: RotorCustomer };

export type AnswerDeps = Pick<ReplayDeps, 'db' | 'now' | 'stamp'>;

/**
 * Writes Rotor's answer, clears the entry and logs the delivery in one transaction. `requests` is what
 * sending it took (see Delivery). Returns true when the record moved to another id (a create, or
 * Rotor matched another customer).
 */
export async function writeSuccess(
  d: AnswerDeps,
  tx: TxRun,
  entry: StoredEntry,
  result: RotorAnswer,
  requests: number,
): Promise<boolean> {
  // Stamped when the answer arrived: a list page requested before then may have been served before
  // Rotor applied the write, so it must not overwrite this answer.
  const answeredAt = d.stamp();
  const { db } = d;
  const nowIso = new Date(d.now()).toISOString();
  const serverId = 'response' in result ? result.response.id : result.adopted.id;
  const oldId = entry.customerId;
  /** The customer as Rotor now has it, with what is still queued on top; logged as delivered. */
  const settle = async (
    changes: Changes,
    id: string,
    server: CustomerData,
    entries: StoredEntry[],
    passId: string | null,
  ): Promise<void> => {
    const row = composeRow({
      id,
      server,
      entries,
      passId,
      serverStamp: answeredAt,
      fetchedAt: nowIso,
      missingOnServer: false,
    });
    await Promise.all([
      changes.putRow(row),
      recordDelivery(db, changes, entry, { at: nowIso, customerId: id, name: nameOf(row), requests }),
    ]);
  };
  await tx.run(['customers', 'outbox', 'meta', 'deliveries', 'imports'], async (changes) => {
    // Asked together: a transaction runs its requests in the order asked, so this reads what one await
    // after another would, in one round trip to the storage process instead of three (likewise settle).
    const [, oldRow, queued] = await Promise.all([
      changes.deleteEntry(entry.id),
      db.customers.get(oldId),
      entriesFor(db, oldId),
    ]);
    if (entry.importId) await countImport(db, changes, entry.importId, 'sent', rowsOf(entry));
    if (serverId === oldId) {
      const remaining = queued.filter((e) => e.id !== entry.id);
      await settle(
        changes,
        oldId,
        serverCopy(result, oldRow ? serverCopyOf(oldRow) : null, entry.changes),
        remaining,
        oldRow?.passId ?? null,
      );
      return;
    }
    if (entry.kind === 'create') await rememberCreated(db, serverId);
    // The record moves to the Rotor id, merging into the cached customer Rotor matched, if any.
    // The target's own entries are read before the moved ones join them: read after, they would come
    // back with the moved entries already in and be counted twice.
    const [target, targetEntries] = await Promise.all([db.customers.get(serverId), entriesFor(db, serverId)]);
    const moved = queued.filter((e) => e.id !== entry.id).map((e) => ({ ...e, customerId: serverId }));
    for (const e of moved) await changes.putEntry(e);
    const all = [...targetEntries, ...moved].sort(bySeq);
    if (oldRow) await changes.deleteRow(oldId);
    await settle(
      changes,
      serverId,
      serverCopy(result, target ? serverCopyOf(target) : null, entry.changes),
      all,
      target?.passId ?? null,
    );
    changes.rewrites.push([oldId, serverId]);
  });
  return oldId !== serverId;
}

/**
 * Records a failed attempt on the entry and its row. `wrote` says whether the request may have
 * reached Rotor. Returns the pause the failure calls for, if any.
 */
export async function writeFailure(
  d: Pick<ReplayDeps, 'db' | 'now' | 'random' | 'quota'>,
  tx: TxRun,
  entry: StoredEntry,
  error: AppError,
  wrote: boolean,
): Promise<PausedReason | null> {
  const { db } = d;
  const ctx = { now: d.now(), random: d.random, resetsAt: d.quota().resetsAt, wrote };
  return tx.run(['customers', 'outbox'], async (changes): Promise<PausedReason | null> => {
    // Read again: an edit may have merged into the entry while a read before its send was out.
    const current = await db.outbox.get(entry.id);
    if (!current) return null;
    const failed = applyFailure(current, error, ctx);
    const next = failed.next;
    await changes.putEntry(next);
    const row = await db.customers.get(entry.customerId);
    if (row) {
      const all = (await entriesFor(db, entry.customerId)).map((e) => (e.id === next.id ? next : e));
      await changes.putRow(recompose(row, all));
    }
    return failed.pause;
  });
}

function serverCopy(result: RotorAnswer, prev: CustomerData | null, sent: EditableFields): CustomerData {
  if ('response' in result) return fromUpsert(result.response, prev, sent);
  // Adopted from a list read: write-only fields are not listed; they were accepted as sent.
  const writeOnly: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(sent)) if (WRITE_ONLY_FIELDS.has(k as EditableField)) writeOnly[k] = v;
  return applyChanges(fromRead(result.adopted, prev), writeOnly as EditableFields);
}
