/**
 * The cost "Sync now" shows before it spends anything: the refresh's pages, plus sending what waits
 * with the reads of Rotor's copy that guard each edit against overwriting a colleague's change.
 */
import { formatCount, formatNumber, formatRequests } from '$lib/format/number';

export interface SyncCost {
  /** "Sync now · 3 requests" */
  label: string;
  /**
   * "+ 5 to send 4 changes" and "(checks included)", shown beside the button on two short lines so the
   * status bar still fits at 1024 px; null when nothing would be sent.
   */
  extra: { amount: string; note: string } | null;
  /** The whole sum in one sentence, for the button's accessible description and tooltip. */
  detail: string;
}

/**
 * `waiting` is the number of changes a send would try now (pending ones; failed and conflicted changes
 * wait for the user), `send` the store's sendCost() for them; nothing is added while sending is paused.
 */
export function syncCost(
  refresh: number,
  send: number,
  waiting: number,
  paused: boolean,
  locale?: string,
): SyncCost {
  const label = `Sync now · ${formatRequests(refresh, locale)}`;
  const refreshPart = `${formatRequests(refresh, locale)} to refresh every customer`;
  if (paused || waiting === 0 || send === 0) return { label, extra: null, detail: `${refreshPart}.` };
  const changes = formatCount(waiting, 'change', 'changes', locale);
  return {
    label,
    extra: { amount: `+ ${formatNumber(send, locale)} to send ${changes}`, note: '(checks included)' },
    detail: `${formatRequests(refresh + send, locale)} in all: ${refreshPart}, and ${formatNumber(send, locale)} to send ${changes}, including reading Rotor’s copy first where it may have changed.`,
  };
}
