/**
 * The moments the app asks the store to send and refresh: replay, catch-up (on opening a cache online
 * and on coming back online) and the user's "Sync now". The store schedules its own automatic
 * refreshes; these are the only other times the app starts work. The app model exposes replay,
 * syncNow, syncing and busy as its own.
 */
import type { RefreshOutcome, SyncProgress } from '$lib/data/types';
import { guard } from './guard';
import type { StoreHost } from './guard';
import type { Notify } from './notify';
import { refreshToast } from './outcomes';

export interface SyncHost extends StoreHost {
  readonly online: boolean;
  readonly progress: SyncProgress;
}

export class SyncActions {
  /** A manual "Sync now" is in flight. */
  syncing = $state(false);

  /** Sends queued changes; never throws (failures land on the outbox entries, shown there). */
  readonly replay: () => Promise<void>;
  /**
   * On the user's request: send what waits, then refresh every customer (the button showed both
   * costs). "Sync complete" only when the refresh says it completed.
   */
  readonly syncNow: () => Promise<void>;
  /** Sends what is queued, then refreshes if the last full refresh is older than the setting. */
  readonly catchUp: () => Promise<void>;
  readonly #host: SyncHost;

  constructor(host: SyncHost, notify: Notify) {
    this.#host = host;
    const onStore = guard(host, notify);
    this.replay = onStore({ closed: undefined, failed: '' }, (store) => store.replay());
    // Refresh errors are reported through progress(), shown by the status bar.
    const autoRefresh = onStore({ closed: false, failed: '' }, (store) =>
      host.online ? store.maybeAutoRefresh() : Promise.resolve(false),
    );
    this.catchUp = async () => {
      await this.replay();
      await autoRefresh();
    };
    this.syncNow = onStore(
      { closed: undefined, failed: 'Sync failed: something went wrong on this computer. Try again.' },
      async (store) => {
        if (this.busy) return;
        this.syncing = true;
        let outcome: RefreshOutcome;
        try {
          if (store.meta().pendingCount > 0 && !store.pausedReason()) await this.replay();
          outcome = await store.fullRefresh({ manual: true });
        } finally {
          this.syncing = false;
        }
        const toast = refreshToast(outcome);
        notify(toast.message, toast.tone);
      },
    );
  }

  /** A refresh of any kind is running (manual or automatic). */
  get busy(): boolean {
    return this.syncing || this.#host.progress.running;
  }
}
