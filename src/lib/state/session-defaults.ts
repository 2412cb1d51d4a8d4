/**
 * What the session shows before main and the data store have answered (and after a store closes),
 * and the small pure helpers its readers share.
 */
import type { AppError } from '@contract/result';
import type { Settings } from '@contract/settings';
import { DEFAULT_SETTINGS } from '@contract/settings-defaults';
import type { QuotaState } from '@contract/state';
import type { DataMeta, SaveResult, SearchResult } from '$lib/data/api';

export type Tone = 'info' | 'success' | 'warning' | 'error';
export type Notify = (message: string, tone?: Tone) => void;

/** Until main answers: the defaults a new profile gets (zod-free, so startup doesn't load the schemas). */
export const FALLBACK_SETTINGS: Settings = DEFAULT_SETTINGS;

/** Until main answers: nothing spent, so `resetsAt` is never shown (it only appears while exhausted). */
export const FALLBACK_QUOTA: QuotaState = {
  usedToday: 0,
  dailyLimit: 1000,
  remaining: 1000,
  exhausted: false,
  resetsAt: '1970-01-01T00:00:00.000Z',
  nextProbeAt: null,
};

export const EMPTY_META: DataMeta = {
  lastFullSyncAt: null,
  customerCount: 0,
  pendingCount: 0,
  failedCount: 0,
  conflictCount: 0,
  autoRefresh: { failures: 0, nextAt: null, stoppedForToday: false },
};

export const EMPTY_RESULT: SearchResult = { ids: [], total: 0 };

/** Why the app can't start: the bridge to main is missing or broken (every call otherwise answers data). */
export const NO_BRIDGE: AppError = {
  kind: 'internal',
  message: 'Rotor Desk’s background service is not available. Restart the app.',
};

export const CACHE_UNOPENED: AppError = {
  kind: 'internal',
  message: 'The customer cache on this computer could not be opened.',
  retryable: true,
};

export const NO_STORE: SaveResult = {
  ok: false,
  error: { kind: 'validation', message: 'No account is open, so the change could not be saved.' },
};

/** The quota shows a warning once main says a tenth of the day's budget or less remains. */
export function quotaWarning(q: QuotaState): boolean {
  return q.exhausted || q.remaining <= Math.ceil(q.dailyLimit * 0.1);
}

export function documentTheme(theme: Settings['theme']): void {
  if (typeof document === 'undefined') return;
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}
