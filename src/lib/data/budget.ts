/**
 * The renderer's spending rules: how much of the day's budget each kind of work may use and how often
 * a failing one may try again. Whether the budget is spent at all is main's decision (QuotaState);
 * these rules only decide how the data layer spends what main says is left.
 */

/** Requests kept back from automatic work (refreshes, pre-send checks) so edits can still be sent today. */
export const EDIT_RESERVE = 100;

/** Replay backoff after a transient failure: 1 s doubling per attempt up to 5 min, with jitter. */
export const REPLAY_BACKOFF_BASE_MS = 1000;
export const REPLAY_BACKOFF_MAX_MS = 5 * 60 * 1000;

/**
 * Automatic attempts one entry may make per UTC day before it waits for the next day (or Retry now):
 * about 9 attempts in the first 9 minutes of backoff, then 5-minutely for about an hour and a quarter.
 */
export const MAX_AUTO_ATTEMPTS_PER_DAY = 24;

/** Automatic refresh after a failure: 5 min doubling to 6 h; at most this many failures a UTC day. */
export const REFRESH_BACKOFF_BASE_MS = 5 * 60 * 1000;
export const REFRESH_BACKOFF_MAX_MS = 6 * 3_600_000;
export const MAX_AUTO_REFRESH_FAILURES_PER_DAY = 4;

/** Delay before attempt `attempts + 1`, after `attempts` failures: 1 s, 2 s, 4 s … capped at 5 min. */
export function backoffMs(attempts: number, random: () => number): number {
  const full = Math.min(REPLAY_BACKOFF_MAX_MS, REPLAY_BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(full / 2 + (random() * full) / 2);
}

/** Delay before the next automatic refresh after `failures` failed ones in a row. */
export function refreshBackoffMs(failures: number): number {
  return Math.min(REFRESH_BACKOFF_MAX_MS, REFRESH_BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
}
