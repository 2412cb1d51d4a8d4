/**
 * No silent overwrite: before an update is sent, Rotor's copy is read again (GET, 1 request) unless
 * it was read within `freshCopyMinutes`; a field someone changed in Rotor since the edit began turns
 * the entry into a conflict instead of being overwritten. Below the edit reserve the check is skipped
 * and the user is told. Write-only fields (billing, service) can't be read back, so they can't be checked.
 */
import type { AppError } from '@contract/result';
import type { EditableField } from '../types';
import { EDIT_RESERVE } from '../budget';
import type { StoredEntry } from '../db/schema';
import { WRITE_ONLY_FIELDS } from '../mapping';
import { isLocalId } from '../outbox/outbox';
import { isDue, nameOf } from './deps';
import type { ReplayDeps, SendOutcome } from './deps';

export type PresendDeps = Pick<ReplayDeps, 'db' | 'now' | 'freshCopyMs' | 'quota' | 'notice' | 'refreshOne'>;

/** What to do next, and whether a read of Rotor's copy was spent (a delivery's request count). */
export interface PresendResult {
  next: 'send' | SendOutcome;
  read: boolean;
}

/**
 * Reads Rotor's copy unless the cached one is fresh, and rebases the customer's entries on it
 * (sync.ts), which turns a field someone else changed into a conflict. A failed read is recorded on
 * the entry through `fail`, as a send that wrote nothing.
 */
export async function checkRotorCopy(
  d: PresendDeps,
  entry: StoredEntry,
  fail: (entry: StoredEntry, error: AppError) => Promise<void>,
): Promise<PresendResult> {
  const read = await checkCopy(d, entry, fail);
  return typeof read === 'string' ? { next: read, read: false } : read;
}

async function checkCopy(
  d: PresendDeps,
  entry: StoredEntry,
  fail: (entry: StoredEntry, error: AppError) => Promise<void>,
): Promise<'send' | PresendResult> {
  const row = await d.db.customers.get(entry.customerId);
  if (!row || isLocalId(row.id)) return 'send';
  // Tags only merge and write-only fields are never read back: a read could not show a conflict.
  const checkable = Object.keys(entry.changes).some(
    (f) => f !== 'tags' && !WRITE_ONLY_FIELDS.has(f as EditableField),
  );
  if (!checkable) return 'send';
  const fetchedAt = row.fetchedAt ? Date.parse(row.fetchedAt) : 0;
  if (d.now() - fetchedAt < d.freshCopyMs()) return 'send';
  const name = nameOf(row);
  if (d.quota().remaining <= EDIT_RESERVE) {
    d.notice({ kind: 'sent_unchecked', customerId: row.id, name });
    return 'send';
  }
  const res = await d.refreshOne(row.id);
  if (!res.ok) {
    await fail(entry, res.error);
    return { next: 'stop', read: true };
  }
  const after = await d.db.outbox.get(entry.id);
  // Rotor already holds every value: nothing left to send (and nothing delivered).
  if (!after) return { next: 'ok', read: true };
  if (after.state === 'conflict') {
    d.notice({ kind: 'conflict_before_send', customerId: row.id, name });
    return { next: 'stop', read: true };
  }
  return { next: isDue(after, d.now()) ? 'send' : 'stop', read: true };
}
