/**
 * How a cached row is derived from its server copy and its queued entries. Every writer (edits, full
 * refresh, replay, discard) goes through `composeRow`, so "what the user sees" is always
 * server copy + queued changes re-applied in queue order.
 */
import type { EditableField, FieldConflict, SyncState } from '../types';
import type { RotorCustomer } from '@contract/customer';
import type { Changes } from './changes';
import { applyChanges, emptyCustomer, fieldValue, fromRead, sameValue, WRITE_ONLY_FIELDS } from '../mapping';
import type { CustomerData } from '../mapping';
import type { CustomerRow, StoredEntry } from '../db/schema';
import { SAME_AS_LOCAL, serverCopyOf } from '../db/schema';
import { sortName } from '../../search/normalize';
import { isRejected } from './rejection';

export function bySeq(a: StoredEntry, b: StoredEntry): number {
  return a.seq - b.seq;
}

export function deriveSyncState(entries: readonly StoredEntry[]): SyncState {
  if (entries.length === 0) return 'synced';
  if (entries.some((e) => e.state === 'conflict')) return 'conflict';
  if (entries.some((e) => e.state === 'failed')) return 'failed';
  return 'pending';
}

export function applyEntries(base: CustomerData, entries: readonly StoredEntry[]): CustomerData {
  let out = base;
  for (const e of entries) out = applyChanges(out, e.changes);
  return out;
}

export interface ComposeArgs {
  id: string;
  server: CustomerData | null;
  /** This customer's entries, in seq order. */
  entries: readonly StoredEntry[];
  passId: string | null;
  serverStamp: number;
  fetchedAt: string | null;
  missingOnServer: boolean;
}

export function composeRow(a: ComposeArgs): CustomerRow {
  const local = applyEntries(a.server ?? emptyCustomer(a.id), a.entries);
  // One object per row, the derived columns included: a full refresh composes every customer.
  const row: CustomerRow = {
    ...local,
    id: a.id,
    serverTags: a.server ? a.server.tags.slice() : [],
    syncState: deriveSyncState(a.entries),
    fetchedAt: a.fetchedAt,
    missingOnServer: a.missingOnServer,
    nameKey: '',
    // Nothing queued: what the user sees is Rotor's copy, so it is not stored a second time.
    server: a.entries.length === 0 && a.server !== null ? SAME_AS_LOCAL : a.server,
    passId: a.passId,
    serverStamp: a.serverStamp,
  };
  row.nameKey = sortName(row);
  return row;
}

/** Re-derives a row after its entries changed, keeping its server copy and sync stamps. */
export function recompose(row: CustomerRow, entries: readonly StoredEntry[]): CustomerRow {
  return composeRow({
    id: row.id,
    server: serverCopyOf(row),
    entries,
    passId: row.passId,
    serverStamp: row.serverStamp,
    fetchedAt: row.fetchedAt,
    missingOnServer: row.missingOnServer,
  });
}

export interface ConflictOutcome {
  /** Entries to write back (changed by detection) and entries to delete (nothing left to send). */
  put: StoredEntry[];
  remove: string[];
  /** Entries that remain, in order. */
  kept: StoredEntry[];
}

/**
 * Compares a freshly read server copy with the unsent changes queued for that customer, using only
 * data already fetched (no extra requests). For each changed field of an entry not currently sending:
 * - Rotor already holds the value the user chose → nothing left to send for it: the field drops out;
 * - Rotor's value differs from the entry's base → the user and someone else both changed it: conflict
 *   `{base, theirs, mine}`, and the entry waits for the user to pick;
 * - Rotor's value is back at the base → any earlier conflict on that field is gone.
 * Tags never conflict (Rotor merges them). Write-only fields are skipped for list/get reads: they
 * carry no news about them. An entry left with no changes is removed. `lastError` is kept either way:
 * a rejected change in conflict still says why Rotor rejected it (rejection.ts).
 */
export function detectConflicts(
  server: CustomerData,
  entries: readonly StoredEntry[],
  nowIso: string,
  skipWriteOnly: boolean,
): ConflictOutcome {
  const out: ConflictOutcome = { put: [], remove: [], kept: [] };
  let ref = server;
  for (const original of entries) {
    if (original.state === 'sending' || original.kind === 'create') {
      out.kept.push(original);
      ref = applyChanges(ref, original.changes);
      continue;
    }
    const e: StoredEntry = {
      ...original,
      changes: { ...original.changes },
      base: { ...original.base },
      conflicts: original.conflicts ? { ...original.conflicts } : null,
    };
    const conflicts: Partial<Record<EditableField, FieldConflict>> = e.conflicts ?? {};
    let touched = false;
    for (const field of Object.keys(original.changes) as EditableField[]) {
      if (field === 'tags' || (skipWriteOnly && WRITE_ONLY_FIELDS.has(field))) continue;
      const theirs = fieldValue(ref, field);
      const mine = original.changes[field];
      const base = original.base[field];
      if (sameValue(field, theirs, mine)) {
        Reflect.deleteProperty(e.changes, field);
        Reflect.deleteProperty(e.base, field);
        Reflect.deleteProperty(conflicts, field);
        touched = true;
      } else if (!sameValue(field, theirs, base)) {
        const prev = conflicts[field];
        if (!prev || !sameValue(field, prev.theirs, theirs) || !sameValue(field, prev.mine, mine)) {
          conflicts[field] = { base, theirs, mine };
          touched = true;
        }
      } else if (conflicts[field]) {
        Reflect.deleteProperty(conflicts, field);
        touched = true;
      }
    }
    const hasConflicts = Object.keys(conflicts).length > 0;
    e.conflicts = hasConflicts ? conflicts : null;
    if (hasConflicts && e.state !== 'conflict') {
      e.state = 'conflict';
      touched = true;
    } else if (!hasConflicts && e.state === 'conflict') {
      // A change Rotor rejected would be rejected again: it goes back to waiting for the user, reason kept.
      e.state = isRejected(e) ? 'failed' : 'pending';
      touched = true;
    }
    if (Object.keys(e.changes).length === 0) {
      out.remove.push(e.id);
      continue;
    }
    if (touched) {
      e.updatedAt = nowIso;
      out.put.push(e);
    }
    out.kept.push(touched ? e : original);
    ref = applyChanges(ref, e.changes);
  }
  return out;
}

/**
 * The row for a freshly read customer: new server copy, queued changes re-applied, conflicts
 * detected. Entry updates are recorded in `changes` (the caller writes them).
 */
export function rebaseRow(
  changes: Changes,
  c: RotorCustomer,
  old: CustomerRow | undefined,
  entries: StoredEntry[],
  passId: string | null,
  requestedAt: number,
  nowIso: string,
): CustomerRow {
  const server = fromRead(c, old ? serverCopyOf(old) : null);
  let kept = entries;
  if (entries.length) {
    const outcome = detectConflicts(server, entries, nowIso, true);
    for (const e of outcome.put) changes.entries.set(e.id, e);
    for (const id of outcome.remove) changes.entries.set(id, null);
    kept = outcome.kept;
  }
  return composeRow({
    id: c.id,
    server,
    entries: kept,
    passId,
    serverStamp: requestedAt,
    fetchedAt: nowIso,
    missingOnServer: false,
  });
}
