/**
 * What one list page tells a full-refresh pass, beyond its customers: whether the server can be
 * trusted to page at all (the paging guards), and which part of Rotor's newest-first order the page
 * vouches for (the coverage the sweep relies on). Pure functions over the pass's cursor; the rules
 * they implement are stated at the top of sync.ts.
 */
import type { CustomerPage, RotorCustomer } from '@contract/customer';
import type { AppError } from '@contract/result';
import type { SyncCursor } from '../db/schema';
import type { CoveredRange, PassCursor, PassCursorExtras } from './types';
import { passCursor } from './types';

/**
 * Pages a pass may read beyond ceil(total / limit) of its first page: customers created during the
 * pass push others onto later pages (2 pages = 2 × limit creations, far more than a pass of minutes
 * sees; a resumed pass is at most an hour old). A server that says `has_more` for ever stops here.
 */
export const SLACK_PAGES = 2;

/** A cursor older than this starts a new pass: customers created meanwhile sit on pages already read. */
export const STALE_CURSOR_MS = 3_600_000;

/** The persisted cursor to resume, or null when a new pass must start. */
export function resumableCursor(
  stored: (SyncCursor & Partial<PassCursorExtras>) | null,
  pageSize: number,
  archived: boolean,
  now: number,
): PassCursor | null {
  if (!stored || stored.pageSize !== pageSize || stored.archived !== archived) return null;
  const age = now - Date.parse(stored.startedAt);
  // NaN (unreadable) and negative ages (the clock was set back) are not trusted either.
  if (!(age >= 0 && age <= STALE_CURSOR_MS)) return null;
  return passCursor(stored);
}

/** The highest page number the pass may request. */
export function pageBudget(cursor: PassCursor): number {
  return Math.max(1, Math.ceil((cursor.firstTotal ?? 0) / cursor.pageSize)) + SLACK_PAGES;
}

const badResponse = (message: string): AppError => ({ kind: 'bad_response', message });
const NOTHING_REMOVED =
  'Nothing was removed from this computer; the next refresh starts again from the first page.';

export function overBudgetError(page: number, cursor: PassCursor): AppError {
  return badResponse(
    `Rotor still said more customers follow page ${page}, more pages than its count of ` +
      `${cursor.firstTotal ?? 0} customers allows, so the refresh stopped. ${NOTHING_REMOVED}`,
  );
}

/** The paging guards that can be checked on the page itself: it is the page asked for, and not a repeat. */
export function pageProblem(cursor: PassCursor, asked: number, data: CustomerPage): AppError | null {
  if (data.pagination.page !== asked)
    return badResponse(
      `Rotor answered with page ${data.pagination.page} when page ${asked} was asked for, so the ` +
        `refresh stopped. ${NOTHING_REMOVED}`,
    );
  if (asked > 1 && data.customers.length > 0 && pageKey(data.customers) === cursor.lastPageKey)
    return badResponse(
      `Rotor sent the same customers for page ${asked} as for page ${asked - 1} (it may be ignoring ` +
        `the page number), so the refresh stopped. ${NOTHING_REMOVED}`,
    );
  return null;
}

/** A short fingerprint of a page's ids in order (FNV-1a over them, with the count and both ends). */
export function pageKey(customers: readonly RotorCustomer[]): string {
  let h = 0x811c9dc5;
  for (const c of customers) {
    for (let i = 0; i < c.id.length; i++) h = Math.imul(h ^ c.id.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0x2c, 0x01000193);
  }
  return `${customers.length}:${customers[0]?.id ?? ''}:${customers.at(-1)?.id ?? ''}:${(h >>> 0).toString(16)}`;
}

export const createdMs = (iso: string | null | undefined): number | null => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? t : null;
};

/**
 * Records what a page vouches for. A page is a contiguous run of the list as it stood when served, so
 * a customer listed then whose time lies strictly between the page's newest and oldest was on it;
 * page 1 runs from the newest customer, and a final page (no more, and the count reaches `total`) to
 * the oldest. Ties at the ends are left out: Rotor's order among equal times is not documented.
 */
export function recordCoverage(cursor: PassCursor, page: number, data: CustomerPage): void {
  const { customers, pagination, skipped } = data;
  const final =
    !pagination.has_more && (page - 1) * pagination.limit + customers.length + skipped >= pagination.total;
  if (page === 1 && final) {
    // The whole list in one answer: whatever it left out was not listed.
    addRange(cursor.covered, [null, null]);
    return;
  }
  const times = customers.map((c) => createdMs(c.created_at)).filter((t): t is number => t !== null);
  for (let i = 1; i < times.length; i++) {
    if ((times[i] ?? 0) > (times[i - 1] ?? 0)) {
      cursor.unordered = true;
      return;
    }
  }
  const newest = times[0];
  const oldest = times.at(-1);
  if (newest === undefined || oldest === undefined) return;
  addRange(cursor.covered, [final ? null : oldest, page === 1 ? null : newest]);
}

const lo = (r: CoveredRange): number => r[0] ?? -Infinity;
const hi = (r: CoveredRange): number => r[1] ?? Infinity;

function addRange(list: CoveredRange[], r: CoveredRange): void {
  const last = list.at(-1);
  // Two open intervals that share a point make one; pages arrive newest first, so the last is the one.
  if (last && lo(last) < hi(r) && lo(r) < hi(last)) {
    list[list.length - 1] = [
      last[0] === null || r[0] === null ? null : Math.min(last[0], r[0]),
      last[1] === null || r[1] === null ? null : Math.max(last[1], r[1]),
    ];
  } else list.push(r);
}

/** Whether a customer created at `t` would have been on a page of the pass, had it still been listed. */
export function isCovered(covered: readonly CoveredRange[], t: number | null): boolean {
  return t !== null && covered.some((r) => lo(r) < t && t < hi(r));
}
