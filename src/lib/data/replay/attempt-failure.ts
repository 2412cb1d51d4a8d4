/**
 * What a failed attempt does to its outbox entry and to the queue. Pure: replay.ts writes the result.
 *
 * - validation (Rotor's or ours): the entry is `failed` with the field messages until the user edits
 *   or discards;
 * - not_found on an update: `failed`, "deleted in Rotor": recreate as new, or discard;
 * - auth / forbidden / not_configured / keychain: the whole queue pauses until the key is fixed;
 * - account: the key now in use belongs to another account; the queue pauses until this one's key is back;
 * - quota: the whole queue pauses until main says the budget is back (reset or a successful probe);
 * - rate_limited (a 429 that is not the daily quota): this entry waits until Rotor's `retryAt`;
 * - anything else (network, timeout, 5xx, unreadable answer, no answer from main): backoff, and when the
 *   attempt was a write it may have reached Rotor, so the entry becomes `ambiguous` (see adopt.ts).
 * Transient failures are budgeted: after MAX_AUTO_ATTEMPTS_PER_DAY automatic attempts in one UTC day
 * the entry waits for the next day (or the user's Retry now), and says so (`retryStoppedUntil`).
 */
import type { AppError } from '@contract/result';
import type { PausedReason } from '../types';
import { backoffMs, MAX_AUTO_ATTEMPTS_PER_DAY } from '../budget';
import type { StoredEntry } from '../db/schema';
import { quotaPause } from './pause';

export interface FailureContext {
  now: number;
  random: () => number;
  /** Main's `QuotaState.resetsAt`: names the current UTC day and when the next one starts. */
  resetsAt: string;
  /** The failed request was the upsert itself (not a read before it), so it may have reached Rotor. */
  wrote: boolean;
}

const KEY_PAUSES = new Set(['auth', 'forbidden', 'not_configured', 'keychain']);

export const DELETED_IN_ROTOR =
  'This customer was deleted in Rotor. Recreate it as a new customer, or discard the change.';

export function applyFailure(
  entry: StoredEntry,
  error: AppError,
  ctx: FailureContext,
): { next: StoredEntry; pause: PausedReason | null } {
  const next: StoredEntry = { ...entry, state: 'pending', updatedAt: new Date(ctx.now).toISOString() };
  if (error.kind === 'validation' || error.kind === 'invalid_argument') {
    return {
      next: { ...next, state: 'failed', lastError: error, attempts: entry.attempts + 1 },
      pause: null,
    };
  }
  if (error.kind === 'not_found' && entry.kind === 'update') {
    const lastError = { ...error, message: DELETED_IN_ROTOR };
    return { next: { ...next, state: 'failed', attempts: entry.attempts + 1, lastError }, pause: null };
  }
  if (KEY_PAUSES.has(error.kind)) {
    const kind = error.kind === 'forbidden' ? 'forbidden' : error.kind === 'auth' ? 'auth' : 'not_configured';
    const message =
      kind === 'forbidden'
        ? `Rotor refused the change: the API key lacks a permission${error.missingScope ? ` (${error.missingScope})` : ''}. Changes wait until the key is fixed.`
        : 'Rotor did not accept the API key. Changes wait until the key is fixed in Settings.';
    return { next: { ...next, lastError: error }, pause: { kind, message, retryAt: null } };
  }
  if (error.kind === 'account') {
    const message =
      'Another Rotor account is connected now. These changes wait on this computer until this account’s key is connected again.';
    return { next, pause: { kind: 'account', message, retryAt: null } };
  }
  if (error.kind === 'quota') return { next: { ...next, lastError: error }, pause: quotaPause(ctx.resetsAt) };
  return { next: backoff(next, error, ctx), pause: null };
}

function backoff(next: StoredEntry, error: AppError, ctx: FailureContext): StoredEntry {
  const sameDay = next.attemptDay === ctx.resetsAt;
  const dayAttempts = (sameDay ? (next.dayAttempts ?? 0) : 0) + 1;
  const attempts = next.attempts + 1;
  let wait = ctx.now + backoffMs(attempts, ctx.random);
  // Rotor said when: a burst limit's Retry-After (nothing was processed, so nothing is ambiguous).
  if (error.retryAt) wait = Math.max(wait, Date.parse(error.retryAt));
  const stopped = dayAttempts >= MAX_AUTO_ATTEMPTS_PER_DAY;
  return {
    ...next,
    attempts,
    dayAttempts,
    attemptDay: ctx.resetsAt,
    lastError: error,
    nextAttemptAt: new Date(stopped ? Math.max(wait, Date.parse(ctx.resetsAt)) : wait).toISOString(),
    retryStoppedUntil: stopped ? ctx.resetsAt : null,
    // Unless Rotor refused it, a write may have reached Rotor: a lost answer, a 5xx after the write, a
    // main process that died before answering. The entry then stays exactly as sent: later edits queue
    // behind it (outbox.ts) and a create without phone or email searches before it is sent again.
    ambiguous: next.ambiguous || (ctx.wrote && error.kind !== 'rate_limited'),
  };
}
