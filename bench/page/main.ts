/**
 * The bench page: served by the browser host at /__bench/ (same origin as the app, so it shares the
 * app's IndexedDB and has the same `window.rotor`), it runs the micro-measures that need the data layer
 * itself — the network-only and raw-IndexedDB floors, search per keystroke against a naive scan, and
 * queueing edits for the replay measure — and exposes them as `window.__bench` to the runner.
 */
import type { CustomerPage } from '@contract/customer';
import type { LocalCustomer, SearchQuery } from '../../src/lib/data/types';
import { localOf, openDb } from '../../src/lib/data/db/schema';
import type { CustomerRow } from '../../src/lib/data/db/schema';
import { fromRead } from '../../src/lib/data/mapping';
import { composeRow } from '../../src/lib/data/outbox/rebase';
import { openLocalDataStore } from '../../src/lib/data/store/store';
import { SearchIndex } from '../../src/lib/search/index';
import { keystrokes } from '../shared/queries';
import { readFileBench } from './read-file';
import type {
  BenchPageApi,
  IdbWriteResult,
  KeystrokeTiming,
  NetworkPassResult,
  QueuedEdits,
  SearchBenchResult,
} from '../shared/types';

const SCRATCH_DB = 'rotor-bench-idb-floor';
/** The app's customer indexes (src/lib/data/db/schema.ts, schema v3), so the floor pays for the same index upkeep. */
const INDEXES = ['nameKey', 'passId'] as const;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function deleteDb(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error ?? new Error(`could not delete ${name}`));
    req.onblocked = () => reject(new Error(`deleting ${name} is blocked by an open connection`));
  });
}

async function readRows(dbName: string): Promise<CustomerRow[]> {
  const db = openDb(dbName);
  try {
    await db.open();
    return await db.customers.toArray();
  } finally {
    db.close();
  }
}

/** The last network pass's pages, when asked to keep them (the raw IndexedDB floor writes them). */
let kept: CustomerPage[] = [];

async function networkPass({
  limit,
  keep,
  accountId,
}: {
  limit: number;
  keep: boolean;
  accountId: string;
}): Promise<NetworkPassResult> {
  kept = [];
  const pages: CustomerPage[] = [];
  const start = performance.now();
  for (let page = 1; ; page++) {
    const res = await window.rotor.customers.list({ accountId, page, limit });
    if (!res.ok) throw new Error(`customers.list page ${page}: ${res.error.kind}: ${res.error.message}`);
    pages.push(res.data);
    if (!(res.data.pagination.has_more && res.data.customers.length > 0)) break;
  }
  const ms = performance.now() - start;
  // Sized after the clock stopped: the floor only fetches and discards.
  const encoder = new TextEncoder();
  let jsonBytes = 0;
  let customers = 0;
  for (const p of pages) {
    jsonBytes += encoder.encode(JSON.stringify(p.customers)).length;
    customers += p.customers.length;
  }
  if (keep) kept = pages;
  return { ms, pages: pages.length, customers, jsonBytes };
}

/**
 * Writes the customers of the last kept network pass, as the rows a full sync stores (built by the
 * data layer's own composeRow before the clock starts), one transaction per page, into a fresh
 * database with the app's indexes: the least IndexedDB work a full sync can do.
 */
async function idbWriteFloor({ pageSize }: { pageSize: number }): Promise<IdbWriteResult> {
  if (kept.length === 0) throw new Error('idbWriteFloor needs a networkPass({ keep: true }) first');
  const fetchedAt = new Date().toISOString();
  const rows: CustomerRow[] = kept.flatMap((p) =>
    p.customers.map((c) =>
      composeRow({
        id: c.id,
        server: fromRead(c, null),
        entries: [],
        passId: 'bench-floor',
        serverStamp: Date.now(),
        fetchedAt,
        missingOnServer: false,
      }),
    ),
  );
  kept = [];
  await deleteDb(SCRATCH_DB);
  const open = indexedDB.open(SCRATCH_DB, 1);
  open.onupgradeneeded = () => {
    const store = open.result.createObjectStore('customers', { keyPath: 'id' });
    for (const ix of INDEXES) store.createIndex(ix, ix);
  };
  const db = await request(open);
  let transactions = 0;
  const start = performance.now();
  for (let i = 0; i < rows.length; i += pageSize) {
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('customers', 'readwrite');
      const store = tx.objectStore('customers');
      const end = Math.min(rows.length, i + pageSize);
      for (let j = i; j < end; j++) store.put(rows[j]);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('write failed'));
      tx.onabort = () => reject(tx.error ?? new Error('write aborted'));
    });
    transactions++;
  }
  const ms = performance.now() - start;
  db.close();
  return { ms, rows: rows.length, transactions };
}

interface NaiveRecord {
  id: string;
  /** The index's fields, lower-cased once up front. */
  fields: string[];
}

function naiveRecord(c: LocalCustomer): NaiveRecord {
  const a = c.address;
  const fields = [
    c.first_name,
    c.last_name,
    c.company_name,
    c.email,
    c.phone,
    a?.street1,
    a?.street2,
    a?.city,
    a?.state,
    a?.zip,
    a?.country,
    ...c.tags,
  ]
    .filter((v): v is string => !!v)
    .map((v) => v.toLowerCase());
  return { id: c.id, fields };
}

/** The simplest thing that works: every record, every field, `includes`, in the cached name order. */
function naiveSearch(records: readonly NaiveRecord[], text: string): string[] {
  const tokens = text.toLowerCase().trim().split(/\s+/).filter(Boolean);
  const out: string[] = [];
  if (tokens.length === 0) {
    for (const r of records) out.push(r.id);
    return out;
  }
  for (const r of records) {
    let all = true;
    for (const t of tokens) {
      let hit = false;
      for (const f of r.fields) {
        if (f.includes(t)) {
          hit = true;
          break;
        }
      }
      if (!hit) {
        all = false;
        break;
      }
    }
    if (all) out.push(r.id);
  }
  return out;
}

/** The query the customer list sends for a keystroke (src/lib/state/list.svelte.ts, no filters). */
const listQuery = (text: string): SearchQuery => ({
  text,
  status: null,
  tags: [],
  pendingOnly: false,
  sort: 'name',
});

async function searchBench(opts: {
  dbName: string;
  reps: number;
  naiveReps: number;
}): Promise<SearchBenchResult[]> {
  const t = performance.now();
  const rows = await readRows(opts.dbName);
  const readMs = performance.now() - t;
  rows.sort((a, b) => (a.nameKey !== b.nameKey ? (a.nameKey < b.nameKey ? -1 : 1) : a.id < b.id ? -1 : 1));
  const records = rows.map(localOf);
  const naiveRecords = opts.naiveReps > 0 ? records.map(naiveRecord) : [];
  const queries = keystrokes(records);
  const results: SearchBenchResult[] = [];
  // One discarded round first, so the compared rounds measure steady-state code, not the JIT warming up.
  for (let rep = -1; rep < opts.reps; rep++) {
    const index = new SearchIndex();
    const t0 = performance.now();
    index.load(records);
    const buildMs = performance.now() - t0;
    const indexTimes: KeystrokeTiming[] = [];
    for (const text of queries) {
      const s = performance.now();
      const r = index.search(listQuery(text));
      indexTimes.push({ text, ms: performance.now() - s, results: r.total });
    }
    const naiveTimes: KeystrokeTiming[] = [];
    if (rep >= 0 && rep < opts.naiveReps) {
      for (const text of queries) {
        const s = performance.now();
        const ids = naiveSearch(naiveRecords, text);
        naiveTimes.push({ text, ms: performance.now() - s, results: ids.length });
      }
    }
    if (rep >= 0)
      results.push({ records: records.length, readMs, buildMs, index: indexTimes, naive: naiveTimes });
  }
  return results;
}

async function queueEdits(opts: { accountId: string; count: number; label: string }): Promise<QueuedEdits> {
  const store = await openLocalDataStore({
    accountId: opts.accountId,
    api: window.rotor,
    settings: () => ({
      pageSize: 1000,
      includeArchived: false,
      replayConcurrency: 4,
      autoRefreshHours: 6,
      freshCopyMinutes: 2,
    }),
    quota: () => ({
      usedToday: 0,
      dailyLimit: 1000,
      remaining: 1000,
      exhausted: false,
      // The next 00:00 UTC, as main reports it.
      resetsAt: new Date(Math.floor(Date.now() / 86_400_000 + 1) * 86_400_000).toISOString(),
      nextProbeAt: null,
    }),
    // Offline: the edits stay queued until the app itself opens and replays them.
    online: () => false,
    broadcast: false,
  });
  try {
    const ids = store.search({ text: '', sort: 'newest' }).ids;
    const step = Math.max(1, Math.floor(ids.length / opts.count));
    const edits: { id: string; notes: string }[] = [];
    for (let i = 0; i < opts.count; i++) {
      const id = ids[(i * step) % ids.length];
      if (!id) break;
      const notes = `${opts.label} edit ${i + 1}`;
      const saved = await store.saveEdit(id, { notes });
      if (!saved.ok) throw new Error(`saveEdit ${id}: ${saved.error.message}`);
      edits.push({ id, notes });
    }
    return { edits, pendingAfter: store.meta().pendingCount };
  } finally {
    store.close();
  }
}

async function connect(apiKey: string): Promise<{ ok: boolean; accountId: string | null; message?: string }> {
  const res = await window.rotor.account.connect({ apiKey });
  if (!res.ok) return { ok: false, accountId: null, message: `${res.error.kind}: ${res.error.message}` };
  return { ok: true, accountId: res.data.status.accountId };
}

const api: BenchPageApi = {
  ready: true,
  connect,
  networkPass,
  idbWriteFloor,
  searchBench,
  queueEdits,
  readFile: readFileBench,
};
window.__bench = api;
