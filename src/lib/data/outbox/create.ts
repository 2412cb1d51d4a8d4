/**
 * New customers: the id `local:<uuid>` and a queued create, in one transaction (the rules are outbox.ts's;
 * the body is apart so an import's batch runs it inside its own transaction).
 */
import type { EditableFields, SaveResult } from '../types';
import { Changes } from './changes';
import type { StoredEntry } from '../db/schema';
import { applyChanges, emptyCustomer, uniqueTags } from '../mapping';
import { isEmptyValue, LOCAL_PREFIX, newEntry, nextSeq, validationError } from './entries';
import type { WriteContext, WriteOutcome } from './entries';
import { composeRow } from './rebase';
import { sanitize, validateEdit } from './validate';

/** Creates a customer locally (`local:<uuid>`) and queues its create, in one transaction. */
export async function createCustomerTx(
  ctx: WriteContext,
  input: EditableFields,
): Promise<WriteOutcome<SaveResult>> {
  const { db } = ctx;
  const changes = new Changes(db);
  const { fields, errors: typeErrors } = sanitize(input);
  if (Object.keys(typeErrors).length) return { result: validationError(typeErrors), changes };
  const checked = checkCreate(ctx, fields);
  if (!checked.ok) return { result: checked, changes };
  const result = await db.transaction('rw', db.customers, db.outbox, async () =>
    createIn(ctx, changes, checked.data),
  );
  return { result, changes };
}

/** A create's fields as its entry carries them (empties dropped), or the form's refusal. */
export function checkCreate(
  ctx: WriteContext,
  fields: EditableFields,
): { ok: true; data: { id: string; fields: EditableFields } } | Extract<SaveResult, { ok: false }> {
  const id = `${LOCAL_PREFIX}${ctx.uuid()}`;
  const compact: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    const value = k === 'tags' ? uniqueTags(v as string[]) : v;
    if (!isEmptyValue(value)) compact[k] = value;
  }
  const data = applyChanges(emptyCustomer(id), compact as EditableFields);
  const errors = validateEdit(data, fields, { create: true });
  if (errors) return validationError(errors) as Extract<SaveResult, { ok: false }>;
  return { ok: true, data: { id, fields: compact as EditableFields } };
}

/** The body of a create checked by `checkCreate`, inside a transaction over customers and outbox. */
export async function createIn(
  ctx: WriteContext,
  changes: Changes,
  create: { id: string; fields: EditableFields },
  mark?: (entry: StoredEntry) => void,
): Promise<SaveResult> {
  const { db } = ctx;
  const { id } = create;
  const entry = newEntry(ctx, await nextSeq(db), id, 'create', ctx.nowIso());
  entry.changes = create.fields;
  mark?.(entry);
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
  return { ok: true, data: { id } };
}
