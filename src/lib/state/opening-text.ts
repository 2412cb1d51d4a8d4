/**
 * What the opening screen says while an account's cache is read: the count read of the total, then
 * the search being prepared, so a large book's wait is explained rather than a bare "Opening…".
 */
import type { LoadProgress } from '$lib/data/store/read-rows';
import { formatCount, formatNumber } from '$lib/format/number';

export function openingText(progress: LoadProgress | null, locale?: string): string {
  if (!progress || progress.total === 0) return 'Opening your customers…';
  const all = formatCount(progress.total, 'customer', 'customers', locale);
  if (progress.stage === 'indexing') return `Preparing search for ${all}…`;
  return `Opening ${all}… ${formatNumber(progress.read, locale)} read`;
}
