import type { AppError } from '@contract/result';

/** Reads are tried at most this many times in all (the first try and two retries). */
export const READ_ATTEMPTS = 3;
/** A failed read's retries within one call: 0.5 s doubling to 8 s, full jitter (see backoffDelay). */
export const READ_RETRY_BASE_MS = 500;
export const READ_RETRY_MAX_MS = 8_000;
/** A longer Retry-After is shortened to this: the user is waiting, and the outbox retries later anyway. */
export const RETRY_AFTER_CAP_MS = 60_000;
/** A 429 that is not the daily quota, without Retry-After, is tried again after this. */
export const RATE_LIMIT_DEFAULT_MS = 30_000;
/** And never later than this, whatever Retry-After says: it is a burst limit, not the day's budget. */
export const RATE_LIMIT_CAP_MS = 15 * 60_000;

/**
 * Transient failures a read may repeat: transport errors, timeouts (own or a 408) and 5xx. Never the daily
 * quota's 429: asking again only spends more. (A burst-limit 429 is retried apart, honouring Retry-After.)
 */
export function isRetryableRead(error: AppError): boolean {
  return error.kind === 'network' || error.kind === 'timeout' || error.kind === 'server';
}

/** Exponential backoff with full jitter: a uniform delay in [0, base·2^(retry-1)), capped. */
export function backoffDelay(retry: number, random: () => number): number {
  const ceiling = Math.min(READ_RETRY_MAX_MS, READ_RETRY_BASE_MS * 2 ** Math.max(0, retry - 1));
  return Math.floor(Math.min(Math.max(random(), 0), 1) * ceiling);
}

/**
 * Retry-After as delay-seconds or an HTTP date, in milliseconds from `now`, capped; undefined when absent or
 * unreadable.
 */
export function parseRetryAfter(
  value: string | null,
  now: number,
  cap: number = RETRY_AFTER_CAP_MS,
): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  let ms: number;
  if (/^\d+$/.test(trimmed)) {
    ms = Number(trimmed) * 1000;
  } else {
    // An HTTP date always names its weekday or month; this keeps "-5" from parsing as the year -5.
    if (!/[A-Za-z]/.test(trimmed)) return undefined;
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(Math.max(ms, 0), cap);
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
