/**
 * What the user does with a queued entry besides editing: discard it, send it again now, or
 * recreate a customer deleted in Rotor. Each is one transaction, like every outbox write.
 *
 * Discarding re-bases the customer's later entries: one whose base for a field was the discarded
 * entry's value gets the discarded entry's own base for it (`rebaseLater`), so a later refresh that
 * returns that base shows no conflict nobody caused.
 */
import type { EditableField, SaveResult } from '../types';
import { Changes } from './changes';
import type { StoredEntry } from '../db/schema';
import { applyChanges, emptyCustomer, sameValue, toWriteFields } from '../mapping';
import { cloneEntry, entriesFor, LOCAL_PREFIX, newEntry, nextSeq, validationError } from './entries';
import type { WriteContext, WriteOutcome } from './entries';
import { composeRow, recompose } from './rebase';
import { validateEdit } from './validate';
import { countImport, rowsOf } from './import-count';

/**
 * Drops an entry and rolls the record back to the last server state (with any other queued entries
 * re-applied). A local-only create takes its record with it; so does an update Rotor answered 404 for
 * (the customer no longer exists there). An entry being sent can't be taken back.
 */
export async function discardTx(ctx: WriteContext, entryId: string): Promise<WriteOutcome<boolean>> {
  const { db } = ctx;
  const changes = new Changes(db);
  const result = await db.transaction('rw', [db.customers, db.outbox, db.imports], async () =>
    discardIn(ctx, changes, entryId),
  );
  return { result, changes };
}

/** The body of a discard, inside a transaction over customers, outbox and imports the caller holds. */
export async function discardIn(ctx: WriteContext, changes: Changes, entryId: string): Promise<boolean> {
  const { db } = ctx;
  const entry = await db.outbox.get(entryId);
  if (!entry || entry.state === 'sending') return false;
  const all = await entriesFor(db, entry.customerId);
  const row = await db.customers.get(entry.customerId);
  const goneFromRotor = entry.kind === 'update' && entry.lastError?.kind === 'not_found';
  const drop = async (e: StoredEntry): Promise<void> => {
    await changes.deleteEntry(e.id);
    if (e.importId) await countImport(db, changes, e.importId, 'dropped', rowsOf(e));
  };
  if (entry.kind === 'create' || goneFromRotor) {
    for (const e of all) await drop(e);
    if (row) await changes.deleteRow(row.id);
    return true;
  }
  await drop(entry);
  const rebased = new Map(
    rebaseLater(
      entry,
      all.filter((e) => e.seq > entry.seq),
      ctx.nowIso(),
    ).map((e) => [e.id, e]),
  );
  for (const e of rebased.values()) await changes.putEntry(e);
  const remaining = all.filter((e) => e.id !== entry.id).map((e) => rebased.get(e.id) ?? e);
  if (!row) return true;
  if (row.missingOnServer && remaining.length === 0) await changes.deleteRow(row.id);
  else await changes.putRow(recompose(row, remaining));
  return true;
}

/**
 * The later entries (in order) changed by discarding `gone`: for each field `gone` changed, the next
 * entry that changes it too was made on top of `gone`'s value; if its base is still that value (not a
 * base given some other way), it takes `gone`'s base. (Such an entry can't be in conflict on that
 * field: while `gone` was queued, Rotor's value was compared with `gone`'s.) Entries being sent are
 * left as they are: replay holds them.
 */
export function rebaseLater(gone: StoredEntry, later: readonly StoredEntry[], nowIso: string): StoredEntry[] {
  if (gone.kind !== 'update') return [];
  const open = new Set(Object.keys(gone.changes) as EditableField[]);
  const out: StoredEntry[] = [];
  for (const original of later) {
    const claimed = (Object.keys(original.changes) as EditableField[]).filter((f) => open.has(f));
    // Entries after this one build on its value, not on the discarded entry's.
    for (const f of claimed) open.delete(f);
    if (original.state === 'sending') continue;
    let e: StoredEntry | null = null;
    for (const field of claimed) {
      if (!(field in original.base) || !(field in gone.base)) continue;
      let next: unknown;
      if (field === 'tags') {
        const added = new Set(gone.changes.tags ?? []);
        next = ((original.base.tags as string[] | undefined) ?? []).filter((t) => !added.has(t));
      } else if (sameValue(field, original.base[field], gone.changes[field])) next = gone.base[field];
      else continue;
      e ??= cloneEntry(original);
      e.base[field] = next;
    }
    if (!e) continue;
    e.updatedAt = nowIso;
    out.push(e);
  }
  return out;
}

/** Puts a failed or waiting entry back at the head of the queue, due now. */
export async function retryNowTx(ctx: WriteContext, entryId: string): Promise<WriteOutcome<boolean>> {
  const { db } = ctx;
  const changes = new Changes(db);
  const result = await db.transaction('rw', db.customers, db.outbox, async () => {
    const entry = await db.outbox.get(entryId);
    if (!entry || (entry.state !== 'failed' && entry.state !== 'pending')) return false;
    const next = {
      ...entry,
      state: 'pending' as const,
      nextAttemptAt: null,
      lastError: null,
      // The user asked: the day's automatic-retry stop no longer holds it back.
      retryStoppedUntil: null,
      updatedAt: ctx.nowIso(),
    };
    await changes.putEntry(next);
    const row = await db.customers.get(entry.customerId);
    if (row) {
      const all = (await entriesFor(db, entry.customerId)).map((e) => (e.id === next.id ? next : e));
      await changes.putRow(recompose(row, all));
    }
    return true;
  });
  return { result, changes };
}

/**
 * For an update Rotor answered 404 for ("deleted in Rotor"): the record as the user sees it becomes a
 * new local customer with a queued create; the old record and its entries go (their changes are part
 * of what is recreated). Open views follow through the id rewrite.
 */
export async function recreateAsNewTx(ctx: WriteContext, entryId: string): Promise<WriteOutcome<SaveResult>> {
  const { db } = ctx;
  const changes = new Changes(db);
  const result = await db.transaction('rw', db.customers, db.outbox, async (): Promise<SaveResult> => {
    const entry = await db.outbox.get(entryId);
    const row = entry ? await db.customers.get(entry.customerId) : undefined;
    if (!entry || !row || entry.state !== 'failed' || entry.lastError?.kind !== 'not_found')
      return {
        ok: false,
        error: {
          kind: 'validation',
          message: 'Only a change to a customer deleted in Rotor can be recreated.',
        },
      };
    const fields = toWriteFields(row);
    const id = `${LOCAL_PREFIX}${ctx.uuid()}`;
    const data = applyChanges(emptyCustomer(id), fields);
    const errors = validateEdit(data, fields, { create: true });
    if (errors) return validationError(errors);
    for (const e of await entriesFor(db, row.id)) await changes.deleteEntry(e.id);
    await changes.deleteRow(row.id);
    const now = ctx.nowIso();
    const create = newEntry(ctx, await nextSeq(db), id, 'create', now);
    create.changes = fields;
    await changes.putEntry(create);
    await changes.putRow(
      composeRow({
        id,
        server: null,
        entries: [create],
        passId: null,
        serverStamp: 0,
        fetchedAt: null,
        missingOnServer: false,
      }),
    );
    changes.rewrites.push([row.id, id]);
    return { ok: true, data: { id } };
  });
  return { result, changes };
}
