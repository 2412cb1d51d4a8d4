/**
 * The DataStore the UI's state modules use: an in-memory view (records, outbox, meta, search index)
 * over the per-account Dexie cache, kept in step after every committed transaction, plus the sync and
 * replay machinery. Browser APIs only; every HTTP request goes through the injected RotorApi.
 */
import type { AppError } from '@contract/result';
import type { QuotaState } from '@contract/state';
import type { RotorApi } from '@contract/surface';
import type {
  ConflictPick,
  DataMeta,
  DataStore,
  EditableFields,
  LocalCustomer,
  OutboxEntry,
  PausedReason,
  SaveResult,
  SearchQuery,
  SearchResult,
  SyncProgress,
} from './api';
import { Changes } from './changes';
import { dbNameFor, EMPTY_META, localOf, openDb, readMeta } from './db';
import type { RotorDb, StoredEntry, SyncMeta } from './db';
import type { LockLike } from './locks';
import { memoryLocks, webLocks } from './locks';
import type { CustomerData } from './mapping';
import {
  createCustomerTx,
  discardTx,
  isLocalId,
  recreateAsNewTx,
  resolveConflictTx,
  retryNowTx,
  saveEditTx,
} from './outbox';
import type { WriteContext } from './outbox';
import { bySeq } from './rebase';
import { Replayer } from './replay';
import { IDLE_PROGRESS, refreshOneCustomer, runFullSync } from './sync';
import type { SyncDeps } from './sync';
import { SearchIndex } from '../search/index';
import { digitsOnly } from '../search/normalize';

/** Requests kept back from an automatic refresh so edits can still be sent the same day. */
export const EDIT_RESERVE = 100;

export interface DataStoreSettings {
  pageSize: number;
  includeArchived: boolean;
  replayConcurrency: number;
  autoRefreshHours: number;
}

export interface OpenDataStoreOptions {
  accountId: string;
  api: RotorApi;
  settings: () => DataStoreSettings;
  quota: () => QuotaState;
  online: () => boolean;
  now?: () => number;
  random?: () => number;
  schedule?: (fn: () => void, ms: number) => () => void;
  dbName?: string;
  /** Defaults to Web Locks, else a lock shared within this realm. */
  locks?: LockLike;
  /** Defaults to crypto.randomUUID. */
  uuid?: () => string;
  /**
   * Cross-window change notices (other windows re-read what changed). Defaults to a BroadcastChannel
   * where available; false turns it off.
   */
  broadcast?: boolean;
}

interface ChangeNotice {
  rows: string[];
  entries: string[];
  meta: boolean;
  rewrites: Array<[string, string]>;
}

const sharedLocks: LockLike = webLocks() ?? memoryLocks();

export async function openDataStore(opts: OpenDataStoreOptions): Promise<DataStore> {
  return openLocalDataStore(opts);
}

/** Same as openDataStore, typed as the implementation (tests reach the Dexie handle through it). */
export async function openLocalDataStore(opts: OpenDataStoreOptions): Promise<LocalDataStore> {
  const store = new LocalDataStore(opts);
  await store.load();
  return store;
}

export class LocalDataStore implements DataStore {
  readonly accountId: string;
  readonly db: RotorDb;
  private readonly records = new Map<string, LocalCustomer>();
  /** Server copies of records with queued changes (what Rotor would match a phone/email against). */
  private readonly servers = new Map<string, CustomerData>();
  private readonly entries = new Map<string, StoredEntry>();
  private readonly tagCounts = new Map<string, number>();
  private readonly index = new SearchIndex();
  private readonly listeners = new Set<() => void>();
  private readonly rewriteListeners = new Set<(from: string, to: string) => void>();
  private readonly rewrites = new Map<string, string>();
  private metaRow: SyncMeta = { ...EMPTY_META };
  private progressState: SyncProgress = { ...IDLE_PROGRESS };
  private syncRunning: Promise<void> | null = null;
  private readonly replayer: Replayer;
  private readonly ctx: WriteContext;
  private readonly syncDeps: SyncDeps;
  private readonly now: () => number;
  private readonly locks: LockLike;
  private channel: BroadcastChannel | null = null;
  private readonly unsubscribers: Array<() => void> = [];
  private closed = false;

  constructor(private readonly opts: OpenDataStoreOptions) {
    this.accountId = opts.accountId;
    this.db = openDb(opts.dbName ?? dbNameFor(opts.accountId));
    this.now = opts.now ?? (() => Date.now());
    this.locks = opts.locks ?? sharedLocks;
    const uuid = opts.uuid ?? (() => crypto.randomUUID());
    let lastStamp = 0;
    const stamp = (): number => (lastStamp = Math.max(this.now(), lastStamp + 1));
    this.ctx = { db: this.db, nowIso: () => new Date(this.now()).toISOString(), uuid };
    const commit = (changes: Changes): void => this.apply(changes, true);
    this.syncDeps = {
      db: this.db,
      api: opts.api,
      settings: opts.settings,
      now: this.now,
      stamp,
      uuid,
      commit,
      progress: (p) => {
        this.progressState = p;
        this.notify();
      },
    };
    this.replayer = new Replayer({
      db: this.db,
      api: opts.api,
      accountId: opts.accountId,
      concurrency: () => opts.settings().replayConcurrency,
      quota: opts.quota,
      online: opts.online,
      now: this.now,
      stamp,
      random: opts.random ?? Math.random,
      schedule:
        opts.schedule ??
        ((fn, ms) => {
          const t = setTimeout(fn, ms);
          return () => clearTimeout(t);
        }),
      locks: this.locks,
      commit,
      pauseChanged: () => this.notify(),
    });
  }

  /** Opens the database and reads it into memory. */
  async load(): Promise<void> {
    await this.db.open();
    const [rows, entries, meta] = await Promise.all([
      this.db.customers.toArray(),
      this.db.outbox.toArray(),
      readMeta(this.db),
    ]);
    this.records.clear();
    this.servers.clear();
    this.tagCounts.clear();
    for (const row of rows) {
      const local = localOf(row);
      this.records.set(row.id, local);
      this.countTags(local.tags, 1);
      if (row.syncState !== 'synced' && row.server) this.servers.set(row.id, row.server);
    }
    this.entries.clear();
    for (const e of entries) this.entries.set(e.id, e);
    this.metaRow = meta;
    this.index.load(this.records.values());
    this.listen();
  }

  private listen(): void {
    const { api } = this.opts;
    if (typeof api.onQuota === 'function')
      this.unsubscribers.push(api.onQuota(() => this.replayer.quotaChanged()));
    if (typeof api.onAccount === 'function')
      this.unsubscribers.push(
        api.onAccount((status) => {
          if (
            status.configured &&
            status.accountId === this.accountId &&
            this.pausedReason()?.kind !== 'quota'
          )
            void this.resume().catch(() => undefined);
        }),
      );
    const Channel = (globalThis as { BroadcastChannel?: typeof BroadcastChannel }).BroadcastChannel;
    if (this.opts.broadcast !== false && Channel) {
      this.channel = new Channel(`rotor-desk-data:${this.db.name}`);
      this.channel.onmessage = (ev: MessageEvent<ChangeNotice>) => void this.onNotice(ev.data);
    }
  }

  // ---- reads -------------------------------------------------------------------------------

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  search(query: SearchQuery): SearchResult {
    return this.index.search(query);
  }

  get(id: string): LocalCustomer | undefined {
    return this.records.get(id) ?? this.records.get(this.resolveId(id));
  }

  tagsPresent(): string[] {
    return [...this.tagCounts.keys()].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
  }

  meta(): DataMeta {
    let pendingCount = 0;
    let failedCount = 0;
    let conflictCount = 0;
    for (const e of this.entries.values()) {
      if (e.state === 'failed') failedCount++;
      else if (e.state === 'conflict') conflictCount++;
      else pendingCount++;
    }
    return {
      lastFullSyncAt: this.metaRow.lastFullSyncAt,
      customerCount: this.records.size,
      pendingCount,
      failedCount,
      conflictCount,
    };
  }

  progress(): SyncProgress {
    return this.progressState;
  }

  outbox(): OutboxEntry[] {
    return [...this.entries.values()].sort(bySeq);
  }

  /** The entry that best describes the customer's state: a conflict, else a failure, else the latest. */
  entryFor(customerId: string): OutboxEntry | undefined {
    const id = this.resolveId(customerId);
    const mine = [...this.entries.values()].filter((e) => e.customerId === id).sort(bySeq);
    return mine.find((e) => e.state === 'conflict') ?? mine.find((e) => e.state === 'failed') ?? mine.at(-1);
  }

  /** ceil(last known total / page size); at least 1, since even an empty list costs a request. */
  refreshCost(): number {
    const total = this.metaRow.lastKnownTotal ?? 0;
    return Math.max(1, Math.ceil(total / this.opts.settings().pageSize));
  }

  /**
   * Rotor matches an id-less upsert by phone first, then by email (the phone compared by its digits
   * and the email case-insensitively: an inference, the docs don't say how strictly it matches).
   * Compared against Rotor's values, so an unsent local edit doesn't hide or invent a match.
   */
  findUpsertMatch(fields: Pick<EditableFields, 'phone' | 'email'>): LocalCustomer | undefined {
    const digits = digitsOnly(fields.phone);
    const email = fields.email?.trim().toLowerCase() ?? '';
    const candidates = [...this.records.values()].filter((r) => !isLocalId(r.id));
    const server = (r: LocalCustomer): CustomerData => this.servers.get(r.id) ?? r;
    if (digits) {
      const hit = candidates.find((r) => digitsOnly(server(r).phone) === digits);
      if (hit) return hit;
    }
    if (email) return candidates.find((r) => server(r).email?.trim().toLowerCase() === email);
    return undefined;
  }

  pausedReason(): PausedReason | null {
    return this.replayer.pausedReason();
  }

  resolveId(id: string): string {
    let current = id;
    for (let i = 0; i < 8; i++) {
      const next = this.rewrites.get(current);
      if (!next) break;
      current = next;
    }
    return current;
  }

  onIdRewrite(listener: (from: string, to: string) => void): () => void {
    this.rewriteListeners.add(listener);
    return () => this.rewriteListeners.delete(listener);
  }

  // ---- writes ------------------------------------------------------------------------------

  async saveEdit(customerId: string, changes: EditableFields): Promise<SaveResult> {
    const { result, changes: written } = await saveEditTx(this.ctx, this.resolveId(customerId), changes);
    this.apply(written, true);
    if (result.ok) this.kick();
    return result;
  }

  async createCustomer(fields: EditableFields): Promise<SaveResult> {
    const { result, changes } = await createCustomerTx(this.ctx, fields);
    this.apply(changes, true);
    if (result.ok) this.kick();
    return result;
  }

  async discard(entryId: string): Promise<void> {
    const { changes } = await discardTx(this.ctx, entryId);
    this.apply(changes, true);
  }

  async retryNow(entryId: string): Promise<void> {
    const { result, changes } = await retryNowTx(this.ctx, entryId);
    this.apply(changes, true);
    if (result && this.opts.online()) await this.resume();
  }

  async resolveConflict(entryId: string, picks: ConflictPick): Promise<void> {
    const { result, changes } = await resolveConflictTx(this.ctx, entryId, picks);
    this.apply(changes, true);
    if (result) this.kick();
  }

  async recreateAsNew(entryId: string): Promise<SaveResult> {
    const { result, changes } = await recreateAsNewTx(this.ctx, entryId);
    this.apply(changes, true);
    if (result.ok) this.kick();
    return result;
  }

  // ---- sync and replay ---------------------------------------------------------------------

  fullRefresh(_opts?: { manual?: boolean }): Promise<void> {
    if (this.syncRunning) return this.syncRunning;
    const blocked = this.refreshBlocked();
    if (blocked) {
      this.progressState = { ...this.progressState, running: false, error: blocked };
      this.notify();
      return Promise.resolve();
    }
    const run = this.locks
      .request(`rotor-desk-refresh-${this.accountId}`, { ifAvailable: true }, async (granted) => {
        // Another window is refreshing the same cache; its pages reach us through change notices.
        if (granted) await runFullSync(this.syncDeps);
      })
      .finally(() => {
        this.syncRunning = null;
      });
    this.syncRunning = run;
    return run;
  }

  async maybeAutoRefresh(): Promise<boolean> {
    if (this.syncRunning || !this.opts.online() || this.closed) return false;
    const last = this.metaRow.lastFullSyncAt;
    const maxAge = this.opts.settings().autoRefreshHours * 3_600_000;
    if (last && this.now() - Date.parse(last) < maxAge) return false;
    const q = this.opts.quota();
    if (q.exhaustedUntil && Date.parse(q.exhaustedUntil) > this.now()) return false;
    if (q.dailyLimit - q.usedToday - EDIT_RESERVE < this.refreshCost()) return false;
    await this.fullRefresh();
    return true;
  }

  refreshOne(id: string): Promise<{ ok: true } | { ok: false; error: AppError }> {
    return refreshOneCustomer(this.syncDeps, this.resolveId(id));
  }

  replay(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return this.replayer.replay();
  }

  async resume(): Promise<void> {
    await this.replayer.resume();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.replayer.close();
    for (const u of this.unsubscribers.splice(0)) u();
    this.channel?.close();
    this.channel = null;
    this.listeners.clear();
    this.rewriteListeners.clear();
    this.db.close();
  }

  // ---- internals ---------------------------------------------------------------------------

  private refreshBlocked(): AppError | null {
    if (!this.opts.online())
      return { kind: 'network', message: 'Offline: the refresh will run when Rotor is reachable' };
    const q = this.opts.quota();
    if (q.exhaustedUntil && Date.parse(q.exhaustedUntil) > this.now())
      return {
        kind: 'quota',
        message: "Today's Rotor API requests are used up; refresh after the quota resets",
        retryAt: q.exhaustedUntil,
      };
    return null;
  }

  /** Replay after a local change, when online; failures surface through entries, not here. */
  private kick(): void {
    if (this.opts.online() && !this.closed) void this.replay().catch(() => undefined);
  }

  /** Applies a committed transaction to memory, tells listeners and (optionally) other windows. */
  private apply(changes: Changes, broadcast: boolean): void {
    if (changes.empty || this.closed) return;
    for (const [id, row] of changes.rows) {
      const prev = this.records.get(id);
      if (prev) this.countTags(prev.tags, -1);
      if (row === null) {
        this.records.delete(id);
        this.servers.delete(id);
        this.index.remove(id);
        continue;
      }
      const local = localOf(row);
      this.records.set(id, local);
      this.countTags(local.tags, 1);
      if (row.syncState !== 'synced' && row.server) this.servers.set(id, row.server);
      else this.servers.delete(id);
      this.index.upsert(local);
    }
    for (const [id, e] of changes.entries) {
      if (e === null) this.entries.delete(id);
      else this.entries.set(id, e);
    }
    if (changes.meta) this.metaRow = changes.meta;
    for (const [from, to] of changes.rewrites) {
      this.rewrites.set(from, to);
      for (const l of this.rewriteListeners) l(from, to);
    }
    this.notify();
    if (broadcast && this.channel) {
      const notice: ChangeNotice = {
        rows: [...changes.rows.keys()],
        entries: [...changes.entries.keys()],
        meta: changes.meta !== null,
        rewrites: changes.rewrites,
      };
      this.channel.postMessage(notice);
    }
  }

  /** Another window committed: re-read what it touched. */
  private async onNotice(notice: ChangeNotice): Promise<void> {
    if (this.closed) return;
    const changes = new Changes(this.db);
    const [rows, entries, meta] = await Promise.all([
      this.db.customers.bulkGet(notice.rows),
      this.db.outbox.bulkGet(notice.entries),
      notice.meta ? readMeta(this.db) : Promise.resolve(null),
    ]);
    notice.rows.forEach((id, i) => changes.rows.set(id, rows[i] ?? null));
    notice.entries.forEach((id, i) => changes.entries.set(id, entries[i] ?? null));
    changes.meta = meta;
    changes.rewrites.push(...notice.rewrites);
    this.apply(changes, false);
  }

  private countTags(tags: readonly string[], delta: 1 | -1): void {
    for (const t of tags) {
      const n = (this.tagCounts.get(t) ?? 0) + delta;
      if (n > 0) this.tagCounts.set(t, n);
      else this.tagCounts.delete(t);
    }
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }
}
