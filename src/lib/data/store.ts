/**
 * The DataStore the UI's state modules use: an in-memory view (cache-view.ts) over the per-account
 * Dexie cache, kept in step after every committed transaction, plus the sync and replay machinery.
 * Browser APIs only; every HTTP request goes through the injected RotorApi and names this account.
 * It listens to main's events itself (connectivity, quota, account): they are what wake replay and
 * the automatic refresh, so nothing polls.
 */
import type { AppError } from '@contract/result';
import type { QuotaState } from '@contract/state';
import type { RotorApi } from '@contract/surface';
import type {
  ConflictPick,
  DataMeta,
  DataNotice,
  DataStore,
  EditableFields,
  LocalCustomer,
  OutboxEntry,
  PausedReason,
  RefreshOutcome,
  SaveResult,
  SearchQuery,
  SearchResult,
  SyncProgress,
} from './api';
import { hasContact } from './adopt';
import { AutoRefresh } from './auto-refresh';
import { CacheView } from './cache-view';
import { Changes } from './changes';
import { dbNameFor, openDb, readMeta } from './db';
import type { RotorDb } from './db';
import type { LockLike } from './locks';
import { memoryLocks, webLocks } from './locks';
import * as tx from './outbox';
import { bySeq } from './rebase';
import { Replayer } from './replay';
import { IDLE_PROGRESS, refreshOneCustomer, runFullSync } from './sync';
import type { SyncDeps } from './sync';
import type { Schedule } from './wake';

export interface DataStoreSettings {
  pageSize: number;
  includeArchived: boolean;
  replayConcurrency: number;
  autoRefreshHours: number;
  freshCopyMinutes: number;
}

export interface OpenDataStoreOptions {
  accountId: string;
  api: RotorApi;
  settings: () => DataStoreSettings;
  quota: () => QuotaState;
  online: () => boolean;
  now?: () => number;
  random?: () => number;
  schedule?: Schedule;
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

const STORAGE_FAILED: SaveResult = {
  ok: false,
  error: {
    kind: 'storage',
    message:
      'This computer refused to save the change (its disk may be full). Nothing was saved; what you typed is still here.',
  },
};

const defaultSchedule: Schedule = (fn, ms) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

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
  private readonly view = new CacheView();
  private readonly listeners = new Set<() => void>();
  private readonly rewriteListeners = new Set<(from: string, to: string) => void>();
  private readonly noticeListeners = new Set<(notice: DataNotice) => void>();
  private progressState: SyncProgress = { ...IDLE_PROGRESS };
  private syncRunning: Promise<RefreshOutcome> | null = null;
  private readonly replayer: Replayer;
  private readonly auto: AutoRefresh;
  private readonly ctx: tx.WriteContext;
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
    const schedule = opts.schedule ?? defaultSchedule;
    let lastStamp = 0;
    const stamp = (): number => (lastStamp = Math.max(this.now(), lastStamp + 1));
    this.ctx = { db: this.db, nowIso: () => new Date(this.now()).toISOString(), uuid };
    const commit = (changes: Changes): void => this.apply(changes, true);
    this.syncDeps = {
      db: this.db,
      api: opts.api,
      accountId: opts.accountId,
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
      schedule,
      locks: this.locks,
      freshCopyMs: () => opts.settings().freshCopyMinutes * 60_000,
      upsertMatch: (fields) => this.view.findUpsertMatch(fields)?.id,
      adoptCandidates: (entry) => this.view.adoptCandidates(entry),
      refreshOne: (id) => refreshOneCustomer(this.syncDeps, id),
      commit,
      notice: (n) => this.tell(n),
      pauseChanged: () => this.notify(),
    });
    this.auto = new AutoRefresh({
      db: this.db,
      now: this.now,
      quota: opts.quota,
      online: () => opts.online() && !this.closed,
      autoRefreshHours: () => opts.settings().autoRefreshHours,
      meta: () => this.view.meta,
      refreshCost: () => this.refreshCost(),
      running: () => this.syncRunning !== null,
      run: () => this.fullRefresh(),
      schedule,
      commit,
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
    this.view.load(rows, entries, meta);
    this.listen();
  }

  private listen(): void {
    const { api } = this.opts;
    this.unsubscribers.push(
      api.onConnectivity(() => {
        this.replayer.connectivityChanged();
        void this.auto.check();
      }),
      api.onQuota(() => {
        this.replayer.quotaChanged();
        void this.auto.check();
      }),
      api.onAccount((status) => {
        // This account's key is current again (fixed, or switched back): lift a key or account pause.
        if (status.configured && status.accountId === this.accountId && this.pausedReason()?.kind !== 'quota')
          void this.resume().catch(() => undefined);
      }),
    );
    const Channel = (globalThis as { BroadcastChannel?: typeof BroadcastChannel }).BroadcastChannel;
    if (this.opts.broadcast !== false && Channel) {
      this.channel = new Channel(`rotor-desk-data:${this.db.name}`);
      this.channel.onmessage = (ev: MessageEvent<ChangeNotice>) => void this.onBroadcast(ev.data);
    }
  }

  // ---- reads -------------------------------------------------------------------------------

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onNotice(listener: (notice: DataNotice) => void): () => void {
    this.noticeListeners.add(listener);
    return () => this.noticeListeners.delete(listener);
  }

  onIdRewrite(listener: (from: string, to: string) => void): () => void {
    this.rewriteListeners.add(listener);
    return () => this.rewriteListeners.delete(listener);
  }

  search(query: SearchQuery): SearchResult {
    return this.view.index.search(query);
  }

  get(id: string): LocalCustomer | undefined {
    return this.view.records.get(id) ?? this.view.records.get(this.resolveId(id));
  }

  tagsPresent(): string[] {
    return this.view.tagsPresent();
  }

  meta(): DataMeta {
    let pendingCount = 0;
    let failedCount = 0;
    let conflictCount = 0;
    for (const e of this.view.entries.values()) {
      if (e.state === 'failed') failedCount++;
      else if (e.state === 'conflict') conflictCount++;
      else pendingCount++;
    }
    const { failures, nextAt, stoppedForToday } = this.auto.budget();
    return {
      lastFullSyncAt: this.view.meta.lastFullSyncAt,
      customerCount: this.view.records.size,
      pendingCount,
      failedCount,
      conflictCount,
      autoRefresh: { failures, nextAt, stoppedForToday },
    };
  }

  progress(): SyncProgress {
    return this.progressState;
  }

  outbox(): OutboxEntry[] {
    return [...this.view.entries.values()].sort(bySeq);
  }

  /** The entry that best describes the customer's state: a conflict, else a failure, else the latest. */
  entryFor(customerId: string): OutboxEntry | undefined {
    const id = this.resolveId(customerId);
    const mine = [...this.view.entries.values()].filter((e) => e.customerId === id).sort(bySeq);
    return mine.find((e) => e.state === 'conflict') ?? mine.find((e) => e.state === 'failed') ?? mine.at(-1);
  }

  /** ceil(last known total / page size); at least 1, since even an empty list costs a request. */
  refreshCost(): number {
    const total = this.view.meta.lastKnownTotal ?? 0;
    return Math.max(1, Math.ceil(total / this.opts.settings().pageSize));
  }

  sendCost(): number {
    const freshMs = this.opts.settings().freshCopyMinutes * 60_000;
    const checked = new Set<string>();
    let cost = 0;
    for (const e of this.view.entries.values()) {
      if (e.state === 'failed' || e.state === 'conflict') continue;
      cost++;
      if (e.kind === 'create' && e.ambiguous && !hasContact(e.changes)) cost++;
      if (e.kind !== 'update' || checked.has(e.customerId)) continue;
      checked.add(e.customerId);
      const fetchedAt = this.view.records.get(e.customerId)?.fetchedAt;
      if (!fetchedAt || this.now() - Date.parse(fetchedAt) >= freshMs) cost++;
    }
    return cost;
  }

  findUpsertMatch(fields: Pick<EditableFields, 'phone' | 'email'>): LocalCustomer | undefined {
    return this.view.findUpsertMatch(fields);
  }

  pausedReason(): PausedReason | null {
    return this.replayer.pausedReason();
  }

  resolveId(id: string): string {
    return this.view.resolveId(id);
  }

  // ---- writes ------------------------------------------------------------------------------

  saveEdit(customerId: string, changes: EditableFields): Promise<SaveResult> {
    return this.write(() => tx.saveEditTx(this.ctx, this.resolveId(customerId), changes));
  }

  createCustomer(fields: EditableFields): Promise<SaveResult> {
    return this.write(() => tx.createCustomerTx(this.ctx, fields));
  }

  recreateAsNew(entryId: string): Promise<SaveResult> {
    return this.write(() => tx.recreateAsNewTx(this.ctx, entryId));
  }

  async discard(entryId: string): Promise<void> {
    this.apply((await tx.discardTx(this.ctx, entryId)).changes, true);
  }

  async retryNow(entryId: string): Promise<void> {
    const { result, changes } = await tx.retryNowTx(this.ctx, entryId);
    this.apply(changes, true);
    if (result && this.opts.online()) await this.resume();
  }

  async resolveConflict(entryId: string, picks: ConflictPick): Promise<void> {
    const { result, changes } = await tx.resolveConflictTx(this.ctx, entryId, picks);
    this.apply(changes, true);
    if (result) this.kick();
  }

  /** Runs one outbox write; IndexedDB refusing it (disk full, database gone) is an answer, not a throw. */
  private async write(run: () => Promise<tx.WriteOutcome<SaveResult>>): Promise<SaveResult> {
    let outcome: tx.WriteOutcome<SaveResult>;
    try {
      outcome = await run();
    } catch {
      return STORAGE_FAILED;
    }
    this.apply(outcome.changes, true);
    if (outcome.result.ok) this.kick();
    return outcome.result;
  }

  // ---- sync and replay ---------------------------------------------------------------------

  fullRefresh(opts?: { manual?: boolean }): Promise<RefreshOutcome> {
    if (this.syncRunning) return this.syncRunning;
    const blocked = this.refreshBlocked();
    if (blocked) {
      this.progressState = { ...this.progressState, running: false, error: blocked };
      this.notify();
      return Promise.resolve({ kind: 'blocked', error: blocked });
    }
    const manual = opts?.manual === true;
    const run = (async (): Promise<RefreshOutcome> => {
      let outcome: RefreshOutcome;
      try {
        outcome = await this.locks.request(
          `rotor-desk-refresh-${this.accountId}`,
          { ifAvailable: true },
          // Another window is refreshing the same cache; its pages reach us through change notices.
          async (granted): Promise<RefreshOutcome> =>
            granted ? runFullSync(this.syncDeps) : { kind: 'held' },
        );
      } catch {
        const error: AppError = { kind: 'internal', message: 'The refresh stopped unexpectedly.' };
        this.progressState = { ...this.progressState, running: false, error };
        this.notify();
        outcome = { kind: 'failed', error };
      } finally {
        this.syncRunning = null;
      }
      await this.auto.record(outcome, manual).catch(() => undefined);
      return outcome;
    })();
    this.syncRunning = run;
    return run;
  }

  maybeAutoRefresh(): Promise<boolean> {
    return this.auto.check();
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
    this.auto.close();
    for (const u of this.unsubscribers.splice(0)) u();
    this.channel?.close();
    this.channel = null;
    this.listeners.clear();
    this.rewriteListeners.clear();
    this.noticeListeners.clear();
    this.db.close();
  }

  // ---- internals ---------------------------------------------------------------------------

  private refreshBlocked(): AppError | null {
    if (!this.opts.online())
      return { kind: 'network', message: 'Offline: the refresh will run when Rotor is reachable' };
    const q = this.opts.quota();
    if (q.exhausted)
      return {
        kind: 'quota',
        message: "Today's Rotor API requests are used up; refresh after the quota resets",
        retryAt: q.resetsAt,
      };
    return null;
  }

  /** Replay after a local change, when online; failures surface through entries, not here. */
  private kick(): void {
    if (this.opts.online() && !this.closed) void this.replay().catch(() => undefined);
  }

  private tell(notice: DataNotice): void {
    for (const l of [...this.noticeListeners]) l(notice);
  }

  /** Applies a committed transaction to memory, tells listeners and (optionally) other windows. */
  private apply(changes: Changes, broadcast: boolean): void {
    if (changes.empty || this.closed) return;
    for (const [from, to] of this.view.apply(changes)) for (const l of this.rewriteListeners) l(from, to);
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
  private async onBroadcast(notice: ChangeNotice): Promise<void> {
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

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }
}
