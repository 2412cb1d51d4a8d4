/**
 * What a DataStore is opened with (store.ts), and the defaults for what callers may leave out: tests
 * and the simulator inject a virtual clock, scheduler, locks and ids; the app takes these.
 */
import type { QuotaState } from '@contract/state';
import type { RotorApi } from '@contract/surface';
import type { LockLike } from '../db/locks';
import { memoryLocks, webLocks } from '../db/locks';
import type { Schedule } from '../wake';
import type { LoadProgress } from './read-rows';
import type { Engines } from './lazy-engines';

export interface DataStoreSettings {
  pageSize: number;
  includeArchived: boolean;
  replayConcurrency: number;
  autoRefreshHours: number;
  freshCopyMinutes: number;
}

/** Main's events the store wakes on: the app's one subscriber relays them (MainState). */
export type MainEvents = Pick<RotorApi, 'onConnectivity' | 'onQuota' | 'onAccount'>;

export interface OpenDataStoreOptions {
  accountId: string;
  api: RotorApi;
  /**
   * Where the store hears main's events. The app passes its one subscriber, which updates `quota()` and
   * `online()` before it tells the store; where nothing relays them (tests, the simulation) the store
   * subscribes to `api` itself.
   */
  events?: MainEvents;
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
  /** How far opening has got (rows read of the total; null once all are in): the list's count line shows it. */
  onLoadProgress?: (progress: LoadProgress | null) => void;
  /** Where replay, the sync and the outbox writers come from (default their chunk, lazy-engines.ts). */
  loadEngines?: () => Promise<Engines>;
}

/** One for the realm, so every store in it (and, with Web Locks, every window) shares the same locks. */
export const sharedLocks: LockLike = webLocks() ?? memoryLocks();

export const defaultSchedule: Schedule = (fn, ms) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};
