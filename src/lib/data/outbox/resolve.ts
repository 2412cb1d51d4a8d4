/**
 * Settles an entry's conflicting fields, one choice per field, in one transaction:
 * - `mine` keeps the user's value; Rotor's current value becomes its base, so it is not flagged again;
 * - `theirs` drops the user's change to it: Rotor's value stands;
 * - `{ value }` sends a value typed now (or both notes joined); equal to Rotor's it is nothing to send.
 * Fields without a choice stay in conflict. A typed value is checked by the same rules as a save.
 *
 * A change Rotor rejected (rejection.ts) keeps its reason: when a rejected field is left as it was
 * rejected (no choice made for it), the entry goes back to `failed` instead of being sent to fail again.
 */
import type { ConflictPick, EditableField, EditableFields, ResolveResult } from '../types';
import { Changes } from './changes';
import type { StoredEntry } from '../db/schema';
import { serverCopyOf } from '../db/schema';
import { applyChanges, emptyCustomer, sameValue } from '../mapping';
import { cloneEntry, dropChange, entriesFor, setChange, validationError } from './entries';
import type { WriteContext, WriteOutcome } from './entries';
import { applyEntries, recompose } from './rebase';
import { isRejected, rejectedFields } from './rejection';
import { validateEdit } from './validate';

const GONE: ResolveResult = {
  ok: false,
  error: { kind: 'validation', message: 'This conflict was already resolved or discarded.' },
};

export async function resolveConflictsTx(
  ctx: WriteContext,
  entryId: string,
  picks: ConflictPick,
): Promise<WriteOutcome<ResolveResult>> {
  const { db } = ctx;
  const changes = new Changes(db);
  const result = await db.transaction('rw', db.customers, db.outbox, async (): Promise<ResolveResult> => {
    const stored = await db.outbox.get(entryId);
    if (!stored || stored.state !== 'conflict' || !stored.conflicts) return GONE;
    const entry = cloneEntry(stored);
    const conflicts = { ...stored.conflicts };
    const typed: Record<string, unknown> = {};
    for (const [field, pick] of Object.entries(picks) as [EditableField, ConflictPick[EditableField]][]) {
      const c = conflicts[field];
      if (!c || pick === undefined) continue;
      Reflect.deleteProperty(conflicts, field);
      if (pick === 'theirs') {
        dropChange(entry, field);
        continue;
      }
      const value = pick === 'mine' ? c.mine : pick.value;
      if (pick !== 'mine') typed[field] = value;
      if (sameValue(field, value, c.theirs)) dropChange(entry, field);
      else {
        setChange(entry, field, value);
        entry.base[field] = c.theirs;
      }
    }
    const all = await entriesFor(db, entry.customerId);
    const row = await db.customers.get(entry.customerId);
    if (Object.keys(typed).length) {
      const prior = all.filter((e) => e.seq < entry.seq);
      const ref = applyEntries((row && serverCopyOf(row)) ?? emptyCustomer(entry.customerId), prior);
      const errors = validateEdit(applyChanges(ref, entry.changes), typed as EditableFields, {
        create: false,
      });
      const refused = errors ? validationError(errors) : null;
      if (refused && !refused.ok) return refused;
    }
    entry.conflicts = Object.keys(conflicts).length ? conflicts : null;
    if (!entry.conflicts) settle(entry, stored, picks);
    entry.updatedAt = ctx.nowIso();
    let remaining: StoredEntry[];
    const left = Object.keys(entry.changes).length > 0;
    if (left) {
      await changes.putEntry(entry);
      remaining = all.map((e) => (e.id === entry.id ? entry : e));
    } else {
      await changes.deleteEntry(entry.id);
      remaining = all.filter((e) => e.id !== entry.id);
    }
    if (row) await changes.putRow(recompose(row, remaining));
    return { ok: true, data: { left: left ? entry.state : null } };
  });
  return { result, changes };
}

/** No conflict left: back in the queue, unless a rejected value is still there as Rotor rejected it. */
function settle(entry: StoredEntry, stored: StoredEntry, picks: ConflictPick): void {
  if (!isRejected(stored)) {
    entry.state = 'pending';
    return;
  }
  const untouched = rejectedFields(stored).filter((f) => picks[f] === undefined && f in entry.changes);
  if (untouched.length > 0) {
    entry.state = 'failed';
    return;
  }
  // The user chose every rejected value anew: a fresh start, like a fixed-up save.
  entry.state = 'pending';
  entry.lastError = null;
  entry.attempts = 0;
  entry.nextAttemptAt = null;
}
