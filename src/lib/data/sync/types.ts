/**
 * What a full-refresh pass keeps in its persisted cursor beyond db.ts's `SyncCursor`: the bookkeeping of
 * the paging guards and the sweep rule (sync-pages.ts, sweep.ts).
 *
 * Every field is optional in what is read back, because a cursor persisted before they existed may be
 * resumed: `passCursor()` fills the cautious defaults (nothing known to be covered, nothing skipped).
 */
import type { SyncCursor } from '../db/schema';
import type { BlankMark } from './blank';

/**
 * A range of `created_at` times (ms) that one page of the pass vouches for, as an open interval:
 * any customer listed then with a time strictly inside it was on that page. null = unbounded (page 1
 * reaches the newest customer; the final page reaches the oldest).
 */
export type CoveredRange = [older: number | null, newer: number | null];

export interface PassCursorExtras {
  /** Records main left out of the pages read so far because they failed the schema. */
  skipped: number;
  /** Rotor's total on the pass's first page; it sets the pass's page budget. */
  firstTotal: number | null;
  /** Fingerprint of the last page's ids, to notice a server that answers the same page again. */
  lastPageKey: string | null;
  /** What the pages read so far vouch for (merged where they overlap); see the sweep rule in sync.ts. */
  covered: CoveredRange[];
  /** A page was not in newest-first order of `created_at`: `covered` can't be trusted, so no sweep. */
  unordered: boolean;
  /** Set while the pass may write pages without reading them (blank.ts); null once it may not. */
  blank: BlankMark | null;
}

export type PassCursor = SyncCursor & PassCursorExtras;

/** A stored cursor with the extras filled in (a cursor from before them vouches for nothing). */
export function passCursor(c: SyncCursor & Partial<PassCursorExtras>): PassCursor {
  return {
    ...c,
    skipped: c.skipped ?? 0,
    firstTotal: c.firstTotal ?? c.total,
    lastPageKey: c.lastPageKey ?? null,
    covered: (c.covered ?? []).map(([o, n]) => [o, n]),
    unordered: c.unordered ?? false,
    blank: c.blank ?? null,
  };
}
