/**
 * The one account cache (DataStore) the app has open: the store's notifications while it is
 * open, the change counter the cache views depend on, and, once it closes, the
 * changes it kept, so the next screens can say they wait there (this run only).
 */
import type { AccountStatus } from '@contract/state';
import type { DataStore } from '$lib/data/types';
import { leftBehindSentence } from './confirm-text';
import { noticeToast } from './outcomes';
import { sentToast } from './delivery-text';
import { accountLabel } from './pause';
import type { LeftBehind } from './model-types';
import type { Notify } from './notify';

/**
 * Views re-render at most once per this many ms for a burst of store changes (replay commits two
 * transactions per change it sends; re-rendering after each kept the page's main thread busy enough to
 * delay the next answers). The first change of a quiet spell still shows at once.
 */
export const CHANGE_COALESCE_MS = 50;

export class OpenCache {
  #store = $state.raw<DataStore | null>(null);
  /** Bumped by the store's change notifications. */
  #version = $state(0);
  #leftBehind = $state.raw<LeftBehind | null>(null);
  /** The account status the store was opened for (its key hint names it after a switch). */
  #account: AccountStatus | null = null;
  #unsubscribe: (() => void)[] = [];
  /** When the counter last moved, and the pending trailing bump of a burst. */
  #bumpedAt = -Infinity;
  #trailing: ReturnType<typeof setTimeout> | null = null;
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

  /** The store changed: bump now, or once at the end of the current burst. */
  #changed(): void {
    if (this.#trailing !== null) return;
    const wait = this.#bumpedAt + CHANGE_COALESCE_MS - performance.now();
    if (wait <= 0) {
      this.#bump();
      return;
    }
    this.#trailing = setTimeout(
      () => {
        this.#trailing = null;
        this.#bump();
      },
      Math.min(wait, CHANGE_COALESCE_MS),
    );
  }

  #bump(): void {
    this.#bumpedAt = performance.now();
    this.#version++;
  }

  close(): void {
    if (this.#trailing !== null) clearTimeout(this.#trailing);
    this.#trailing = null;
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
