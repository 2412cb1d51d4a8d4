/**
 * Numbers and counts in the user's locale. `locale` is injectable so tests don't depend on the machine.
 */
import { numberFormat, pluralRules } from './intl';

export function formatNumber(value: number, locale?: string): string {
  return numberFormat(locale).format(value);
}

/** "1 customer", "1,234 customers": the plural form comes from the locale's rules, not `n === 1`. */
export function formatCount(value: number, singular: string, plural: string, locale?: string): string {
  const form = pluralRules(locale).select(value);
  return `${formatNumber(value, locale)} ${form === 'one' ? singular : plural}`;
}

/** "3 requests" — used wherever an action spends API quota, so the cost is always visible. */
export function formatRequests(value: number, locale?: string): string {
  return formatCount(value, 'request', 'requests', locale);
}

/** Whole percentage 0–100 for progress, clamped; null when the total is unknown. */
export function percent(done: number, total: number | null): number | null {
  if (total === null || total <= 0) return null;
  return Math.max(0, Math.min(100, Math.round((done / total) * 100)));
}
