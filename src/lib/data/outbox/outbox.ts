/**
 * Optimistic edits and the outbox. Every function here is one Dexie transaction that writes the
 * customer's new local state and its outbox entry together: either both land or neither does. None
 * catches an IndexedDB error: a refused write rejects (see WriteOutcome).
 *
 * An entry holds only the fields the user changed, and for each the value it had on the server when
 * the user first changed it (the base). Rules:
 * - Coalescing: a further edit to a customer whose last entry is not being sent merges into that
 *   entry; the base stays the one from the first edit; a field edited back to its base drops out; an
 *   entry left empty is deleted and the record is back to `synced`. If the last entry is being sent
 *   (or an earlier attempt of it may have reached Rotor: `ambiguous`, see replay.ts), a new entry
 *   queues behind it.
 * - New customers get the id `local:<uuid>`; later edits fold into the create.
 * - Tags: Rotor merges tags and cannot remove one. Removing a tag Rotor already has, or one held by
 *   an entry being sent or possibly already in Rotor, is refused with `tag_removal`. Removing a tag
 *   only added here takes it out of whichever unsent entry holds it, the last or an earlier one (an
 *   earlier entry left empty is deleted). The entry carries only the tags to add.
 * - Discard, retry, conflict picks and recreate: outbox-settle.ts.
 */
import type { EditableField, EditableFields, SaveResult } from '../types';
import { Changes } from './changes';
import type { CustomerRow, RotorDb, StoredEntry } from '../db/schema';
import { serverCopyOf } from '../db/schema';
import { identityKeys } from '../replay/lanes';
import { applyChanges, emptyCustomer, fieldValue, sameValue, uniqueTags } from '../mapping';
import {
  cloneEntry,
  dropChange,
  entriesFor,
  isEmptyValue,
  isFrozen,
  newEntry,
  nextSeq,
  setChange,
  validationError,
} from './entries';
import type { WriteContext, WriteOutcome } from './entries';
import { applyEntries, recompose } from './rebase';
import { sanitize, validateEdit } from './validate';
import { leaveImport } from './import-count';

export { entriesFor, isLocalId, LOCAL_PREFIX } from './entries';
export type { WriteContext, WriteOutcome } from './entries';
export { STORAGE_FAILED } from './entries';
export { discardTx, rebaseLater, recreateAsNewTx, retryNowTx } from './settle';

function tagRemovalRefused(refused: string[]): SaveResult {
  const one = refused.length === 1;
  return {
    ok: false,
    error: {
      kind: 'tag_removal',
      message:
        `Rotor's API can't remove tags, so ${refused.map((t) => `"${t}"`).join(', ')} ` +
        `${one ? 'stays' : 'stay'}. Remove ${one ? 'it' : 'them'} in ` +
        "Rotor's web app; the change shows here after the next refresh.",
      fields: [{ field: 'tags', message: `Can't remove ${refused.join(', ')} here` }],
    },
  };
}

/**
 * Earlier entries with the tags the user no longer wants taken out: `kept` in order (changed ones
 * replaced), `removed` the ids of update entries left with nothing to send. Frozen entries are left
 * alone (their tags were refused above).
 */
function withdrawTags(
  prior: readonly StoredEntry[],
  desired: ReadonlySet<string>,
): { kept: StoredEntry[]; changed: StoredEntry[]; removed: string[] } {
  const out = { kept: [] as StoredEntry[], changed: [] as StoredEntry[], removed: [] as string[] };
  for (const e of prior) {
    const tags = e.changes.tags;
    const still = tags?.filter((t) => desired.has(t));
    if (isFrozen(e) || !tags || !still || still.length === tags.length) {
      out.kept.push(e);
      continue;
    }
    const next = cloneEntry(e);
    if (still.length) setChange(next, 'tags', still);
    else dropChange(next, 'tags');
    if (Object.keys(next.changes).length === 0 && next.kind === 'update') {
      out.removed.push(next.id);
      continue;
    }
    out.changed.push(next);
    out.kept.push(next);
  }
  return out;
}

/**
 * Whether a create queued after `seq` carries this customer's phone or email: Rotor will match it to
 * this customer, so it shares the customer's lane (lanes.ts), and an edit merged into an entry before
 * it would be overtaken by it. Such an edit queues behind the create instead.
 */
async function matchingCreateAfter(
  db: RotorDb,
  row: CustomerRow,
  seq: number,
  creates?: CreatesAfter,
): Promise<boolean> {
  const keys = new Set([...identityKeys(serverCopyOf(row) ?? {}), ...identityKeys(row)]);
  if (keys.size === 0) return false;
  if (creates) return creates([...keys], seq);
  const later = await db.outbox.where('seq').above(seq).toArray();
  return later.some((e) => e.kind === 'create' && identityKeys(e.changes).some((k) => keys.has(k)));
}

/**
 * Whether a create queued after `seq` carries one of these identity keys: what `matchingCreateAfter`
 * reads from the outbox, answered from memory by a caller that keeps it (an import's batch: reading every
 * later entry for each row would make a 10,000-row import quadratic).
 */
export type CreatesAfter = (keys: readonly string[], seq: number) => boolean;

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
  const result = await db.transaction('rw', [db.customers, db.outbox, db.imports], async () =>
    saveEditIn(ctx, changes, customerId, wanted),
  );
  return { result, changes };
}

/**
 * Many edits (a bulk action's batch) in one transaction, each by exactly the rules of `saveEditTx`
 * (coalescing included); one edit refused (validation, tag removal) leaves the others saved.
 */
export async function saveEditsTx(
  ctx: WriteContext,
  edits: readonly { customerId: string; changes: EditableFields }[],
): Promise<WriteOutcome<SaveResult[]>> {
  const { db } = ctx;
  const changes = new Changes(db);
  const result = await db.transaction('rw', [db.customers, db.outbox, db.imports], async () => {
    const out: SaveResult[] = [];
    for (const edit of edits) {
      const { fields, errors } = sanitize(edit.changes);
      out.push(
        Object.keys(errors).length
          ? validationError(errors)
          : await saveEditIn(ctx, changes, edit.customerId, fields),
      );
    }
    return out;
  });
  return { result, changes };
}

/**
 * Says whose the entry an edit writes is (import-queue.ts tags an import's rows); `merged`: it folded into
 * an entry already queued. Without it the edit is the user's, and an import's entry it folds into leaves
 * the import (import-groups.ts): pausing or cancelling the import must never hold or drop what was typed.
 */
export type MarkEntry = (entry: StoredEntry, merged: boolean) => void;

/** The body of an edit, inside a transaction over customers, outbox and imports that the caller holds. */
export async function saveEditIn(
  ctx: WriteContext,
  changes: Changes,
  customerId: string,
  wanted: EditableFields,
  mark?: MarkEntry,
  creates?: CreatesAfter,
): Promise<SaveResult> {
  const { db } = ctx;
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

  const last = entries.at(-1);
  // Never merge into a send under way, nor into an entry that may already have reached Rotor: its
  // fields must stay exactly as sent (an edit back to the old value must still be sent; a create
  // must still match itself by phone or email, or be recognised by the search before re-sending).
  const merging =
    last && !isFrozen(last) && !(await matchingCreateAfter(db, row, last.seq, creates)) ? last : undefined;
  let prior = merging ? entries.slice(0, -1) : entries;
  let withdrawn: ReturnType<typeof withdrawTags> = { kept: prior, changed: [], removed: [] };

  if (wanted.tags) {
    const desired = new Set(uniqueTags(wanted.tags));
    // Tags in a send under way (or that may already have reached Rotor) can't be taken back.
    const committed = new Set([
      ...row.serverTags,
      ...entries.filter(isFrozen).flatMap((e) => e.changes.tags ?? []),
    ]);
    const refused = [...committed].filter((t) => !desired.has(t));
    if (refused.length) return tagRemovalRefused(refused);
    withdrawn = withdrawTags(prior, desired);
    prior = withdrawn.kept;
  }
  const ref = applyEntries(serverCopyOf(row) ?? emptyCustomer(customerId), prior);
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
  for (const e of withdrawn.changed) await changes.putEntry(e);
  for (const id of withdrawn.removed) await changes.deleteEntry(id);
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
    if (mark) mark(entry, merging !== undefined);
    else if (entry.importId) await leaveImport(db, changes, entry);
    await changes.putEntry(entry);
    remaining.push(entry);
  }
  await changes.putRow(recompose(row, remaining));
  return { ok: true, data: { id: customerId } };
}

export { checkCreate, createCustomerTx, createIn } from './create';
