/**
 * What the app says while an account's cache is read into memory: on the opening screen until the
 * first screen of customers is in, then in the list's count line while the rest loads.
 */
import type { LoadProgress } from '$lib/data/store/read-rows';
import { formatCount, formatNumber } from '$lib/format/number';

export function openingText(progress: LoadProgress | null, locale?: string): string {
  if (!progress || progress.total === 0) return 'Opening your customers…';
  const all = formatCount(progress.total, 'customer', 'customers', locale);
  return `Opening ${all}… ${formatNumber(progress.read, locale)} read`;
}
