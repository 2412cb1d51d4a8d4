/**
 * The one guard around the user's commands, so each command says only what it does:
 * - `onStore`: a command on the open account's cache. With no cache open it does nothing and answers
 *   `closed`; when the store throws (IndexedDB refusing, a bug), the user is told `failed` and the command
 *   answers `closed` too, so no click handler sees a rejection. Without `failed`, the store answers its
 *   failures as data and a throw is a bug: it propagates.
 * - `whileBusy`: a request to main that changes the account (Connect, the demo, removing the key); the
 *   controls that start one are disabled until it ends, however it ends.
 */
import type { DataStore } from '$lib/data/types';
import type { Notify } from './notify';

export type Command<A extends unknown[], R> = (...args: A) => Promise<R>;

export interface StoreHost {
  readonly store: DataStore | null;
}

export interface OnStoreSpec<R> {
  closed: R;
  /** What to tell the user when the store throws; '' says nothing (the failure shows elsewhere). */
  failed?: string;
}

export function guard(host: StoreHost, notify: Notify) {
  return function onStore<A extends unknown[], R>(
    spec: OnStoreSpec<R>,
    run: (store: DataStore, ...args: A) => Promise<R>,
  ): Command<A, R> {
    return async (...args) => {
      const store = host.store;
      if (!store) return spec.closed;
      if (spec.failed === undefined) return run(store, ...args);
      try {
        return await run(store, ...args);
      } catch {
        if (spec.failed) notify(spec.failed, 'error');
        return spec.closed;
      }
    };
  };
}

export function whileBusy<A extends unknown[], R>(
  flag: { busy: boolean },
  run: (...args: A) => Promise<R>,
): Command<A, R> {
  return async (...args) => {
    flag.busy = true;
    try {
      return await run(...args);
    } finally {
      flag.busy = false;
    }
  };
}
