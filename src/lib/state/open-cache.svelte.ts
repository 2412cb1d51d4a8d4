/**
 * The one account cache (DataStore) the app has open: the store's notifications while it is
 * open, the change counter the cache views depend on, and, once it closes, the
 * changes it kept, so the next screens can say they wait there (this run only).
 */
import type { AccountStatus } from '@contract/state';
import type { DataStore } from '$lib/data/types';
import { nextTask } from '$lib/data/next-task';
import { leftBehindSentence } from './confirm-text';
import { noticeToast } from './outcomes';
import { sentToast } from './delivery-text';
import { accountLabel } from './pause';
import type { LeftBehind } from './model-types';
import type { Notify } from './notify';

export class OpenCache {
  #store = $state.raw<DataStore | null>(null);
  /** Bumped by the store's change notifications. */
  #version = $state(0);
  #leftBehind = $state.raw<LeftBehind | null>(null);
  /** The account status the store was opened for (its key hint names it after a switch). */
  #account: AccountStatus | null = null;
  #unsubscribe: (() => void)[] = [];
  /**
   * Set while a task that changed the store runs: its first change re-renders the views at once (what
   * reacts to it, such as revealing a new customer, sees it), the rest of that task's changes once more
   * after it. Ended by a message (next-task.ts), not a timer: a paused page clock or a throttled timer
   * would leave the views stale. A token, so a task ended by close() or a later one is not taken for it.
   */
  #inTask: object | null = null;
  #dirty = false;
  #rewriteListeners: ((from: string, to: string) => void)[] = [];
  readonly #notify: Notify;

  constructor(notify: Notify) {
    this.#notify = notify;
  }

  get store(): DataStore | null {
    return this.#store;
  }

  /** Read it to re-run when the open store reports a change. */
  get version(): number {
    return this.#version;
  }

  /** Changes kept in another account's cache since that account was closed. */
  get leftBehind(): LeftBehind | null {
    return this.#leftBehind;
  }

  /** A `local:` id became a Rotor id: views holding the old id follow it (an arrow: handed around). */
  onIdRewrite = (listener: (from: string, to: string) => void): (() => void) => {
    this.#rewriteListeners.push(listener);
    return () => {
      this.#rewriteListeners = this.#rewriteListeners.filter((l) => l !== listener);
    };
  };

  /**
   * Makes `store` (opened for `status`) the open cache. Then: its own changes are back, or another
   * account's stay behind, said when `announce` (not when the user just confirmed it).
   */
  attach(store: DataStore, status: AccountStatus, announce: boolean): void {
    this.#store = store;
    this.#account = status;
    this.#unsubscribe = [
      store.subscribe(() => this.#changed()),
      store.onIdRewrite((from, to) => {
        for (const listener of this.#rewriteListeners) listener(from, to);
      }),
      store.onNotice((notice) => {
        const toast = noticeToast(notice);
        this.#notify(toast.message, toast.tone);
      }),
      // One toast per replay run, and none when it sent nothing.
      store.onReplayed((pass) => {
        const toast = sentToast(pass);
        if (toast) this.#notify(toast.message, toast.tone);
      }),
    ];
    this.#version++;
    const behind = this.#leftBehind;
    if (!behind) return;
    if (behind.accountId === status.accountId) this.#leftBehind = null;
    else if (announce)
      this.#notify(
        `Another Rotor account is open. ${leftBehindSentence(behind.count, behind.label)}`,
        'warning',
      );
  }

  /** The store changed: re-render now, or once after this task if it already did. */
  #changed(): void {
    if (this.#inTask) {
      this.#dirty = true;
      return;
    }
    this.#version++;
    const task = {};
    this.#inTask = task;
    void nextTask().then(() => {
      if (this.#inTask !== task) return;
      this.#inTask = null;
      if (this.#dirty) this.#version++;
      this.#dirty = false;
    });
  }

  close(): void {
    this.#inTask = null;
    this.#dirty = false;
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    const store = this.#store;
    this.#store = null;
    if (!store) return;
    const count = store.outbox().length;
    // They stay in that account's database; remembered so the next screens can say so.
    if (count > 0)
      this.#leftBehind = { accountId: store.accountId, count, label: accountLabel(this.#account) };
    this.#account = null;
    store.close();
  }
}
