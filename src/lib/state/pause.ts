/**
 * What the app says while the outbox is paused: why, how much is kept, and the one thing that ends it.
 * Built from the store's PausedReason, the outbox counts and main's quota and account, so the main
 * window's banner, the customer's banner, Settings and the toasts all say the same thing.
 */
import type { AccountStatus, QuotaState } from '@contract/state';
import type { DataMeta, PausedReason } from '$lib/data/types';
import { formatCount, formatNumber } from '$lib/format/number';
import { formatDateTime } from '$lib/format/time';
import { errorAction } from './error-actions';

export type PauseKind = PausedReason['kind'];

/** Pauses the user ends by replacing the key in Settings (the others end by themselves or elsewhere). */
export function fixedInSettings(kind: PauseKind): boolean {
  return errorAction({ kind }) === 'replace_key';
}

/** Changes safely kept on this computer while nothing is sent: the whole outbox. */
export function keptCount(meta: Pick<DataMeta, 'pendingCount' | 'failedCount' | 'conflictCount'>): number {
  return meta.pendingCount + meta.failedCount + meta.conflictCount;
}

/** Names an account the way the user knows it: by the end of its key. */
export function accountLabel(account: Pick<AccountStatus, 'demo' | 'hint'> | null): string {
  if (account?.demo) return 'the demo data';
  return account?.hint ? `the key ending in …${account.hint}` : 'the previous key';
}

/**
 * Main's reset time in the user's time and in UTC, e.g. "Mar 12, 2025, 7:00 PM (00:00 UTC)": Rotor
 * counts the day in UTC, and people read their own clock.
 */
export function resetMoment(resetsAt: string, locale?: string): string {
  const ms = Date.parse(resetsAt);
  if (!Number.isFinite(ms)) return 'the daily reset (00:00 UTC)';
  const utc = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'UTC',
  }).format(ms);
  return `${formatDateTime(ms, locale)} (${utc} UTC)`;
}

/** The reason as a clause: "Paused — <this>" on a customer's banner. */
export function pauseClause(reason: PausedReason, quota: Pick<QuotaState, 'dailyLimit'>): string {
  switch (reason.kind) {
    case 'auth':
      return 'Rotor no longer accepts the API key';
    case 'forbidden':
      return 'the API key is not allowed to change customers';
    case 'not_configured':
      return 'no API key is set up';
    case 'quota':
      return `today’s ${formatNumber(quota.dailyLimit)} API requests are used up`;
    case 'account':
      return 'another Rotor account is connected';
  }
}

export interface PauseContext {
  meta: Pick<DataMeta, 'pendingCount' | 'failedCount' | 'conflictCount'>;
  quota: Pick<QuotaState, 'dailyLimit' | 'resetsAt'>;
  account: Pick<AccountStatus, 'demo' | 'hint'> | null;
  locale?: string;
}

/** What ends the pause, as a sentence (no button for it but Settings). */
export function pauseRemedy(reason: PausedReason, ctx: PauseContext): string {
  switch (reason.kind) {
    case 'auth':
    case 'forbidden':
    case 'not_configured':
      return 'Replace the key in Settings: they are sent as soon as Rotor accepts it.';
    case 'quota':
      return `Sending resumes after ${resetMoment(ctx.quota.resetsAt, ctx.locale)}.`;
    case 'account':
      return `Connected now: ${accountLabel(ctx.account)}. They are sent when you connect their own key again.`;
  }
}

export interface PauseBannerText {
  /** "Sending to Rotor is paused: <reason>." */
  headline: string;
  /** "4 changes are kept safely on this computer." */
  kept: string;
  remedy: string;
  /** The one button, when the user has to act: Settings with the key field focused. */
  action: 'settings' | null;
  /** An alert when the user must act; a status when it ends by itself. */
  role: 'alert' | 'status';
}

export function pauseBanner(reason: PausedReason, ctx: PauseContext): PauseBannerText {
  const kept = keptCount(ctx.meta);
  const clause = pauseClause(reason, ctx.quota);
  return {
    headline: `Sending to Rotor is paused: ${reason.kind === 'account' ? 'these changes belong to another Rotor account' : clause}.`,
    kept:
      kept === 0
        ? 'Nothing is waiting; new changes are kept safely on this computer.'
        : `${formatCount(kept, 'change is', 'changes are', ctx.locale)} kept safely on this computer.`,
    remedy: pauseRemedy(reason, ctx),
    action: fixedInSettings(reason.kind) ? 'settings' : null,
    role: reason.kind === 'quota' ? 'status' : 'alert',
  };
}

/** Settings' line above the key field: what is wrong with the key, for the pauses fixed there. */
export function keyProblem(reason: PausedReason, ctx: PauseContext): string | null {
  const kept = keptCount(ctx.meta);
  const waiting = kept > 0 ? formatCount(kept, 'waiting change is', 'waiting changes are', ctx.locale) : null;
  const then = waiting ? ` The ${waiting} sent as soon as Rotor accepts a new key of the same company.` : '';
  const key = ctx.account?.hint ? `the key ending in …${ctx.account.hint}` : 'the API key';
  switch (reason.kind) {
    case 'auth':
      return `Rotor no longer accepts ${key}: it may have been revoked or may have expired. Paste a new key below.${then}`;
    case 'forbidden':
      return `Rotor does not let ${key} change customers. Create a key with customer access (read and write) in Rotor and paste it below.${then}`;
    case 'not_configured':
      return `No API key is set up for this account. Paste one below.${then}`;
    default:
      return null;
  }
}

/** The toast after "Send all now", "Retry now" or "Try sending again" while still paused: why it did not go. */
export function pausedActionMessage(reason: PausedReason, ctx: PauseContext): string {
  return `Not sent: sending is paused because ${pauseClause(reason, ctx.quota)}. Your changes are kept. ${pauseRemedy(reason, ctx)}`;
}
