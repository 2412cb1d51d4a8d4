/**
 * Which import entries replay holds back (import groups: outbox/import-groups.ts). An import's entry
 * waits, and with it the rest of its lane (a lane goes strictly in order), while
 * - its import is paused or cancelled: the user said so; Resume (or the cancel's discard) wakes replay;
 * - the day's remaining quota is at or below `EDIT_RESERVE`: a big import never eats the requests a
 *   technician's edit needs today. Held ones go after the quota resets (main's quota event wakes replay).
 * An entry that may already be in Rotor (ambiguous) is never held: it must settle, and an edit the user
 * queued behind it must not wait on an import. Ordinary changes are never held.
 * A hold arms no timer: the pass ends, and the event that lifts the hold starts the next one.
 *
 * Main tells its count once per burst of requests, not per request (quota/ledger.ts), so during a burst
 * its `remaining` stands still: `QuotaEstimate` takes off what this replayer sent since main's figure
 * last moved, or a 1,000-row import would spend the whole day before the renderer heard of it.
 */
import type { QuotaState } from '@contract/state';
import { EDIT_RESERVE } from '../budget';
import type { StoredEntry } from '../db/schema';

/** What is left today: main's figure less the sends it has not counted yet. */
export class QuotaEstimate {
  private seen: number | null = null;
  private uncounted = 0;

  constructor(private readonly quota: () => QuotaState) {}

  remaining(): number {
    const now = this.quota().remaining;
    if (this.seen !== null && now !== this.seen)
      // Fell: main counted that many of ours. Rose: a new day, nothing of ours is in it.
      this.uncounted = now < this.seen ? Math.max(0, this.uncounted - (this.seen - now)) : 0;
    this.seen = now;
    return now - this.uncounted;
  }

  /** One request is about to go (an upsert; a read before it is counted by main soon enough). */
  sent(): void {
    this.remaining();
    this.uncounted++;
  }
}

export interface ImportHold {
  /** Whether replay must not send this entry now (the estimate falls as sends go). */
  held(entry: StoredEntry): boolean;
  /** `held`, and when not held, counts the send against the estimate. */
  take(entry: StoredEntry): boolean;
  /** Some entry was held for the reserve: a quota event that raises the budget should replay. */
  readonly heldForReserve: boolean;
}

/**
 * One round's hold. `stopped` reads the groups' pause flags as memory has them now (a pause or cancel
 * committed in any window applies to the very next send, not only to the next round: a round may hold
 * thousands of an import's lanes).
 */
export function importHold(stopped: (importId: string) => boolean, estimate: QuotaEstimate): ImportHold {
  let reserve = false;
  const held = (entry: StoredEntry): boolean => {
    if (!entry.importId || entry.ambiguous) return false;
    if (stopped(entry.importId)) return true;
    if (estimate.remaining() > EDIT_RESERVE) return false;
    reserve = true;
    return true;
  };
  return {
    held,
    take(entry) {
      if (held(entry)) return false;
      estimate.sent();
      return true;
    },
    get heldForReserve() {
      return reserve;
    },
  };
}
