/**
 * The renderer's offline data layer, as the UI's state modules see it. Implemented in src/lib/data
 * (Dexie cache, outbox, sync, replay, search); the UI never touches Dexie or window.rotor directly.
 */
import type { AppError, Result } from '@contract/result';
import type { CustomerStatus, CustomerWrite, RotorCustomer, WriteOnlyData } from '@contract/customer';

export type SyncState = 'synced' | 'pending' | 'failed' | 'conflict';

/** Fields the user can edit, in the flat write shape (minus `id`). */
export type EditableFields = Omit<CustomerWrite, 'id'>;
export type EditableField = keyof EditableFields;

/** Sync bookkeeping the cache keeps beside each customer's data. */
export interface SyncFacts {
  /** Server values as last fetched, the base pending edits are rebased on; empty for local-only. */
  serverTags: string[];
  syncState: SyncState;
  /** ISO time this record was last fetched from Rotor; null for local-only. */
  fetchedAt: string | null;
  /** A full refresh no longer returned it, but it has pending changes so it was kept. */
  missingOnServer: boolean;
  /**
   * ISO time Rotor last accepted a change of this customer sent from this computer. Derived from the
   * delivery log (its one home, kept for `DELIVERY_DAYS`), so absent when nothing was sent recently.
   */
  sentAt?: string | null;
}

/**
 * One cached customer: Rotor's read shape, what the app knows of write-only fields (both derived from
 * the field table) and sync bookkeeping. `id` is Rotor's, or `local:<uuid>` for a customer created here
 * and not yet sent.
 */
export type LocalCustomer = RotorCustomer & WriteOnlyData & SyncFacts;

export type OutboxState = 'pending' | 'sending' | 'failed' | 'conflict';

export interface FieldConflict {
  base: unknown;
  theirs: unknown;
  mine: unknown;
}

export interface OutboxEntry {
  id: string;
  customerId: string;
  /** Sent as Idempotency-Key on every attempt of this change. */
  idempotencyKey: string;
  kind: 'create' | 'update';
  /** Only the changed fields, flat write shape. */
  changes: EditableFields;
  /** Each changed field's server value when editing began. */
  base: Partial<Record<EditableField, unknown>>;
  state: OutboxState;
  attempts: number;
  /** ISO time of the next automatic attempt (backoff), null when not scheduled. */
  nextAttemptAt: string | null;
  lastError: AppError | null;
  /**
   * Set when automatic retries stopped for the day after too many transient failures: the next automatic
   * attempt is at this ISO time (the next UTC day); Retry now sends it at once.
   */
  retryStoppedUntil?: string | null;
  /** Per-field conflicts when state is `conflict`. */
  conflicts: Partial<Record<EditableField, FieldConflict>> | null;
  createdAt: string;
  updatedAt: string;
  /**
   * The import this entry belongs to (its group pauses, cancels and counts it), and the file's data rows
   * it carries (a later row for the same customer folds into it). Absent: an ordinary change.
   */
  importId?: string;
  importRows?: number[];
}

/** The list's orders: by name, newest first, by company. */
export type SortKey = 'name' | 'newest' | 'company';

export interface SearchQuery {
  text: string;
  status?: CustomerStatus | null;
  tags?: string[];
  /** Show archived customers too (only present in the cache when the setting includes them). */
  pendingOnly?: boolean;
  sort?: SortKey;
}

/**
 * Matching customers, best match first (prefix and word matches rank first), then a stable sort. Ids
 * are read by position on demand, so a keystroke costs the matching plus what the list shows.
 */
export interface SearchResult {
  readonly total: number;
  /** The id at position `i` (negative counts from the end), undefined out of range. */
  at(i: number): string | undefined;
  /** The ids at positions [start, end). */
  slice(start: number, end?: number): string[];
  /** The id's position, -1 when it is not a result; no scan of the results. */
  indexOf(id: string): number;
  has(id: string): boolean;
  /** Every id, a new array on each read: for tests and callers that need them all, not the list. */
  readonly ids: string[];
}

export interface SyncProgress {
  running: boolean;
  /** Records Rotor sent that failed validation and were left out of this pass (no sweep follows). */
  skipped: number;
  pagesDone: number;
  pagesTotal: number | null;
  customersDone: number;
  customersTotal: number | null;
  error: AppError | null;
}

/** Progress while no refresh has run (the data layer's and the UI's starting point). */
export const IDLE_PROGRESS: SyncProgress = {
  running: false,
  skipped: 0,
  pagesDone: 0,
  pagesTotal: null,
  customersDone: 0,
  customersTotal: null,
  error: null,
};

export interface DataMeta {
  /** When the last complete refresh started (what it shows is at least this fresh). */
  lastFullSyncAt: string | null;
  customerCount: number;
  pendingCount: number;
  failedCount: number;
  conflictCount: number;
  /**
   * Automatic refreshes after failures: they back off (5 min doubling to 6 h) and stop for the UTC day
   * after a few failures, until the user asks (Sync now).
   */
  autoRefresh: { failures: number; nextAt: string | null; stoppedForToday: boolean };
}

/** What a cache says before it is open, or once it is closed: nothing cached, nothing waiting. */
export const EMPTY_DATA_META: DataMeta = {
  lastFullSyncAt: null,
  customerCount: 0,
  pendingCount: 0,
  failedCount: 0,
  conflictCount: 0,
  autoRefresh: { failures: 0, nextAt: null, stoppedForToday: false },
};

export const NO_SEARCH_RESULT: SearchResult = {
  total: 0,
  at: () => undefined,
  slice: () => [],
  indexOf: () => -1,
  has: () => false,
  ids: [],
};

/** How a full refresh ended; "Sync complete" is said only for `completed`. */
export type RefreshOutcome =
  | { kind: 'completed'; customers: number; skipped: number }
  | { kind: 'failed'; error: AppError }
  /** Another window holds the refresh; its pages arrive here through change notices. */
  | { kind: 'held' }
  /** Not started: offline, or the day's quota is spent. */
  | { kind: 'blocked'; error: AppError };

/** Things the data layer tells the user about as they happen (shown as toasts by the app). */
export type DataNotice =
  /** A create Rotor answered 200: it matched a customer it already had (by phone, then email). */
  | { kind: 'matched_existing'; customerId: string; name: string }
  /** The day's budget is below the reserve: an edit went without re-reading Rotor's copy first. */
  | { kind: 'sent_unchecked'; customerId: string; name: string }
  /** Rotor's copy changed since the edit began: the edit waits as a conflict instead of overwriting it. */
  | { kind: 'conflict_before_send'; customerId: string; name: string }
  /** The chunk that sends (lazy-engines.ts) did not load: nothing was sent, the next trigger loads again. */
  | { kind: 'not_loaded'; message: string };

/** How long the delivery log keeps what was sent (and so how long a customer says "Sent <time>"). */
export const DELIVERY_DAYS = 7;

/** One change Rotor accepted, as the delivery log keeps it. */
export interface Delivery {
  /** The outbox entry that was sent: one row per change. */
  id: string;
  /** ISO time Rotor's answer arrived. */
  at: string;
  /** The customer's Rotor id (a new customer's, once Rotor gave it one). */
  customerId: string;
  /** The customer's name as shown when it was sent (the log outlives the cached record). */
  name: string;
  kind: 'create' | 'update';
  /** The fields the change carried, in the field table's order (labels come from the table). */
  fields: EditableField[];
  /**
   * API requests it took when it went: the upsert, plus the pre-send read of Rotor's copy or the
   * search for an earlier attempt when one was made.
   */
  requests: number;
}

/** What one replay run delivered; told after every run, so the UI can say "4 changes sent to Rotor". */
export interface ReplayPass {
  sent: number;
  requests: number;
}

/** A conflict settled: what is left of the entry, or null when nothing is left to send (it matches Rotor). */
export type ResolveResult = Result<{ left: OutboxState | null }>;

/** Per conflicting field: keep mine, take Rotor's, or send a value typed now (`value`). */
export type ConflictPick = Partial<Record<EditableField, 'mine' | 'theirs' | { value: unknown }>>;

/** Why replay is holding the whole outbox back; nothing is sent until it clears. */
export interface PausedReason {
  kind: 'auth' | 'forbidden' | 'not_configured' | 'quota' | 'account';
  message: string;
  /** When the pause may lift by itself (quota reset); null when the user must act (fix the key). */
  retryAt: string | null;
}

/**
 * A save's answer, in the contract's one error shape: the record's id, or an AppError whose message the
 * form shows as is (`validation` with `fields`, `tag_removal`, `storage`: IndexedDB refused the write).
 */
export type SaveResult = Result<{ id: string }>;

export type { ImportGroup, ImportGroupRow, ImportPlan, ImportResult, ImportRowPlan } from './import-types';

export type { DataStore, DataStoreReads, DataStoreWrites } from './data-store';
