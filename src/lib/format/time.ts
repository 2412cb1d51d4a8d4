/**
 * Relative and absolute times in the user's locale. `now` is always passed in so callers (and tests)
 * control the clock.
 */
import { dateTimeFormat, relativeTimeFormat } from './intl';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** Under this many seconds either way the answer is "now": second-precision reads as jitter. */
const NOW_WINDOW_S = 10;

function toMs(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/** "5 minutes ago", "in 2 hours", "yesterday", "now"; `fallback` when the time is missing or invalid. */
export function relativeTime(
  value: string | number | null | undefined,
  now: number,
  locale?: string,
  fallback = 'never',
): string {
  const ms = toMs(value);
  if (ms === null) return fallback;
  const rtf = relativeTimeFormat(locale, { numeric: 'auto' });
  const diffS = (ms - now) / 1000;
  if (Math.abs(diffS) < NOW_WINDOW_S) return rtf.format(0, 'second');
  for (const [unit, size] of UNITS) {
    if (Math.abs(diffS) >= size || unit === 'second') {
      return rtf.format(Math.trunc(diffS / size), unit);
    }
  }
  return rtf.format(0, 'second');
}

/** Full local date and time, e.g. "12 Mar 2025, 14:05"; `fallback` when missing or invalid. */
export function formatDateTime(
  value: string | number | null | undefined,
  locale?: string,
  fallback = '—',
): string {
  const ms = toMs(value);
  if (ms === null) return fallback;
  return dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** Date only, e.g. "12 Mar 2025". */
export function formatDate(
  value: string | number | null | undefined,
  locale?: string,
  fallback = '—',
): string {
  const ms = toMs(value);
  if (ms === null) return fallback;
  return dateTimeFormat(locale, { dateStyle: 'medium' }).format(ms);
}

/**
 * A moment in the near future, as short as is unambiguous: the time alone when it is today, date and
 * time otherwise (quota resets land on another day for most time zones).
 */
export function formatMoment(
  value: string | number | null | undefined,
  now: number,
  locale?: string,
  fallback = '—',
): string {
  const ms = toMs(value);
  if (ms === null) return fallback;
  const sameDay = new Date(ms).toDateString() === new Date(now).toDateString();
  return sameDay
    ? dateTimeFormat(locale, { timeStyle: 'short' }).format(ms)
    : dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** An interval in whole hours as a schedule reads: "Every hour", "Every 6 hours", "Every day", "Every week". */
export function everyHours(h: number): string {
  if (h === 168) return 'Every week';
  if (h % 24 === 0) return h === 24 ? 'Every day' : `Every ${h / 24} days`;
  return h === 1 ? 'Every hour' : `Every ${h} hours`;
}
