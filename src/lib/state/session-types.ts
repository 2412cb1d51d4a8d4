/**
 * The shapes the session is built from and shows: what it needs injected (so tests run it with
 * fakes and without a DOM) and the small records its screens read. Kept apart so the action
 * modules can name them without importing the Session.
 */
import type { Settings } from '@contract/settings';
import type { RotorApi } from '@contract/surface';
import type { DataStore } from '$lib/data/api';
import type { OpenDataStoreOptions } from '$lib/data/store/store';
import type { Notify } from './session-defaults';

/** What the session passes when it opens an account's data store (the rest keeps its defaults). */
export type StoreOptions = Pick<OpenDataStoreOptions, 'accountId' | 'api' | 'settings' | 'quota' | 'online'>;

export type OpenStore = (opts: StoreOptions) => Promise<DataStore>;

export interface SessionDeps {
  api: RotorApi;
  openStore: OpenStore;
  notify?: Notify;
  /** Applies the theme to the document; injectable so the session runs without a DOM. */
  applyTheme?: (theme: Settings['theme']) => void;
}

/** Changes that wait in an account's cache while another account (or none) is open. */
export interface LeftBehind {
  accountId: string;
  count: number;
  /** "the key ending in …abcd" */
  label: string;
}

export type Phase = 'starting' | 'onboarding' | 'opening' | 'ready' | 'failed';
