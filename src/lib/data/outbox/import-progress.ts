/**
 * Each import group's progress (waiting, failed, in flight, done), read from the outbox as it is in
 * memory; the rules it counts by are in import-groups.ts. Apart from the group's writes (pause, cancel,
 * dismiss) so the store's synchronous reads load without them.
 */
import type { ImportGroup, ImportGroupRow } from '../types';
import type { StoredEntry } from '../db/schema';
import { rowsOf } from './import-count';

/** May already be in Rotor, or is on its way: neither Cancel nor Pause can take it back. */
const inFlight = (e: StoredEntry): boolean => e.state === 'sending' || e.ambiguous;

/** Every group with its progress, from the outbox as it is in memory; oldest first. */
export function groupsWithProgress(
  groups: Iterable<ImportGroupRow>,
  entries: Iterable<StoredEntry>,
): ImportGroup[] {
  const live = new Map<string, ImportGroup>();
  for (const g of groups) live.set(g.id, { ...g, waiting: 0, failed: 0, inFlight: 0, done: true });
  for (const e of entries) {
    const g = e.importId ? live.get(e.importId) : undefined;
    if (!g) continue;
    g.done = false;
    if (inFlight(e)) g.inFlight += rowsOf(e);
    else if (e.state === 'failed' || e.state === 'conflict') g.failed += rowsOf(e);
    else g.waiting += rowsOf(e);
  }
  return [...live.values()].sort((a, b) =>
    a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0,
  );
}
