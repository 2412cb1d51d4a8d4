/**
 * The shapes the app model is built from and shows: what it needs injected (so tests run it with
 * doubles and without a DOM) and the small records its screens read. Kept apart so the parts can
 * name them without importing each other.
 */
import type { RotorApi } from '@contract/surface';
import type { DataStore } from '$lib/data/types';
import type { OpenDataStoreOptions } from '$lib/data/store/store';
import type { Notify } from './notify';
import type { ApplyTheme } from './theme';

/** What the lifecycle passes when it opens an account's data store (the rest keeps its defaults). */
export type StoreOptions = Pick<
  OpenDataStoreOptions,
  'accountId' | 'api' | 'events' | 'settings' | 'quota' | 'online' | 'onLoadProgress'
>;

export type OpenStore = (opts: StoreOptions) => Promise<DataStore>;

/**
 * Where the id of the account last opened is remembered (a fingerprint, not a secret), so the next start
 * can open its cache while main answers; its rows are shown only once main confirms that account.
 */
export interface LastAccount {
  get(): string | null;
  set(accountId: string | null): void;
}

export interface AppModelDeps {
  api: RotorApi;
  openStore: OpenStore;
  notify?: Notify;
  /** Applies the theme to the document; injectable so the model runs without a DOM. */
  applyTheme?: ApplyTheme;
  /** Without it, nothing is opened before main names the account. */
  lastAccount?: LastAccount;
}

/** Changes that wait in an account's cache while another account (or none) is open. */
export interface LeftBehind {
  accountId: string;
  count: number;
  /** "the key ending in …abcd" */
  label: string;
}

export type Phase = 'starting' | 'onboarding' | 'opening' | 'ready' | 'failed';
