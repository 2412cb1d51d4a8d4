/**
 * What the session shows before main and the data store have answered (and after a store closes),
 * and the small pure helpers its readers share.
 */
import type { Settings } from '@contract/settings';
import type { QuotaState } from '@contract/state';
import type { DataMeta, SaveResult, SearchResult, SyncProgress } from '$lib/data/api';

export type Tone = 'info' | 'success' | 'warning' | 'error';
export type Notify = (message: string, tone?: Tone) => void;

/** Mirrors DEFAULT_SETTINGS without pulling zod's schemas into the renderer's startup path. */
export const FALLBACK_SETTINGS: Settings = {
  baseUrl: 'https://api.getrotor.com/open-api',
  pageSize: 1000,
  autoRefreshHours: 6,
  includeArchived: false,
  replayConcurrency: 4,
  freshCopyMinutes: 2,
  theme: 'system',
  windowBounds: null,
};

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

export const IDLE_PROGRESS: SyncProgress = {
  running: false,
  skipped: 0,
  pagesDone: 0,
  pagesTotal: null,
  customersDone: 0,
  customersTotal: null,
  error: null,
};

export const EMPTY_RESULT: SearchResult = { ids: [], total: 0 };

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
