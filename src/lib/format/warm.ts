/**
 * Builds the Intl formatters the first screen uses (counts, "synced 5 minutes ago", its tooltip, the
 * quota's reset time) before it renders. The first of each kind loads its locale data: ~30 ms for the set
 * here, four times that on a slow CPU, all of it inside the one long task that draws the first rows. At
 * start the page has that time free while main answers and IndexedDB opens (bench, issue 12).
 */
import { formatCount } from './number';
import { formatDateTime, formatMoment, relativeTime } from './time';

export function warmFormats(now: number = Date.now()): void {
  formatCount(1, 'customer', 'customers');
  relativeTime(now, now);
  formatDateTime(now);
  formatMoment(now, now);
}
