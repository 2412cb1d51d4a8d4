/**
 * What the app says about delivery: the toast after a replay run ("4 changes sent to Rotor"), when a
 * customer was last sent ("Sent 2:14 PM"), and, for a change still waiting, why it waits and when it
 * goes. Pauses are worded by pause.ts (the one owner of those words); an error's words are its own.
 */
import type { QuotaState } from '@contract/state';
import type { OutboxEntry, PausedReason, ReplayPass } from '$lib/data/types';
import { formatCount } from '$lib/format/number';
import { formatMoment } from '$lib/format/time';
import type { Toast } from './outcomes';
import { pauseClause, resetMoment } from './pause';

/** The one toast for a replay run that delivered something; null when it sent nothing. */
export function sentToast(pass: ReplayPass, locale?: string): Toast | null {
  if (pass.sent === 0) return null;
  return { message: `${formatCount(pass.sent, 'change', 'changes', locale)} sent to Rotor`, tone: 'success' };
}

/** "Sent 2:14 PM" today, "Sent Mar 12, 2025, 2:14 PM" on another day. */
export function sentLabel(sentAt: string, now: number, locale?: string): string {
  return `Sent ${formatMoment(sentAt, now, locale)}`;
}

export interface WaitContext {
  /** Why the store holds the whole outbox back, if it does. */
  paused: PausedReason | null;
  quota: Pick<QuotaState, 'dailyLimit' | 'resetsAt' | 'exhausted'>;
  online: boolean;
  now: number;
  locale?: string;
}

/** Pause kinds, also as the kind of the error that caused them (seen on the entry before a pass). */
const PAUSE_KINDS: ReadonlySet<string> = new Set(['auth', 'forbidden', 'not_configured', 'quota', 'account']);

function isPauseKind(kind: string): kind is PausedReason['kind'] {
  return PAUSE_KINDS.has(kind);
}

/** When a change held by a pause goes, for one customer. */
function whenPaused(kind: PausedReason['kind'], resetsAt: string, locale?: string): string {
  switch (kind) {
    case 'quota':
      return `It goes after ${resetMoment(resetsAt, locale)}.`;
    case 'account':
      return 'It goes when this account’s key is connected again.';
    default:
      return 'It goes as soon as Rotor accepts a new key: replace it in Settings.';
  }
}

/**
 * The sentence after "Saved on this computer." for a change that waits (state `pending`): why it has
 * not gone yet and when it will. The pause the store reports comes first; main's quota state counts
 * before a pass has seen it; then offline; then what the last attempt met.
 */
export function waitingText(
  entry: Pick<OutboxEntry, 'nextAttemptAt' | 'lastError' | 'retryStoppedUntil'>,
  ctx: WaitContext,
): string {
  const { quota, now, locale } = ctx;
  const paused: PausedReason['kind'] | null = ctx.paused?.kind ?? (quota.exhausted ? 'quota' : null);
  if (paused) {
    const resetsAt = (paused === 'quota' && ctx.paused?.retryAt) || quota.resetsAt;
    return `Paused — ${pauseClause({ kind: paused, message: '', retryAt: null }, quota)}. ${whenPaused(paused, resetsAt, locale)}`;
  }
  if (!ctx.online) return 'Rotor can’t be reached right now. It will be sent when you are back online.';
  const error = entry.lastError;
  if (error && isPauseKind(error.kind))
    return `The last attempt was refused: ${pauseClause({ kind: error.kind, message: '', retryAt: null }, quota)}. It is tried again in a moment.`;
  if (entry.retryStoppedUntil)
    return `${error ? `${error.message} ` : ''}Automatic retries stopped for today; the next one is ${formatMoment(entry.retryStoppedUntil, now, locale)}. Retry now sends it at once.`;
  if (entry.nextAttemptAt)
    return `${error ? `${error.message} ` : ''}Next attempt ${formatMoment(entry.nextAttemptAt, now, locale)}.`;
  return 'It goes to Rotor in a moment.';
}
