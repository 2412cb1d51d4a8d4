/**
 * Optimistic edits and the outbox. Every function here is one Dexie transaction that writes the
 * customer's new local state and its outbox entry together: either both land or neither does.
 *
 * An entry holds only the fields the user changed, and for each the value it had on the server when
 * the user first changed it (the base). Rules:
 * - Coalescing: a further edit to a customer whose last entry is not being sent merges into that
 *   entry; the base stays the one from the first edit; a field edited back to its base drops out; an
 *   entry left empty is deleted and the record is back to `synced`. If the last entry is being sent
 *   (or an earlier attempt of it may have reached Rotor: `ambiguous`, see replay.ts), a new entry
 *   queues behind it.
 * - New customers get the id `local:<uuid>`; later edits fold into the create.
 * - Tags: Rotor merges tags and cannot remove one. Removing a tag Rotor already has (or that is being
 *   sent now) is refused with `tag_removal`; removing a tag only added here is fine. The entry carries
 *   only the tags to add.
 */
import type { EditableField, EditableFields, OutboxEntry, SaveResult } from './api';
import { Changes } from './changes';
import type { RotorDb, StoredEntry } from './db';
import { applyChanges, emptyCustomer, fieldValue, sameValue, toWriteFields, uniqueTags } from './mapping';
import { applyEntries, bySeq, composeRow, recompose } from './rebase';
import { sanitize, validateEdit, validationMessage } from './validate';

export const LOCAL_PREFIX = 'local:';
export const isLocalId = (id: string): boolean => id.startsWith(LOCAL_PREFIX);

export interface WriteContext {
  db: RotorDb;
  nowIso: () => string;
  uuid: () => string;
}

export interface WriteOutcome<T> {
  result: T;
  changes: Changes;
}

export async function entriesFor(db: RotorDb, customerId: string): Promise<StoredEntry[]> {
  const list = await db.outbox.where('customerId').equals(customerId).toArray();
  return list.sort(bySeq);
}

async function nextSeq(db: RotorDb): Promise<number> {
  const last = await db.outbox.orderBy('seq').last();
  return (last?.seq ?? 0) + 1;
}

function newEntry(
  ctx: WriteContext,
  seq: number,
  customerId: string,
  kind: OutboxEntry['kind'],
  now: string,
): StoredEntry {
  return {
    id: ctx.uuid(),
    customerId,
    idempotencyKey: `rotor-desk-${ctx.uuid()}`,
    kind,
    changes: {},
    base: {},
    state: 'pending',
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    conflicts: null,
    createdAt: now,
    updatedAt: now,
    seq,
    firstAttemptAt: null,
    ambiguous: false,
  };
}

function cloneEntry(e: StoredEntry): StoredEntry {
  return {
    ...e,
    changes: { ...e.changes },
    base: { ...e.base },
    conflicts: e.conflicts ? { ...e.conflicts } : null,
  };
}

const validationError = (errors: Record<string, string>): SaveResult => ({
  ok: false,
  error: { kind: 'validation', message: validationMessage(errors), fields: errors },
});

const setChange = (e: StoredEntry, field: EditableField, value: unknown): void => {
  (e.changes as Record<string, unknown>)[field] = value;
};
const dropChange = (e: StoredEntry, field: EditableField): void => {
  Reflect.deleteProperty(e.changes, field);
  Reflect.deleteProperty(e.base, field);
};
const isEmptyValue = (v: unknown): boolean =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** Saves an edit of an existing (cached) customer: local state and outbox entry in one transaction. */
export async function saveEditTx(
  ctx: WriteContext,
  customerId: string,
  input: EditableFields,
): Promise<WriteOutcome<SaveResult>> {
  const { db } = ctx;
  const changes = new Changes(db);
  const { fields: wanted, errors: typeErrors } = sanitize(input);
  if (Object.keys(typeErrors).length) return { result: validationError(typeErrors), changes };

  const result = await db.transaction('rw', db.customers, db.outbox, async (): Promise<SaveResult> => {
    const row = await db.customers.get(customerId);
    if (!row)
      return {
        ok: false,
        error: {
          kind: 'validation',
          message: 'This customer is no longer on this computer. Refresh and try again.',
        },
      };
    const entries = await entriesFor(db, customerId);
    const now = ctx.nowIso();

    if (wanted.tags) {
      const desired = new Set(uniqueTags(wanted.tags));
      // Tags in a send under way (or that may already have reached Rotor) can't be taken back.
      const committed = new Set([
        ...row.serverTags,
        ...entries.filter((e) => e.state === 'sending' || e.ambiguous).flatMap((e) => e.changes.tags ?? []),
      ]);
      const refused = [...committed].filter((t) => !desired.has(t));
      if (refused.length)
        return {
          ok: false,
          error: {
            kind: 'tag_removal',
            message:
              `Rotor's API can't remove tags, so ${refused.map((t) => `"${t}"`).join(', ')} ` +
              `${refused.length === 1 ? 'stays' : 'stay'}. Remove ${refused.length === 1 ? 'it' : 'them'} in ` +
              "Rotor's web app; the change shows here after the next refresh.",
            fields: { tags: `Can't remove ${refused.join(', ')} here` },
          },
        };
    }

    const last = entries.at(-1);
    // Never merge into a send under way, nor into an entry that may already have reached Rotor: its
    // fields must stay exactly as sent (an edit back to the old value must still be sent; a create
    // must still match itself by phone or email, or be recognised by the search before re-sending).
    const merging = last && last.state !== 'sending' && !last.ambiguous ? last : undefined;
    const prior = merging ? entries.slice(0, -1) : entries;
    const ref = applyEntries(row.server ?? emptyCustomer(customerId), prior);
    const entry = merging ? cloneEntry(merging) : newEntry(ctx, await nextSeq(db), customerId, 'update', now);
    const conflicts = entry.conflicts ?? {};

    for (const [field, value] of Object.entries(wanted) as [EditableField, unknown][]) {
      if (conflicts[field]) {
        // Editing a field in conflict settles it: the new value is the user's answer to theirs.
        entry.base[field] = fieldValue(ref, field);
        Reflect.deleteProperty(conflicts, field);
      }
      if (field === 'tags') {
        const toAdd = uniqueTags(value as string[]).filter((t) => !ref.tags.includes(t));
        if (toAdd.length === 0) dropChange(entry, 'tags');
        else {
          setChange(entry, 'tags', toAdd);
          if (!('tags' in entry.base)) entry.base.tags = [...ref.tags];
        }
      } else if (entry.kind === 'create') {
        if (isEmptyValue(value)) dropChange(entry, field);
        else setChange(entry, field, value);
      } else {
        const base = field in entry.base ? entry.base[field] : fieldValue(ref, field);
        if (sameValue(field, value, base)) dropChange(entry, field);
        else {
          setChange(entry, field, value);
          entry.base[field] = base;
        }
      }
    }

    const resultData = applyChanges(ref, entry.changes);
    const errors = validateEdit(resultData, wanted, { create: entry.kind === 'create' });
    if (errors) return validationError(errors);

    entry.conflicts = Object.keys(conflicts).length ? conflicts : null;
    const remaining = [...prior];
    if (Object.keys(entry.changes).length === 0) {
      if (merging) await changes.deleteEntry(entry.id);
    } else {
      entry.updatedAt = now;
      if (entry.state === 'conflict' && !entry.conflicts) entry.state = 'pending';
      // A fixed-up failure goes back in the queue, except "deleted in Rotor": sending it again can't work.
      if (entry.state === 'failed' && entry.lastError?.kind !== 'not_found') {
        entry.state = 'pending';
        entry.lastError = null;
        entry.attempts = 0;
        entry.nextAttemptAt = null;
      }
      await changes.putEntry(entry);
      remaining.push(entry);
    }
    await changes.putRow(recompose(row, remaining));
    return { ok: true, id: customerId };
  });
  return { result, changes };
}

/** Creates a customer locally (`local:<uuid>`) and queues its create, in one transaction. */
export async function createCustomerTx(
  ctx: WriteContext,
  input: EditableFields,
): Promise<WriteOutcome<SaveResult>> {
  const { db } = ctx;
  const changes = new Changes(db);
  const { fields, errors: typeErrors } = sanitize(input);
  if (Object.keys(typeErrors).length) return { result: validationError(typeErrors), changes };
  const id = `${LOCAL_PREFIX}${ctx.uuid()}`;
  const compact: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    const value = k === 'tags' ? uniqueTags(v as string[]) : v;
    if (!isEmptyValue(value)) compact[k] = value;
  }
  const data = applyChanges(emptyCustomer(id), compact as EditableFields);
  const errors = validateEdit(data, fields, { create: true });
  if (errors) return { result: validationError(errors), changes };

  const result = await db.transaction('rw', db.customers, db.outbox, async (): Promise<SaveResult> => {
    const now = ctx.nowIso();
    const entry = newEntry(ctx, await nextSeq(db), id, 'create', now);
    entry.changes = compact as EditableFields;
    await changes.putEntry(entry);
    await changes.putRow(
      composeRow({
        id,
        server: null,
        entries: [entry],
        passId: null,
        serverStamp: 0,
        fetchedAt: null,
        missingOnServer: false,
      }),
    );
    return { ok: true, id };
  });
  return { result, changes };
}

/**
 * Drops an entry and rolls the record back to the last server state (with any other queued entries
 * re-applied). A local-only create takes its record with it; so does an update Rotor answered 404 for
 * (the customer no longer exists there). An entry being sent can't be taken back.
 */
export async function discardTx(ctx: WriteContext, entryId: string): Promise<WriteOutcome<boolean>> {
  const { db } = ctx;
  const changes = new Changes(db);
  const result = await db.transaction('rw', db.customers, db.outbox, async () => {
    const entry = await db.outbox.get(entryId);
    if (!entry || entry.state === 'sending') return false;
    const all = await entriesFor(db, entry.customerId);
    const row = await db.customers.get(entry.customerId);
    const goneFromRotor = entry.kind === 'update' && entry.lastError?.kind === 'not_found';
    if (entry.kind === 'create' || goneFromRotor) {
      for (const e of all) await changes.deleteEntry(e.id);
      if (row) await changes.deleteRow(row.id);
      return true;
    }
    await changes.deleteEntry(entry.id);
    const remaining = all.filter((e) => e.id !== entry.id);
    if (!row) return true;
    if (row.missingOnServer && remaining.length === 0) await changes.deleteRow(row.id);
    else await changes.putRow(recompose(row, remaining));
    return true;
  });
  return { result, changes };
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
 * Settles conflicting fields: `mine` keeps the user's value (Rotor's current value becomes the base, so
 * it is not flagged again); `theirs` drops the user's change. Fields without a pick stay in conflict.
 */
export async function resolveConflictTx(
  ctx: WriteContext,
  entryId: string,
  picks: Partial<Record<EditableField, 'mine' | 'theirs'>>,
): Promise<WriteOutcome<boolean>> {
  const { db } = ctx;
  const changes = new Changes(db);
  const result = await db.transaction('rw', db.customers, db.outbox, async () => {
    const stored = await db.outbox.get(entryId);
    if (!stored || stored.state !== 'conflict' || !stored.conflicts) return false;
    const entry = cloneEntry(stored);
    const conflicts = { ...stored.conflicts };
    for (const [field, pick] of Object.entries(picks) as [EditableField, 'mine' | 'theirs'][]) {
      const c = conflicts[field];
      if (!c) continue;
      if (pick === 'mine') entry.base[field] = c.theirs;
      else dropChange(entry, field);
      Reflect.deleteProperty(conflicts, field);
    }
    entry.conflicts = Object.keys(conflicts).length ? conflicts : null;
    if (!entry.conflicts) entry.state = 'pending';
    entry.updatedAt = ctx.nowIso();
    const all = await entriesFor(db, entry.customerId);
    let remaining: StoredEntry[];
    if (Object.keys(entry.changes).length === 0) {
      await changes.deleteEntry(entry.id);
      remaining = all.filter((e) => e.id !== entry.id);
    } else {
      await changes.putEntry(entry);
      remaining = all.map((e) => (e.id === entry.id ? entry : e));
    }
    const row = await db.customers.get(entry.customerId);
    if (row) await changes.putRow(recompose(row, remaining));
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
          message: 'Only a change to a customer deleted in Rotor can be recreated',
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
    return { ok: true, id };
  });
  return { result, changes };
}
