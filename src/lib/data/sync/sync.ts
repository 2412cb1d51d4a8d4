/**
 * Full refresh: pages through GET /customers (there is no "changed since" filter) and keeps the cache
 * in step with Rotor.
 *
 * - Pipelined: page N+1 is requested while page N is written; each page is written in one
 *   transaction that also advances the persisted cursor, so an interrupted refresh leaves a
 *   consistent cache and resumes at the next page with the same pass id. A change of page size or of
 *   the archived setting, or a cursor older than an hour (STALE_CURSOR_MS: customers created since
 *   then sit on pages already read and would never be fetched), starts a new pass from page 1.
 * - The old cache stays usable throughout: rows are replaced page by page, and nothing is removed
 *   until the pass is complete. `lastFullSyncAt` is when the pass began (cursor.startedAt): what the
 *   cache shows is at least that fresh, and no fresher.
 * - It always ends: the outcome is `completed` or `failed`, and progress ends with `running: false`
 *   whatever happens, including IndexedDB refusing a write (reported as the cache not being written).
 * - Records that fail the schema are left out by main and counted (CustomerPage.skipped); the count is
 *   kept in the cursor across a resume and reported in progress and the outcome.
 * - Paging guards, each ending the pass with a `bad_response` error, its cursor dropped and nothing
 *   swept: the server answered another page than the one asked for; a page repeats the previous one
 *   (same ids in the same order, e.g. a server that ignores `page`); or the pass would read more than
 *   ceil(total / limit) + SLACK_PAGES pages, with `total` from its first page.
 * - Sweep rule. Rotor lists newest first by `created_at`, and each page is a contiguous run of the list
 *   as it stood when that page was served. So a page vouches for the times strictly between its newest
 *   and oldest customer (page 1 up from its oldest, a final page down from its newest): any customer
 *   listed then with such a time was on it. After a complete pass that skipped nothing and saw every
 *   page in order, a cached row the pass did not read is removed (or, with queued changes, kept and
 *   flagged `missingOnServer`) only when both hold:
 *   1. it was in Rotor before the pass's first page was requested: its server copy was requested
 *      before the pass began (serverStamp < startedStamp) and came from a list read of an earlier
 *      pass, or, known only from an upsert answer (passId null), that answer arrived before the pass
 *      began (fetchedAt < startedAt). A create answered just before or during the pass is kept even
 *      when page 1 was served before Rotor saved it; a resumed pass compares with its first start.
 *   2. its `created_at` lies in what the pass's pages vouch for. A customer that slid onto a page
 *      already read (another was archived or deleted between page reads, whatever kept `total` the
 *      same) falls between two pages, where no page vouches, and is kept for the next pass.
 *   The price: a removed customer whose time falls exactly between two pages (or ties a page's end)
 *   stays until a pass whose pages fall elsewhere (any create shifts every page by one).
 * - A first pass into an empty cache writes its pages without reading them first, while the rule in
 *   blank.ts holds (nothing but the pass has written a customer since it found the cache empty).
 * - Rebase: a customer with queued changes is stored as the new server copy with the changes
 *   re-applied, and conflicts are detected against the data just read (rebase.ts) — no extra requests.
 * - Every request names the account (`accountId`) whose cache it fills: main refuses any other.
 */
import type { AppError } from '@contract/result';
import type { CustomerPage, RotorCustomer } from '@contract/customer';
import type { RotorApi } from '@contract/surface';
import { IDLE_PROGRESS } from '../types';
import type { RefreshOutcome, SyncProgress } from '../types';
import { callRotor } from '../call-rotor';
import { cacheWriteError, Changes } from '../outbox/changes';
import type { CustomerRow, RotorDb, StoredEntry, SyncMeta } from '../db/schema';
import { readMeta } from '../db/schema';
import { bySeq, rebaseRow } from '../outbox/rebase';
import { nextTask } from '../next-task';
import { blankPage } from './blank';
import { dropPass, finishPass } from './sweep';
import { overBudgetError, pageBudget, pageKey, pageProblem, recordCoverage, resumableCursor } from './pages';
import type { PassCursor } from './types';

export { refreshOneCustomer } from './refresh-one';

export interface SyncDeps {
  db: RotorDb;
  api: RotorApi;
  /** The account this cache belongs to; every request names it. */
  accountId: string;
  settings: () => { pageSize: number; includeArchived: boolean };
  now: () => number;
  /** Strictly increasing client time, to order requests and writes (see CustomerRow.serverStamp). */
  stamp: () => number;
  uuid: () => string;
  commit: (changes: Changes) => void;
  /** Keeps a page's committed changes out of memory until `release`, or until anything else is applied. */
  hold: (changes: Changes) => void;
  release: () => void;
  progress: (p: SyncProgress) => void;
}

type PageResult = { ok: true; data: CustomerPage } | { ok: false; error: AppError };

export async function runFullSync(d: SyncDeps): Promise<RefreshOutcome> {
  const progress: SyncProgress = { ...IDLE_PROGRESS, running: true };
  let outcome: RefreshOutcome = { kind: 'failed', error: cacheWriteError(null) };
  try {
    outcome = await runPass(d, progress);
  } catch (e) {
    outcome = { kind: 'failed', error: cacheWriteError(e) };
  } finally {
    d.release();
    d.progress({ ...progress, running: false, error: outcome.kind === 'failed' ? outcome.error : null });
  }
  return outcome;
}

function newPass(d: SyncDeps, pageSize: number, archived: boolean): PassCursor {
  return {
    passId: d.uuid(),
    nextPage: 1,
    pageSize,
    archived,
    startedAt: new Date(d.now()).toISOString(),
    startedStamp: d.stamp(),
    total: null,
    shrank: false,
    skipped: 0,
    firstTotal: null,
    lastPageKey: null,
    covered: [],
    unordered: false,
    blank: null,
  };
}

async function runPass(d: SyncDeps, progress: SyncProgress): Promise<RefreshOutcome> {
  const { db, api } = d;
  const { pageSize, includeArchived } = d.settings();
  const meta = await readMeta(db);
  const cursor =
    resumableCursor(meta.cursor, pageSize, includeArchived, d.now()) ?? newPass(d, pageSize, includeArchived);
  const read = cursor.nextPage - 1;
  Object.assign(progress, {
    skipped: cursor.skipped,
    pagesDone: read,
    pagesTotal: cursor.total === null ? null : Math.max(read, Math.ceil(cursor.total / pageSize)),
    customersDone: Math.min(read * pageSize, cursor.total ?? Infinity),
    customersTotal: cursor.total,
  });
  d.progress({ ...progress });

  const fetchPage = (page: number): Promise<{ res: PageResult; requestedAt: number }> => {
    const requestedAt = d.stamp();
    const arg = {
      accountId: d.accountId,
      page,
      limit: pageSize,
      ...(includeArchived ? { archived: true } : {}),
    };
    return callRotor(() => api.customers.list(arg)).then((res) => ({ res, requestedAt }));
  };

  let landed = false;
  const fetchNext = (page: number): Promise<{ res: PageResult; requestedAt: number }> => {
    landed = false;
    return fetchPage(page).finally(() => (landed = true));
  };
  let inFlight = fetchNext(cursor.nextPage);
  for (;;) {
    // The page held back waits for the next one's write only when that page is already here.
    if (!landed) d.release();
    const { res, requestedAt } = await inFlight;
    // The cursor stays: the next refresh resumes at this page.
    if (!res.ok) return { kind: 'failed', error: res.error };
    const page = cursor.nextPage;
    const problem = pageProblem(cursor, page, res.data);
    if (problem) return stop(d, problem);
    const { customers, pagination, skipped } = res.data;
    const more = pagination.has_more && customers.length + skipped > 0;
    if (cursor.firstTotal === null) cursor.firstTotal = pagination.total;
    const overBudget = more && page + 1 > pageBudget(cursor);
    // Pipelining: the next request is on the wire while this page is written.
    if (more && !overBudget) inFlight = fetchNext(page + 1);
    cursor.nextPage = page + 1;
    if (cursor.total !== null && pagination.total < cursor.total) cursor.shrank = true;
    cursor.total = pagination.total;
    cursor.skipped += skipped;
    if (customers.length > 0) cursor.lastPageKey = pageKey(customers);
    recordCoverage(cursor, page, res.data);
    await writeOverlapped(d, customers, cursor, page, requestedAt);
    progress.skipped = cursor.skipped;
    progress.pagesDone = page;
    progress.pagesTotal = Math.max(page, Math.ceil(pagination.total / pageSize));
    progress.customersDone += customers.length;
    progress.customersTotal = pagination.total;
    d.progress({ ...progress });
    if (overBudget) return stop(d, overBudgetError(page, cursor));
    if (!more) break;
  }
  d.release();
  const customers = await finishPass(db, cursor, d.commit);
  return { kind: 'completed', customers, skipped: cursor.skipped };
}

/** A paging guard tripped: resuming would meet it again, so the pass is dropped (nothing swept). */
async function stop(d: SyncDeps, error: AppError): Promise<RefreshOutcome> {
  await dropPass(d.db, d.commit);
  return { kind: 'failed', error };
}

/**
 * Writes a page and holds its changes, applying the page before it to memory while this one's rows
 * are on their way: IndexedDB writes one page while the page before is indexed, not one after the
 * other (full sync of 50,000, bench 2026-12-07, 12 rounds each: 1.47× its floor against 1.54×).
 * Applied in a task of its own, outside the write's transaction: what the change wakes (the list,
 * replay) must not join it.
 */
async function writeOverlapped(
  d: SyncDeps,
  customers: RotorCustomer[],
  cursor: PassCursor,
  page: number,
  requestedAt: number,
): Promise<void> {
  let sent = (): void => undefined;
  const rowsSent = new Promise<void>((resolve) => (sent = resolve));
  const writing = writePage(d, customers, cursor, page, requestedAt, sent);
  // A write that fails before its rows are sent ends the wait too: the page before goes in all the same.
  await Promise.race([rowsSent, writing]).catch(() => undefined);
  await nextTask();
  d.release();
  d.hold(await writing);
}

/** One page in one transaction, with the cursor; `sent`: its rows have been handed to IndexedDB. */
async function writePage(
  d: SyncDeps,
  customers: RotorCustomer[],
  cursor: PassCursor,
  page: number,
  requestedAt: number,
  sent: () => void,
): Promise<Changes> {
  const { db } = d;
  const changes = new Changes(db);
  const nowIso = new Date(d.now()).toISOString();
  await db.transaction('rw', [db.customers, db.outbox, db.meta, db.deliveries], async () => {
    const meta = await readMeta(db);
    const unique = new Map<string, RotorCustomer>();
    for (const c of customers) unique.set(c.id, c);
    const fresh = (c: RotorCustomer): CustomerRow =>
      rebaseRow(changes, c, undefined, [], cursor.passId, requestedAt, nowIso);
    const rows = (await blankPage(db, cursor, page, meta.cursor))
      ? Array.from(unique.values(), fresh)
      : await rebasePage(db, changes, unique, cursor.passId, requestedAt, nowIso);
    for (const [id, e] of changes.entries) if (e === null) await db.outbox.delete(id);
    for (const e of changes.entries.values()) if (e) await db.outbox.put(e);
    const put = changes.putRows(rows);
    sent();
    await put;
    const next: SyncMeta = { ...meta, cursor: structuredClone(cursor), lastKnownTotal: cursor.total };
    await db.meta.put(next);
    changes.meta = next;
  });
  return changes;
}

/** The page's rows against what the cache holds: queued changes rebased, newer answers kept. */
async function rebasePage(
  db: RotorDb,
  changes: Changes,
  unique: ReadonlyMap<string, RotorCustomer>,
  passId: string,
  requestedAt: number,
  nowIso: string,
): Promise<CustomerRow[]> {
  const ids = [...unique.keys()];
  const existing = await db.customers.bulkGet(ids);
  const queued = await db.outbox.where('customerId').anyOf(ids).toArray();
  const byCustomer = new Map<string, StoredEntry[]>();
  for (const e of queued.sort(bySeq)) {
    const list = byCustomer.get(e.customerId);
    if (list) list.push(e);
    else byCustomer.set(e.customerId, [e]);
  }
  const rows: CustomerRow[] = [];
  let i = 0;
  for (const c of unique.values()) {
    const old = existing[i++];
    // Rotor answered an upsert after this page was requested: that answer is newer.
    if (old && old.serverStamp > requestedAt) rows.push({ ...old, passId });
    else rows.push(rebaseRow(changes, c, old, byCustomer.get(c.id) ?? [], passId, requestedAt, nowIso));
  }
  return rows;
}
