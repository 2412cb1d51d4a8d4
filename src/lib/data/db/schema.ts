/**
 * The per-account IndexedDB cache (Dexie 4). One database per account fingerprint, so two Rotor
 * accounts on one machine never see each other's customers or outbox.
 *
 * Schema history (keep every version that has an upgrade while users may still have it):
 * - v1: customers, outbox, meta.
 * - v2: customers gain the derived `nameKey` (sort by name), computed for existing rows on upgrade.
 */
import { Dexie } from 'dexie';
import type { EntityTable } from 'dexie';
import type { LocalCustomer, OutboxEntry } from '../api';
import type { CustomerData } from '../mapping';
import { sortName } from '../../search/normalize';

export const DB_VERSION = 2;

/** A cached customer: what the UI shows, plus the server copy pending edits are rebased on. */
export interface CustomerRow extends LocalCustomer {
  /** Derived sort key (v2). */
  nameKey: string;
  /** Rotor's values as last known (the base); null for a customer created here and not yet sent. */
  server: CustomerData | null;
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
  /** Customers in the cache after the last complete refresh. */
  customerCount: number;
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
};

export const dbNameFor = (accountId: string): string => `rotor-desk-${accountId}`;

export const V1_STORES = {
  customers: 'id, status, *tags, syncState, created_at, passId',
  outbox: 'id, customerId, seq, state',
  meta: 'key',
} as const;

/** Declares schema v1 only; exported so tests can build a v1 database to upgrade from. */
export function declareV1(db: Dexie): void {
  db.version(1).stores(V1_STORES);
}

export function openDb(name: string): RotorDb {
  const db = new Dexie(name) as RotorDb;
  declareV1(db);
  db.version(2)
    .stores({ customers: 'id, nameKey, status, *tags, syncState, created_at, passId' })
    .upgrade((tx) =>
      tx
        .table('customers')
        .toCollection()
        .modify((row: CustomerRow) => {
          row.nameKey = sortName(row);
        }),
    );
  return db;
}

export const EMPTY_META: SyncMeta = {
  key: 'sync',
  lastFullSyncAt: null,
  lastKnownTotal: null,
  customerCount: 0,
  cursor: null,
};

export async function readMeta(db: RotorDb): Promise<SyncMeta> {
  return (await db.meta.get('sync')) ?? { ...EMPTY_META };
}

/** Row for a record; keeps the derived columns in step with the data. */
export function makeRow(
  local: LocalCustomer,
  server: CustomerData | null,
  passId: string | null,
  serverStamp: number,
): CustomerRow {
  return { ...local, nameKey: sortName(local), server, passId, serverStamp };
}

/** The LocalCustomer part of a row (what the UI and the search index hold). */
export function localOf(row: CustomerRow): LocalCustomer {
  const { nameKey: _n, server: _s, passId: _p, serverStamp: _t, ...local } = row;
  return local;
}
