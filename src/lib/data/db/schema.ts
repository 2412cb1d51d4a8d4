/**
 * The per-account IndexedDB cache (Dexie 4). One database per account fingerprint, so two Rotor
 * accounts on one machine never see each other's customers or outbox.
 *
 * Schema history (keep every version while users may still have it; `VERSIONS` below):
 * - v1: customers, outbox, meta.
 * - v2: customers gain the derived `nameKey` (sort by name), computed for existing rows on upgrade.
 * - v3: customers keep only the indexes something reads: `passId` (the sweep) and `nameKey` (name-order
 *   reads: the cold-start floor in bench/); `status`, `tags`, `syncState` and `created_at` were never
 *   queried (the list filters and sorts in memory, src/lib/search) but were updated on every write. The
 *   stored meta loses `customerCount` (the count comes from the loaded rows).
 * - v4: `deliveries`, the log of changes Rotor accepted (db/deliveries.ts), indexed by `at` for
 *   today's list and pruning. A new table: nothing to convert.
 * - v5: `imports`, one row per confirmed import (outbox/import-queue.ts), and the outbox indexed by
 *   `importId` (pause, cancel and progress read one import's entries). Entries written before have no
 *   `importId`: they are nobody's import, which is what they were. Nothing to convert.
 */
import { Dexie } from 'dexie';
import type { EntityTable, Transaction } from 'dexie';
import type { Delivery, ImportGroupRow, LocalCustomer, OutboxEntry } from '../types';
import type { CustomerData } from '../mapping';
import { dataOf } from '../mapping';
import { sortName } from '../../search/normalize';

/** A cached customer: what the UI shows, plus the server copy pending edits are rebased on. */
export interface CustomerRow extends LocalCustomer {
  /** Derived sort key (v2). */
  nameKey: string;
  /**
   * Rotor's values as last known (the base); null for a customer created here and not yet sent;
   * `SAME_AS_LOCAL` when nothing is queued, so the row's own data is Rotor's (stored once, not twice).
   * Read it through `serverCopyOf`. Rows written before the marker hold a full copy either way.
   */
  server: CustomerData | null | typeof SAME_AS_LOCAL;
  /** The full-refresh pass that last returned this customer; rows from older passes get swept. */
  passId: string | null;
  /**
   * `stamp()` (client time in ms, made strictly increasing) when the request that produced `server`
   * was sent. A list page requested before an upsert answered must not overwrite the newer answer.
   */
  serverStamp: number;
}

export interface StoredEntry extends OutboxEntry {
  /** Global queue order; entries of one customer are sent strictly in this order. */
  seq: number;
  /** ISO time this entry was first sent (the start of the ambiguity window for creates). */
  firstAttemptAt: string | null;
  /**
   * An attempt may have reached Rotor (its answer was lost): later edits queue behind it. A create
   * without phone/email also searches for that attempt's result before re-sending.
   */
  ambiguous: boolean;
  /**
   * Automatic attempts on the UTC day `attemptDay` (main's `QuotaState.resetsAt` names the day). After
   * `MAX_AUTO_ATTEMPTS_PER_DAY` transient failures an entry waits for the next day or the user's Retry.
   * Absent on entries written before this was counted.
   */
  dayAttempts?: number;
  attemptDay?: string | null;
}

/** A full refresh in progress, persisted per page so an interrupted one resumes. */
export interface SyncCursor {
  passId: string;
  nextPage: number;
  pageSize: number;
  archived: boolean;
  startedAt: string;
  /** `stamp()` when the pass began: rows with a newer server copy are never swept by it. */
  startedStamp: number;
  /** Rotor's total as of the last page read. */
  total: number | null;
  /** Some page reported a smaller total than the page before it (a deletion during the pass). */
  shrank: boolean;
}

export interface SyncMeta {
  key: 'sync';
  lastFullSyncAt: string | null;
  lastKnownTotal: number | null;
  cursor: SyncCursor | null;
  /**
   * Rotor ids that creates sent from this cache became (newest last, capped): an ambiguous create never
   * adopts one of them, across reloads and windows. Absent in databases written before it was kept.
   */
  createdIds?: string[];
  /** The automatic refresh's failure budget (see auto-refresh.ts). */
  autoRefresh?: AutoRefreshBudget;
}

export interface AutoRefreshBudget {
  /** Failed automatic refreshes on `day` (main's `resetsAt` for that UTC day). */
  failures: number;
  day: string | null;
  /** No automatic refresh before this ISO time (backoff after a failure). */
  nextAt: string | null;
}

export type RotorDb = Dexie & {
  customers: EntityTable<CustomerRow, 'id'>;
  outbox: EntityTable<StoredEntry, 'id'>;
  meta: EntityTable<SyncMeta, 'key'>;
  deliveries: EntityTable<Delivery, 'id'>;
  imports: EntityTable<ImportGroupRow, 'id'>;
};

export const dbNameFor = (accountId: string): string => `rotor-desk-${accountId}`;

interface SchemaVersion {
  /** Tables whose primary key or indexes this version declares or changes (Dexie diffs the rest). */
  stores: Record<string, string>;
  /** Data changes run once, in the upgrade transaction, on databases older than this version. */
  upgrade?: (tx: Transaction) => Promise<unknown>;
}

/** Version n is `VERSIONS[n - 1]`. Never edit a shipped entry: add one. */
const VERSIONS: readonly SchemaVersion[] = [
  {
    stores: {
      customers: 'id, status, *tags, syncState, created_at, passId',
      outbox: 'id, customerId, seq, state',
      meta: 'key',
    },
  },
  {
    stores: { customers: 'id, nameKey, status, *tags, syncState, created_at, passId' },
    upgrade: (tx) =>
      tx
        .table('customers')
        .toCollection()
        .modify((row: CustomerRow) => {
          row.nameKey = sortName(row);
        }),
  },
  {
    stores: { customers: 'id, nameKey, passId' },
    upgrade: (tx) =>
      tx
        .table('meta')
        .toCollection()
        .modify((meta: Record<string, unknown>) => {
          delete meta['customerCount'];
        }),
  },
  { stores: { deliveries: 'id, at' } },
  { stores: { imports: 'id', outbox: 'id, customerId, seq, state, importId' } },
];

export const DB_VERSION = VERSIONS.length;

/**
 * Declares versions 1..`upTo` on `db`. The app declares them all; the upgrade tests declare fewer to
 * build the database an older release left behind.
 */
export function declareVersions(db: Dexie, upTo: number = DB_VERSION): void {
  VERSIONS.slice(0, upTo).forEach((v, i) => {
    const version = db.version(i + 1).stores(v.stores);
    if (v.upgrade) version.upgrade(v.upgrade);
  });
}

export function openDb(name: string): RotorDb {
  // Nothing here uses liveQuery: memory follows each commit through the writers' own Changes
  // (outbox/changes.ts) and other windows through cross-window.ts. Dexie's change tracking for it cost
  // every write range sets over the keys and indexes, listeners on every transaction and a broadcast of
  // the ranges after each commit: 7% of the page's script while replay sends (issue 12).
  const db = new Dexie(name, { cache: 'disabled' }) as RotorDb;
  db.unuse({ stack: 'dbcore', name: 'Observability' });
  db.unuse({ stack: 'dbcore', name: 'Cache' });
  declareVersions(db);
  return db;
}

export const EMPTY_META: SyncMeta = {
  key: 'sync',
  lastFullSyncAt: null,
  lastKnownTotal: null,
  cursor: null,
};

export async function readMeta(db: RotorDb): Promise<SyncMeta> {
  return (await db.meta.get('sync')) ?? { ...EMPTY_META };
}

/** `CustomerRow.server` of a row with nothing queued: its server copy is its own data. */
export const SAME_AS_LOCAL = 'same-as-local';

/** The one way to read a row's server copy (a fresh copy when it is the row's own data). */
export function serverCopyOf(row: CustomerRow): CustomerData | null {
  return row.server === SAME_AS_LOCAL ? dataOf(row) : row.server;
}

/** The LocalCustomer part of a row (what the UI and the search index hold). */
export function localOf(row: CustomerRow): LocalCustomer {
  const { nameKey: _n, server: _s, passId: _p, serverStamp: _t, ...local } = row;
  return local;
}
