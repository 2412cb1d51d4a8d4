/**
 * Full refresh: pages through GET /customers (there is no "changed since" filter) and keeps the cache
 * in step with Rotor.
 *
 * - Pipelined: page N+1 is requested while page N is written; each page is written in one
 *   transaction that also advances the persisted cursor, so an interrupted refresh leaves a
 *   consistent cache and resumes at the next page with the same pass id (a change of page size or of
 *   the archived setting starts a new pass).
 * - The old cache stays usable throughout: rows are replaced page by page, and nothing is removed
 *   until the pass is complete.
 * - Rows are stamped with the pass id. After a complete pass, rows from older passes are swept:
 *   deleted, or, when they still have queued changes, kept and flagged `missingOnServer`. Rows whose
 *   server copy is newer than the pass (e.g. a create answered mid-refresh) and local-only rows are
 *   never swept. Rotor lists newest first, so a customer created during the pass only pushes others
 *   to later pages (read twice, harmless), but a deletion pulls them onto a page already read (never
 *   read: it would be swept by mistake). Between two page reads the items can only have moved
 *   forward if Rotor's total went down, so the sweep runs only when no page reported a smaller total
 *   than the page before it, and the pass saw at least `total` distinct customers; otherwise the
 *   sweep waits for the next pass.
 * - Rebase: a customer with queued changes is stored as the new server copy with the changes
 *   re-applied, and conflicts are detected against the data just read (rebase.ts) — no extra requests.
 */
import type { AppError } from '@contract/result';
import type { CustomerPage, RotorCustomer } from '@contract/customer';
import type { RotorApi } from '@contract/surface';
import type { SyncProgress } from './api';
import { callRotor } from './call-rotor';
import { Changes } from './changes';
import type { CustomerRow, RotorDb, StoredEntry, SyncCursor, SyncMeta } from './db';
import { readMeta } from './db';
import { fromRead } from './mapping';
import { isLocalId } from './outbox';
import { bySeq, composeRow, detectConflicts } from './rebase';

export interface SyncDeps {
  db: RotorDb;
  api: RotorApi;
  settings: () => { pageSize: number; includeArchived: boolean };
  now: () => number;
  /** Strictly increasing client time, to order requests and writes (see CustomerRow.serverStamp). */
  stamp: () => number;
  uuid: () => string;
  commit: (changes: Changes) => void;
  progress: (p: SyncProgress) => void;
}

export const IDLE_PROGRESS: SyncProgress = {
  running: false,
  pagesDone: 0,
  pagesTotal: null,
  customersDone: 0,
  customersTotal: null,
  error: null,
};

type PageResult = { ok: true; data: CustomerPage } | { ok: false; error: AppError };

export async function runFullSync(d: SyncDeps): Promise<void> {
  const { db, api } = d;
  const meta = await readMeta(db);
  const { pageSize, includeArchived } = d.settings();
  const cursor: SyncCursor =
    meta.cursor && meta.cursor.pageSize === pageSize && meta.cursor.archived === includeArchived
      ? { ...meta.cursor }
      : {
          passId: d.uuid(),
          nextPage: 1,
          pageSize,
          archived: includeArchived,
          startedAt: new Date(d.now()).toISOString(),
          startedStamp: d.stamp(),
          total: null,
          shrank: false,
        };
  const progress: SyncProgress = {
    running: true,
    pagesDone: cursor.nextPage - 1,
    pagesTotal: cursor.total === null ? null : Math.ceil(cursor.total / pageSize),
    customersDone: Math.min((cursor.nextPage - 1) * pageSize, cursor.total ?? Infinity),
    customersTotal: cursor.total,
    error: null,
  };
  d.progress({ ...progress });

  const fetchPage = (page: number): Promise<{ res: PageResult; requestedAt: number }> => {
    const requestedAt = d.stamp();
    return callRotor(() =>
      api.customers.list({ page, limit: pageSize, ...(includeArchived ? { archived: true } : {}) }),
    ).then((res) => ({ res, requestedAt }));
  };

  let inFlight = fetchPage(cursor.nextPage);
  for (;;) {
    const { res, requestedAt } = await inFlight;
    if (!res.ok) {
      d.progress({ ...progress, running: false, error: res.error });
      return;
    }
    const { customers, pagination } = res.data;
    const page = cursor.nextPage;
    const more = pagination.has_more && customers.length > 0;
    // Pipelining: the next request is on the wire while this page is written.
    if (more) inFlight = fetchPage(page + 1);
    cursor.nextPage = page + 1;
    if (cursor.total !== null && pagination.total < cursor.total) cursor.shrank = true;
    cursor.total = pagination.total;
    await writePage(d, customers, cursor, requestedAt);
    progress.pagesDone = page;
    progress.pagesTotal = Math.max(page, Math.ceil(pagination.total / pageSize));
    progress.customersDone += customers.length;
    progress.customersTotal = pagination.total;
    d.progress({ ...progress });
    if (!more) break;
  }
  await finishPass(d, cursor);
  d.progress({ ...progress, running: false });
}

async function writePage(
  d: SyncDeps,
  customers: RotorCustomer[],
  cursor: SyncCursor,
  requestedAt: number,
): Promise<void> {
  const { db } = d;
  const changes = new Changes(db);
  const nowIso = new Date(d.now()).toISOString();
  await db.transaction('rw', db.customers, db.outbox, db.meta, async () => {
    const unique = new Map<string, RotorCustomer>();
    for (const c of customers) unique.set(c.id, c);
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
    [...unique.values()].forEach((c, i) => {
      const id = c.id;
      const old = existing[i];
      if (old && old.serverStamp > requestedAt) {
        // Rotor answered an upsert after this page was requested: that answer is newer.
        rows.push({ ...old, passId: cursor.passId });
        return;
      }
      rows.push(rebaseRow(changes, c, old, byCustomer.get(id) ?? [], cursor.passId, requestedAt, nowIso));
    });
    for (const [id, e] of changes.entries) if (e === null) await db.outbox.delete(id);
    for (const e of changes.entries.values()) if (e) await db.outbox.put(e);
    await changes.putRows(rows);
    const meta = await readMeta(db);
    const next: SyncMeta = { ...meta, cursor: { ...cursor }, lastKnownTotal: cursor.total };
    await db.meta.put(next);
    changes.meta = next;
  });
  d.commit(changes);
}

/**
 * The row for a freshly read customer: new server copy, queued changes re-applied, conflicts
 * detected. Entry updates are recorded in `changes` (the caller writes them).
 */
function rebaseRow(
  changes: Changes,
  c: RotorCustomer,
  old: CustomerRow | undefined,
  entries: StoredEntry[],
  passId: string | null,
  requestedAt: number,
  nowIso: string,
): CustomerRow {
  const server = fromRead(c, old?.server ?? null);
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

async function finishPass(d: SyncDeps, cursor: SyncCursor): Promise<void> {
  const { db } = d;
  const changes = new Changes(db);
  const nowIso = new Date(d.now()).toISOString();
  const startedAt = cursor.startedStamp;
  await db.transaction('rw', db.customers, db.outbox, db.meta, async () => {
    const seen = await db.customers.where('passId').equals(cursor.passId).count();
    if (!cursor.shrank && (cursor.total === null || seen >= cursor.total)) {
      const stale = await db.customers
        .filter((r) => r.passId !== cursor.passId && !isLocalId(r.id) && r.serverStamp < startedAt)
        .toArray();
      const withEntries = new Set(
        (
          await db.outbox
            .where('customerId')
            .anyOf(stale.map((r) => r.id))
            .toArray()
        ).map((e) => e.customerId),
      );
      const remove: string[] = [];
      const flag: CustomerRow[] = [];
      for (const r of stale) {
        if (withEntries.has(r.id)) {
          if (!r.missingOnServer) flag.push({ ...r, missingOnServer: true });
        } else remove.push(r.id);
      }
      await changes.deleteRows(remove);
      await changes.putRows(flag);
    }
    const meta: SyncMeta = {
      ...(await readMeta(db)),
      lastFullSyncAt: nowIso,
      lastKnownTotal: cursor.total,
      customerCount: await db.customers.count(),
      cursor: null,
    };
    await db.meta.put(meta);
    changes.meta = meta;
  });
  d.commit(changes);
}

/** GET /customers/{id} for one record, rebased like a page row. */
export async function refreshOneCustomer(
  d: SyncDeps,
  id: string,
): Promise<{ ok: true } | { ok: false; error: AppError }> {
  if (isLocalId(id))
    return { ok: false, error: { kind: 'invalid_argument', message: 'This customer is not in Rotor yet' } };
  const { db } = d;
  const requestedAt = d.stamp();
  const res = await callRotor(() => d.api.customers.get({ id }));
  const changes = new Changes(db);
  const nowIso = new Date(d.now()).toISOString();
  if (!res.ok) {
    if (res.error.kind !== 'not_found') return res;
    await db.transaction('rw', db.customers, db.outbox, async () => {
      const row = await db.customers.get(id);
      if (!row) return;
      const queued = await db.outbox.where('customerId').equals(id).count();
      if (queued) await changes.putRow({ ...row, missingOnServer: true });
      else await changes.deleteRow(id);
    });
    d.commit(changes);
    return res;
  }
  await db.transaction('rw', db.customers, db.outbox, async () => {
    const old = await db.customers.get(id);
    if (old && old.serverStamp > requestedAt) return;
    const entries = (await db.outbox.where('customerId').equals(id).toArray()).sort(bySeq);
    const row = rebaseRow(changes, res.data, old, entries, old?.passId ?? null, requestedAt, nowIso);
    for (const [eid, e] of changes.entries) {
      if (e === null) await db.outbox.delete(eid);
      else await db.outbox.put(e);
    }
    await changes.putRow(row);
  });
  d.commit(changes);
  return { ok: true };
}
