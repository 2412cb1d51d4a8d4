/**
 * An import group's counts, kept in the transaction that changes what they count (the rules are in
 * import-groups.ts). Apart from it so discard and replay's answer can count without importing cancel.
 */
import type { Changes } from './changes';
import type { RotorDb, StoredEntry } from '../db/schema';

/** Rows an entry carries for its import (one for an entry written before rows were kept). */
export const rowsOf = (e: StoredEntry): number => e.importRows?.length ?? 1;

type Counter = 'total' | 'joined' | 'sent' | 'dropped';

/** Adds to a group's counts, inside a transaction that includes `db.imports`. */
export async function countImport(
  db: RotorDb,
  changes: Changes,
  importId: string,
  counter: Counter,
  rows: number,
): Promise<void> {
  const group = await db.imports.get(importId);
  if (group) await changes.putImport({ ...group, [counter]: group[counter] + rows });
}

/** The entry stops being the import's (mutated; the caller writes it): a later edit of the user's is in it. */
export async function leaveImport(db: RotorDb, changes: Changes, entry: StoredEntry): Promise<void> {
  const { importId } = entry;
  if (!importId) return;
  const rows = rowsOf(entry);
  delete entry.importId;
  delete entry.importRows;
  await countImport(db, changes, importId, 'dropped', rows);
}
