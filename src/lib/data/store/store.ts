/**
 * The DataStore the UI's state modules use: an in-memory view (cache-view.ts) over the per-account
 * Dexie cache, read in by cache-loader.ts and kept in step after every committed transaction, plus the
 * sync and replay machinery. Every HTTP request goes through the injected RotorApi and names this
 * account. Main's events wake replay and the automatic refresh (wiring.ts), so nothing polls; other
 * windows' commits arrive through cross-window.ts; the read-side summaries are in cache-summary.ts.
 */
import type { AppError } from '@contract/result';
import type {
  ConflictPick,
  DataMeta,
  DataStore,
  Delivery,
  EditableFields,
  ImportPlan,
  ImportResult,
  PausedReason,
  RefreshOutcome,
  ResolveResult,
  SaveResult,
  SyncProgress,
} from '../types';
import type { AutoRefresh } from '../sync/auto-refresh';
import * as summary from './cache-summary';
import type { Changes } from '../outbox/changes';
import { CrossWindow } from './cross-window';
import { startOfLocalDay } from '../db/deliveries';
import { dbNameFor, openDb } from '../db/schema';
import type { RotorDb } from '../db/schema';
import * as tx from '../outbox/outbox';
import { resolveConflictsTx } from '../outbox/resolve';
import type { RefreshRunner } from '../sync/refresh-runner';
import type { Replayer } from '../replay/replay';
import { StoreReads } from './store-reads';
import { cancelImportTx, dismissImportTx, pauseImportTx } from '../outbox/import-groups';
import { queueImportTx } from '../outbox/import-queue';
import type { OpenDataStoreOptions } from './options';
import { CacheLoader } from './cache-loader';
import { listenToMain, wireStore } from './wiring';
import { IDLE_PROGRESS } from '../types';
import { refreshOneCustomer } from '../sync/sync';
import type { SyncDeps } from '../sync/sync';
export type { DataStoreSettings, OpenDataStoreOptions } from './options';

/** Resolves at the first screen; the rest of the cache keeps loading (`loaded`). */
export async function openDataStore(opts: OpenDataStoreOptions): Promise<LocalDataStore> {
  const store = new LocalDataStore(opts);
  await store.load();
  return store;
}

/** Same as openDataStore, resolved once the whole cache is in memory (what most tests want). */
export async function openLocalDataStore(opts: OpenDataStoreOptions): Promise<LocalDataStore> {
  const store = await openDataStore(opts);
  await store.loaded;
  return store;
}

export class LocalDataStore extends StoreReads implements DataStore {
  readonly accountId: string;
  readonly db: RotorDb;
  private progressState: SyncProgress = { ...IDLE_PROGRESS };
  private readonly replayer: Replayer;
  private readonly refresher: RefreshRunner;
  private readonly auto: AutoRefresh;
  private readonly ctx: tx.WriteContext;
  private readonly syncDeps: SyncDeps;
  private readonly now: () => number;
  private readonly crossWindow: CrossWindow;
  private readonly loader: CacheLoader;
  private readonly unsubscribers: Array<() => void> = [];
  private closed = false;

  constructor(private readonly opts: OpenDataStoreOptions) {
    super();
    this.accountId = opts.accountId;
    this.db = openDb(opts.dbName ?? dbNameFor(opts.accountId));
    this.crossWindow = new CrossWindow(this.db, (changes) => this.apply(changes, false));
    const parts = wireStore(opts, this.db, {
      view: this.view,
      events: this.events,
      commit: (changes) => this.apply(changes, true),
      progress: (p) => {
        this.progressState = p;
        this.events.changed();
      },
      stopped: (error) => {
        this.progressState = { ...this.progressState, running: false, error };
        this.events.changed();
      },
      closed: () => this.closed,
    });
    this.now = parts.now;
    this.ctx = parts.ctx;
    this.syncDeps = parts.syncDeps;
    this.replayer = parts.replayer;
    this.refresher = parts.refresher;
    this.auto = parts.auto;
    this.loader = new CacheLoader(this.db, this.view, {
      now: this.now,
      closed: () => this.closed,
      changed: () => this.events.changed(),
      progress: opts.onLoadProgress,
    });
  }

  /** Opens the database and reads the first screen; the rest loads in the background (`loaded`). */
  async load(): Promise<void> {
    await this.db.open();
    await this.loader.open();
    // Other windows' commits apply at once (the loader keeps a later chunk from undoing them); main's
    // events wake replay and the refresh, which need the whole cache, so they are heard once it is in.
    if (this.opts.broadcast !== false) this.crossWindow.open();
    void this.loaded
      .then(() => {
        if (!this.closed) this.unsubscribers.push(...listenToMain(this.opts, this, this.replayer, this.auto));
      })
      .catch(() => undefined);
  }

  /** Resolves once every cached customer is in memory and the search index. */
  get loaded(): Promise<void> {
    return this.loader.loaded;
  }

  // ---- reads -------------------------------------------------------------------------------

  deliveriesToday(): Delivery[] {
    return this.view.deliveriesSince(startOfLocalDay(this.now()));
  }

  meta(): DataMeta {
    const { failures, nextAt, stoppedForToday } = this.auto.budget();
    return summary.metaOf(this.view, { failures, nextAt, stoppedForToday });
  }

  progress(): SyncProgress {
    return this.progressState;
  }

  refreshCost(): number {
    return summary.refreshCost(this.view, this.opts.settings().pageSize);
  }

  sendCost(): number {
    return summary.sendCost(this.view, this.opts.settings().freshCopyMinutes * 60_000, this.now);
  }

  pausedReason(): PausedReason | null {
    return this.replayer.pausedReason();
  }

  // ---- writes ------------------------------------------------------------------------------

  saveEdit(customerId: string, changes: EditableFields): Promise<SaveResult> {
    return this.write(() => tx.saveEditTx(this.ctx, this.resolveId(customerId), changes));
  }

  async saveEdits(edits: readonly { customerId: string; changes: EditableFields }[]): Promise<SaveResult[]> {
    const resolved = edits.map((e) => ({ ...e, customerId: this.resolveId(e.customerId) }));
    let outcome: tx.WriteOutcome<SaveResult[]>;
    try {
      outcome = await tx.saveEditsTx(this.ctx, resolved);
    } catch {
      return edits.map(() => tx.STORAGE_FAILED);
    }
    this.apply(outcome.changes, true);
    if (outcome.result.some((r) => r.ok)) this.kick();
    return outcome.result;
  }

  createCustomer(fields: EditableFields): Promise<SaveResult> {
    return this.write(() => tx.createCustomerTx(this.ctx, fields));
  }

  async queueImport(plan: ImportPlan): Promise<ImportResult> {
    const hooks = {
      commit: (c: Changes) => this.apply(c, true),
      resolveId: (id: string) => this.resolveId(id),
    };
    const result = await queueImportTx(this.ctx, plan, hooks);
    this.kick();
    return result;
  }

  async pauseImport(importId: string, paused: boolean): Promise<void> {
    this.apply(await pauseImportTx(this.ctx, importId, paused), true);
    if (!paused) this.kick();
  }

  cancelImport(importId: string): Promise<number> {
    return cancelImportTx(this.ctx, importId, (c) => this.apply(c, true));
  }

  async dismissImport(importId: string): Promise<void> {
    this.apply(await dismissImportTx(this.ctx, importId), true);
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

  async resolveConflict(entryId: string, picks: ConflictPick): Promise<ResolveResult> {
    const { result, changes } = await resolveConflictsTx(this.ctx, entryId, picks);
    this.apply(changes, true);
    if (result.ok && result.data.left === 'pending') this.kick();
    return result;
  }

  /** Runs one outbox write; IndexedDB refusing it (disk full, database gone) is an answer, not a throw. */
  private async write(run: () => Promise<tx.WriteOutcome<SaveResult>>): Promise<SaveResult> {
    let outcome: tx.WriteOutcome<SaveResult>;
    try {
      outcome = await run();
    } catch {
      return tx.STORAGE_FAILED;
    }
    this.apply(outcome.changes, true);
    if (outcome.result.ok) this.kick();
    return outcome.result;
  }

  // ---- sync and replay ---------------------------------------------------------------------

  // A refresh's sweep and replay's matching (upsert, adoption) read the whole cache: they wait for it.
  async fullRefresh(opts?: { manual?: boolean }): Promise<RefreshOutcome> {
    await this.loaded;
    return this.refresher.run(opts);
  }

  async maybeAutoRefresh(): Promise<boolean> {
    await this.loaded;
    return this.auto.check();
  }

  refreshOne(id: string): Promise<{ ok: true } | { ok: false; error: AppError }> {
    return refreshOneCustomer(this.syncDeps, this.resolveId(id));
  }

  async replay(): Promise<void> {
    await this.loaded;
    if (this.closed) return;
    return this.replayer.replay();
  }

  async resume(): Promise<void> {
    await this.loaded;
    await this.replayer.resume();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.replayer.close();
    this.auto.close();
    for (const u of this.unsubscribers.splice(0)) u();
    this.crossWindow.close();
    this.events.clear();
    this.db.close();
  }

  // ---- internals ---------------------------------------------------------------------------

  /** Replay after a local change, when online; failures surface through entries, not here. */
  private kick(): void {
    if (this.opts.online() && !this.closed) void this.replay().catch(() => undefined);
  }

  /** Applies a committed transaction to memory, tells listeners and (optionally) other windows. */
  private apply(changes: Changes, broadcast: boolean): void {
    if (changes.empty || this.closed) return;
    this.loader.applied(changes);
    for (const [from, to] of this.view.apply(changes)) this.events.rewrote(from, to);
    this.events.changed();
    if (broadcast) this.crossWindow.post(changes);
  }
}
