/**
 * Which import entries replay holds back (import groups: outbox/import-groups.ts). An import's entry
 * waits, and with it the rest of its lane (a lane goes strictly in order), while
 * - its import is paused or cancelled: the user said so; Resume (or the cancel's discard) wakes replay;
 * - main's remaining quota is at or below `EDIT_RESERVE`: a big import never eats the requests a
 *   technician's edit needs today. Held ones go after the quota resets (main's quota event wakes replay).
 * An entry that may already be in Rotor (ambiguous) is never held: it must settle, and an edit the user
 * queued behind it must not wait on an import. Ordinary changes are never held.
 * A hold arms no timer: the pass ends, and the event that lifts the hold starts the next one.
 */
import type { QuotaState } from '@contract/state';
import { EDIT_RESERVE } from '../budget';
import type { RotorDb, StoredEntry } from '../db/schema';

export interface ImportHold {
  /** Whether replay must not send this entry now (re-reads the quota each time: it falls as sends go). */
  held(entry: StoredEntry): boolean;
  /**
   * `held`, and when not held counts the send as under way until `release`: lanes run in parallel, and
   * main's count may not have moved yet, so each send in flight is taken off what is left (at worst the
   * import stops a few requests early, never below the reserve).
   */
  take(entry: StoredEntry): boolean;
  release(entry: StoredEntry): void;
  /** Some entry was held for the reserve: a quota event that raises the budget should replay. */
  readonly heldForReserve: boolean;
}

/** Reads the groups' pause flags (a few rows) once per round of a pass. */
export async function readImportHold(db: RotorDb, quota: () => QuotaState): Promise<ImportHold> {
  const stopped = new Set<string>();
  await db.imports.each((g) => {
    if (g.paused || g.cancelledAt) stopped.add(g.id);
  });
  let reserve = false;
  let inFlight = 0;
  const held = (entry: StoredEntry): boolean => {
    if (!entry.importId || entry.ambiguous) return false;
    if (stopped.has(entry.importId)) return true;
    if (quota().remaining - inFlight > EDIT_RESERVE) return false;
    reserve = true;
    return true;
  };
  const counted = (entry: StoredEntry): boolean => entry.importId !== undefined && !entry.ambiguous;
  return {
    held,
    take(entry) {
      if (held(entry)) return false;
      if (counted(entry)) inFlight++;
      return true;
    },
    release(entry) {
      if (counted(entry)) inFlight--;
    },
    get heldForReserve() {
      return reserve;
    },
  };
}
