/** The list footer's selection line: "3 selected", and what the last search or filter change unselected. */
import { formatNumber } from '$lib/format/number';

export function selectionText(
  count: number,
  dropped: number,
  locale?: string,
): { count: string; dropped: string } {
  return {
    count: count === 0 ? 'None selected' : `${formatNumber(count, locale)} selected`,
    dropped:
      dropped === 0
        ? ''
        : `${formatNumber(dropped, locale)} no longer in the list ${dropped === 1 ? 'was' : 'were'} unselected`,
  };
}
