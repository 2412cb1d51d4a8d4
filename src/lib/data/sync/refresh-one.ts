/**
 * Reading one customer again (GET /customers/{id}): for "refresh this customer" and for replay's
 * pre-send check. The answer is rebased like a list row (rebase.ts), so a field someone changed in
 * Rotor becomes a conflict.
 */
import type { AppError } from '@contract/result';
import type { RotorCustomer } from '@contract/customer';
import { callRotor } from '../call-rotor';
import { cacheWriteError, Changes } from '../outbox/changes';
import { isLocalId } from '../outbox/entries';
import { bySeq, rebaseRow } from '../outbox/rebase';
import { endBlank } from './blank';
import type { SyncDeps } from './sync';

/**
 * GET /customers/{id} for one record, rebased like a page row. IndexedDB refusing the write is an
 * answer (`internal`, the cache could not be written), like every other failure here.
 */
export async function refreshOneCustomer(
  d: SyncDeps,
  id: string,
): Promise<{ ok: true } | { ok: false; error: AppError }> {
  if (isLocalId(id))
    return { ok: false, error: { kind: 'invalid_argument', message: 'This customer is not in Rotor yet' } };
  const requestedAt = d.stamp();
  const res = await callRotor(() => d.api.customers.get({ accountId: d.accountId, id }));
  try {
    if (!res.ok) {
      if (res.error.kind === 'not_found') await forgetOne(d, id);
      return res;
    }
    await writeOne(d, res.data, requestedAt);
    return { ok: true };
  } catch (e) {
    return { ok: false, error: cacheWriteError(e) };
  }
}

/** Rotor says the customer is gone: drop it, or keep and flag it while changes wait for it. */
async function forgetOne(d: SyncDeps, id: string): Promise<void> {
  const { db } = d;
  const changes = new Changes(db);
  await db.transaction('rw', db.customers, db.outbox, async () => {
    const row = await db.customers.get(id);
    if (!row) return;
    const queued = await db.outbox.where('customerId').equals(id).count();
    if (queued) await changes.putRow({ ...row, missingOnServer: true });
    else await changes.deleteRow(id);
  });
  d.commit(changes);
}

async function writeOne(d: SyncDeps, c: RotorCustomer, requestedAt: number): Promise<void> {
  const { db } = d;
  const changes = new Changes(db);
  const nowIso = new Date(d.now()).toISOString();
  await db.transaction('rw', db.customers, db.outbox, db.meta, async () => {
    const old = await db.customers.get(c.id);
    if (old && old.serverStamp > requestedAt) return;
    // A page of a blank pass requested before this GET must not be written over it unread.
    await endBlank(db, changes);
    const entries = (await db.outbox.where('customerId').equals(c.id).toArray()).sort(bySeq);
    const row = rebaseRow(changes, c, old, entries, old?.passId ?? null, requestedAt, nowIso);
    for (const [eid, e] of changes.entries) {
      if (e === null) await db.outbox.delete(eid);
      else await db.outbox.put(e);
    }
    await changes.putRow(row);
  });
  d.commit(changes);
}
