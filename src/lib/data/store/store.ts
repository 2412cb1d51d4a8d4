/**
 * The DataStore the UI's state modules use: an in-memory view (cache-view.ts) over the per-account
 * Dexie cache, read in by cache-loader.ts and kept in step after every committed transaction, plus the
 * sync and replay machinery. Every HTTP request goes through the injected RotorApi and names this
 * account. Main's events wake replay and the automatic refresh (wiring.ts), so nothing polls; other
 * windows' commits arrive through cross-window.ts; the read-side summaries are in cache-summary.ts, the
 * reads in store-reads.ts and the outbox writes in store-writes.ts.
 */
import type { AppError } from '@contract/result';
import type { DataMeta, DataStore, Delivery, PausedReason, RefreshOutcome, SyncProgress } from '../types';
import type { AutoRefresh } from '../sync/auto-refresh';
import * as summary from './cache-summary';
import type { Changes } from '../outbox/changes';
import { CrossWindow } from './cross-window';
import { startOfLocalDay } from '../db/deliveries';
import { dbNameFor, openDb } from '../db/schema';
import type { RotorDb } from '../db/schema';
import type { WriteContext } from '../outbox/entries';
import type { RefreshRunner } from '../sync/refresh-runner';
import type { DeferredReplayer, LazyEngines } from './lazy-engines';
import { StoreWrites } from './store-writes';
import type { OpenDataStoreOptions } from './options';
import { CacheLoader } from './cache-loader';
import { listenToMain, wireStore } from './wiring';
import type { RefreshOne } from './wiring';
import { IDLE_PROGRESS } from '../types';
export type { DataStoreSettings, OpenDataStoreOptions } from './options';

/** Resolves at the first screen; the rest of the cache keeps loading (`loaded`). */
export async function openDataStore(opts: OpenDataStoreOptions): Promise<LocalDataStore> {
  const store = new LocalDataStore(opts);
  await store.load();
  return store;
}

/**
 * Same as openDataStore, resolved once the whole cache is in memory and the engines' chunk has been
 * tried (what most tests want: nothing of the store still arriving).
 */
export async function openLocalDataStore(opts: OpenDataStoreOptions): Promise<LocalDataStore> {
  const store = await openDataStore(opts);
  await store.loaded;
  await store.enginesTried;
  return store;
}

export class LocalDataStore extends StoreWrites implements DataStore {
  readonly accountId: string;
  readonly db: RotorDb;
  private progressState: SyncProgress = { ...IDLE_PROGRESS };
  private readonly replayer: DeferredReplayer;
  private readonly refresher: RefreshRunner;
  private readonly auto: AutoRefresh;
  protected readonly ctx: WriteContext;
  protected readonly engines: LazyEngines;
  private readonly refreshOneParts: RefreshOne;
  private readonly now: () => number;
  private readonly crossWindow: CrossWindow;
  /** A sync page's committed changes, not in memory yet: applied while the next page is written. */
  private held: Changes | null = null;
  private readonly loader: CacheLoader;
  private readonly unsubscribers: Array<() => void> = [];
  private closed = false;
  /** Settles once the cache is in and the engines' chunk has loaded or failed to (never rejects). */
  enginesTried: Promise<void> = Promise.resolve();

  constructor(protected readonly opts: OpenDataStoreOptions) {
    super();
    this.accountId = opts.accountId;
    this.db = openDb(opts.dbName ?? dbNameFor(opts.accountId));
    this.crossWindow = new CrossWindow(this.db, (changes) => this.apply(changes, false));
    const parts = wireStore(opts, this.db, {
      view: this.view,
      events: this.events,
      commit: (...changes) => this.apply(changes, true),
      hold: (changes) => {
        this.release();
        this.held = changes;
      },
      release: () => this.release(),
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
    this.engines = parts.engines;
    this.refreshOneParts = parts.refreshOne;
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
    // events wake replay and the refresh, which need the whole cache, so they are heard once it is in;
    // then the engines' chunk loads ahead of the first send, off the first screen's path.
    if (this.opts.broadcast !== false) this.crossWindow.open();
    this.enginesTried = this.loaded
      .then(() => {
        if (this.closed) return;
        this.unsubscribers.push(...listenToMain(this.opts, this, this.replayer, this.auto));
        return this.replayer.preload();
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
    return this.refreshOneParts(this.resolveId(id));
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
  protected kick(): void {
    if (this.opts.online() && !this.closed) void this.replay().catch(() => undefined);
  }

  /**
   * Applies what committed transactions wrote to memory and (optionally) tells other windows; listeners
   * are told once for all of it: the jobs replay ran in one transaction re-render once, not one a job.
   */
  protected apply(list: Changes | readonly Changes[], broadcast: boolean): void {
    if (this.closed) return;
    // Whatever committed after a held page is applied after it, as IndexedDB ordered them.
    this.release();
    let changed = false;
    for (const changes of Array.isArray(list) ? list : [list]) {
      if (changes.empty) continue;
      changed = true;
      this.loader.applied(changes);
      for (const [from, to] of this.view.apply(changes)) this.events.rewrote(from, to);
      if (broadcast) this.crossWindow.post(changes);
    }
    if (changed) this.events.changed();
  }

  /** Applies the held sync page, if any (before anything committed after it). */
  private release(): void {
    const held = this.held;
    if (!held) return;
    this.held = null;
    this.apply(held, true);
  }
}
