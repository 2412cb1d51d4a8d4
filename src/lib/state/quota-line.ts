/**
 * The footer's quota line: whose count it is (this computer's requests with this key today, UTC) and,
 * once the day is spent, who said so. Main decides `exhausted`; when this computer sent fewer than the
 * limit, Rotor reported it (a 429: others use the same key), so the line says that instead of showing
 * "27 / 1,000 · limit reached", which reads as a contradiction.
 */
import type { QuotaState } from '@contract/state';
import { formatNumber } from '$lib/format/number';
import { dateTimeFormat } from '$lib/format/intl';
import { resetMoment } from './pause';

export interface QuotaLine {
  /** At 1280 px and wider. */
  wide: string;
  /** At 1024 px. */
  narrow: string;
  /** The hover text: what the count is, and when it resets while spent. */
  title: string;
}

function resetTime(resetsAt: string, locale?: string): string {
  const ms = Date.parse(resetsAt);
  return Number.isFinite(ms) ? dateTimeFormat(locale, { timeStyle: 'short' }).format(ms) : '00:00 UTC';
}

export function quotaLine(q: QuotaState, locale?: string): QuotaLine {
  const used = formatNumber(q.usedToday, locale);
  const limit = formatNumber(q.dailyLimit, locale);
  const whose =
    'Requests this computer sent to Rotor today (UTC day) with this key. Others using the same key count toward Rotor’s limit too.';
  if (!q.exhausted) {
    return {
      wide: `This computer: ${used} of ${limit} today`,
      narrow: `This computer: ${used} of ${limit}`,
      title: whose,
    };
  }
  // The next 00:00 UTC is always within a day: the time alone is unambiguous, and short.
  const resets = resetTime(q.resetsAt, locale);
  const title = `${whose} Sending resumes at ${resetMoment(q.resetsAt, locale)}.`;
  if (q.usedToday < q.dailyLimit) {
    return {
      wide: `Rotor: limit reached, resumes ${resets} · this computer sent ${used}`,
      narrow: 'Rotor: limit reached',
      title,
    };
  }
  return {
    wide: `This computer: ${used} of ${limit} · limit reached, resumes ${resets}`,
    narrow: `Limit reached (${used})`,
    title,
  };
}
