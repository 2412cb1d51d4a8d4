/**
 * The moments the session asks the store to send and refresh: replay, catch-up (on opening a
 * cache online and on coming back online) and the user's "Sync now". The store schedules its own
 * automatic refreshes; these are the only other times the session starts work.
 * The Session composes one and exposes replay and syncNow as its own.
 */
import type { DataStore } from '$lib/data/api';
import { refreshToast } from './outcomes';
import type { Toast } from './outcomes';
import type { Notify } from './session-defaults';

/** The session state these actions read and set (the Session itself is one). */
export interface SyncHost {
  readonly store: DataStore | null;
  readonly online: boolean;
  /** A refresh of any kind is running. */
  readonly syncBusy: boolean;
  /** A manual "Sync now" is in flight. */
  syncing: boolean;
}

/** Actions are arrow fields so they keep their `this` when the Session re-exposes them. */
export class SyncActions {
  readonly #host: SyncHost;
  readonly #notify: Notify;

  constructor(host: SyncHost, notify: Notify) {
    this.#host = host;
    this.#notify = notify;
  }

  /** Sends queued changes. Failures land on the outbox entries, where the UI shows them. */
  replay = async (): Promise<void> => {
    const store = this.#host.store;
    if (!store) return;
    try {
      await store.replay();
    } catch {
      // The data layer records per-entry errors; a throw here has nothing more to tell the user.
    }
  };

  /** Sends what is queued, then refreshes if the last full refresh is older than the setting. */
  catchUp = async (): Promise<void> => {
    await this.replay();
    await this.#autoRefresh();
  };

  /**
   * On the user's request: send what waits, then refresh every customer (the button showed both
   * costs). "Sync complete" only when the refresh says it completed.
   */
  syncNow = async (): Promise<void> => {
    const host = this.#host;
    const store = host.store;
    if (!store || host.syncBusy) return;
    host.syncing = true;
    let toast: Toast;
    try {
      if (store.meta().pendingCount > 0 && !store.pausedReason()) await this.replay();
      toast = refreshToast(await store.fullRefresh({ manual: true }));
    } catch {
      toast = { message: 'Sync failed: something went wrong on this computer. Try again.', tone: 'error' };
    } finally {
      host.syncing = false;
    }
    this.#notify(toast.message, toast.tone);
  };

  async #autoRefresh(): Promise<void> {
    const store = this.#host.store;
    if (!store || !this.#host.online) return;
    try {
      await store.maybeAutoRefresh();
    } catch {
      // Refresh errors are reported through progress(), shown by the status bar.
    }
  }
}
