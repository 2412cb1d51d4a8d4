/**
 * No silent overwrite: before an update is sent, Rotor's copy is read again (GET, 1 request) unless
 * it was read within `freshCopyMinutes`; a field someone changed in Rotor since the edit began turns
 * the entry into a conflict instead of being overwritten. Below the edit reserve the check is skipped
 * and the user is told. Write-only fields (billing, service) can't be read back, so they can't be checked.
 *
 * The decision (`presendNeed`) is synchronous, so the replayer takes it inside the transaction that
 * marks the entry `sending`: a change whose cached copy is fresh costs no read transaction of its own.
 */
import type { AppError } from '@contract/result';
import type { EditableField } from '../types';
import { EDIT_RESERVE } from '../budget';
import type { CustomerRow, StoredEntry } from '../db/schema';
import { WRITE_ONLY_FIELDS } from '../mapping';
import { isLocalId } from '../outbox/entries';
import { isDue } from './deps';
import type { ReplayDeps, SendOutcome } from './deps';

export type PresendDeps = Pick<ReplayDeps, 'db' | 'now' | 'freshCopyMs' | 'quota' | 'notice' | 'refreshOne'>;

/**
 * What an entry needs before it is sent: nothing, a read of Rotor's copy, or nothing because the
 * budget is too low to read (the user is told it went unchecked).
 */
export type PresendNeed = 'send' | 'read' | 'unchecked';

/** Read within the fresh window: replay sends without reading Rotor's copy first. */
export function copyIsFresh(fetchedAt: string | null | undefined, now: number, freshMs: number): boolean {
  return now - (fetchedAt ? Date.parse(fetchedAt) : 0) < freshMs;
}

/**
 * Whether Rotor's copy could show a conflict for this entry: an update of a field Rotor reads back.
 * Tags only merge and write-only fields are never read back, so a read before them would tell nothing.
 */
export function hasCheckableChange(entry: Pick<StoredEntry, 'kind' | 'changes'>): boolean {
  return (
    entry.kind === 'update' &&
    Object.keys(entry.changes).some((f) => f !== 'tags' && !WRITE_ONLY_FIELDS.has(f as EditableField))
  );
}

export function presendNeed(
  d: Pick<PresendDeps, 'now' | 'freshCopyMs' | 'quota'>,
  entry: StoredEntry,
  row: CustomerRow | undefined,
): PresendNeed {
  if (!row || isLocalId(row.id) || !hasCheckableChange(entry)) return 'send';
  if (copyIsFresh(row.fetchedAt, d.now(), d.freshCopyMs())) return 'send';
  return d.quota().remaining <= EDIT_RESERVE ? 'unchecked' : 'read';
}

/**
 * Reads Rotor's copy and rebases the customer's entries on it (sync), which turns a field someone else
 * changed into a conflict. A failed read is recorded on the entry through `fail`, as a send that wrote
 * nothing. 'send': the entry is still due and goes next (the read is one more request of its delivery).
 */
export async function readRotorCopy(
  d: PresendDeps,
  entry: StoredEntry,
  row: CustomerRow,
  name: string,
  fail: (entry: StoredEntry, error: AppError) => Promise<void>,
): Promise<'send' | SendOutcome> {
  const res = await d.refreshOne(row.id);
  if (!res.ok) {
    await fail(entry, res.error);
    return 'stop';
  }
  const after = await d.db.outbox.get(entry.id);
  // Rotor already holds every value: nothing left to send (and nothing delivered).
  if (!after) return 'ok';
  if (after.state === 'conflict') {
    d.notice({ kind: 'conflict_before_send', customerId: row.id, name });
    return 'stop';
  }
  return isDue(after, d.now()) ? 'send' : 'stop';
}
