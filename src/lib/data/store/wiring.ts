/**
 * Connects the store's parts (store.ts): sync, replay, the full refresh and the automatic refresh.
 * Each gets the account, clock, scheduler and locks from the options (defaults in store-options.ts)
 * and reaches back into the store only through its hooks, so the store's surface stays readable.
 * Replay and the sync itself come from a chunk loaded on first use (lazy-engines.ts); the runner and
 * the automatic refresh's timer are here from the start, so every trigger is heard.
 */
import type { AppError } from '@contract/result';
import type { DataStore, SyncProgress } from '../types';
import { AutoRefresh } from '../sync/auto-refresh';
import { refreshCost } from './cache-summary';
import type { CacheView } from './cache-view';
import type { Changes } from '../outbox/changes';
import type { RotorDb } from '../db/schema';
import type { WriteContext } from '../outbox/outbox';
import { RefreshRunner } from '../sync/refresh-runner';
import type { StoreEvents } from './events';
import { DeferredReplayer, LazyEngines } from './lazy-engines';
import type { Engines } from './lazy-engines';
import { defaultSchedule, sharedLocks } from './options';
import type { OpenDataStoreOptions } from './options';
import type { SyncDeps } from '../sync/sync';

export interface StoreHooks {
  view: CacheView;
  events: StoreEvents;
  /** Applies what a transaction this window committed wrote to memory and tells the other windows. */
  commit: (...changes: Changes[]) => void;
  /**
   * A sync page's changes, committed, to apply before anything committed later is or at `release`:
   * the sync releases a page once the next one's rows are on their way to IndexedDB (sync.ts).
   */
  hold: (changes: Changes) => void;
  release: () => void;
  progress: (p: SyncProgress) => void;
  /** A refresh was refused or threw: shown as the progress error. */
  stopped: (error: AppError) => void;
  closed: () => boolean;
}

export type RefreshOne = (id: string) => Promise<{ ok: true } | { ok: false; error: AppError }>;

export interface StoreParts {
  now: () => number;
  ctx: WriteContext;
  replayer: DeferredReplayer;
  refresher: RefreshRunner;
  auto: AutoRefresh;
  refreshOne: RefreshOne;
  engines: LazyEngines;
}

/** Main's events wake replay and the automatic refresh; an account's key back lifts its pause. */
export function listenToMain(
  opts: OpenDataStoreOptions,
  store: Pick<DataStore, 'accountId' | 'pausedReason' | 'resume'>,
  replayer: DeferredReplayer,
  auto: AutoRefresh,
): Array<() => void> {
  const events = opts.events ?? opts.api;
  return [
    events.onConnectivity(() => {
      replayer.connectivityChanged();
      void auto.check();
    }),
    events.onQuota(() => {
      replayer.quotaChanged();
      void auto.check();
    }),
    events.onAccount((status) => {
      // This account's key is current again (fixed, or switched back): lift a key or account pause.
      if (status.configured && status.accountId === store.accountId && store.pausedReason()?.kind !== 'quota')
        void store.resume().catch(() => undefined);
    }),
  ];
}

export function wireStore(opts: OpenDataStoreOptions, db: RotorDb, hooks: StoreHooks): StoreParts {
  const engines = new LazyEngines(opts.loadEngines);
  const { view, events, commit } = hooks;
  const now = opts.now ?? (() => Date.now());
  const locks = opts.locks ?? sharedLocks;
  const uuid = opts.uuid ?? (() => crypto.randomUUID());
  const schedule = opts.schedule ?? defaultSchedule;
  let lastStamp = 0;
  const stamp = (): number => (lastStamp = Math.max(now(), lastStamp + 1));
  const ctx: WriteContext = { db, nowIso: () => new Date(now()).toISOString(), uuid };
  const syncDeps: SyncDeps = {
    db,
    api: opts.api,
    accountId: opts.accountId,
    settings: opts.settings,
    now,
    stamp,
    uuid,
    commit,
    hold: hooks.hold,
    release: hooks.release,
    progress: hooks.progress,
  };
  const refreshOne: RefreshOne = async (id) => {
    const m = await engines.get();
    return m.ok ? m.value.refreshOneCustomer(syncDeps, id) : m;
  };
  const build = (m: Engines) =>
    new m.Replayer({
      db,
      api: opts.api,
      accountId: opts.accountId,
      concurrency: () => opts.settings().replayConcurrency,
      quota: opts.quota,
      online: opts.online,
      now,
      stamp,
      random: opts.random ?? Math.random,
      schedule,
      locks,
      freshCopyMs: () => opts.settings().freshCopyMinutes * 60_000,
      upsertMatch: (fields) => view.findUpsertMatch(fields)?.id,
      adoptCandidates: (entry) => view.adoptCandidates(entry),
      importStopped: (id) => {
        const g = view.imports.get(id);
        return g !== undefined && (g.paused || g.cancelledAt !== null);
      },
      refreshOne: (id) => m.refreshOneCustomer(syncDeps, id),
      commit,
      notice: (n) => events.notice(n),
      pauseChanged: () => events.changed(),
      passed: (pass) => events.replayed(pass),
    });
  const replayer = new DeferredReplayer(engines, build, {
    online: opts.online,
    notLoaded: (error) => events.notice({ kind: 'not_loaded', message: error.message }),
  });
  const refresher: RefreshRunner = new RefreshRunner({
    accountId: opts.accountId,
    locks,
    online: opts.online,
    quota: opts.quota,
    sync: async () => {
      const m = await engines.get();
      if (m.ok) return m.value.runFullSync(syncDeps);
      hooks.stopped(m.error);
      return { kind: 'failed', error: m.error };
    },
    record: (outcome, manual) => auto.record(outcome, manual),
    stopped: hooks.stopped,
  });
  const auto: AutoRefresh = new AutoRefresh({
    db,
    now,
    quota: opts.quota,
    online: () => opts.online() && !hooks.closed(),
    autoRefreshHours: () => opts.settings().autoRefreshHours,
    meta: () => view.meta,
    refreshCost: () => refreshCost(view, opts.settings().pageSize),
    running: () => refresher.running,
    run: () => refresher.run(),
    schedule,
    commit,
  });
  return { now, ctx, replayer, refresher, auto, refreshOne, engines };
}
