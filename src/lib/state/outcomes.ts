/**
 * Toasts for what the data layer reports: how a Sync now ended, and the notices it sends as things
 * happen (a create merged into a customer Rotor had, an edit sent unchecked, a conflict found first,
 * the part that sends not loaded).
 * "Sync complete" is said only after a pass that completed. An error's words are its own message.
 */
import type { DataNotice, RefreshOutcome } from '$lib/data/types';
import { formatCount } from '$lib/format/number';
import type { Tone } from './notify';

export interface Toast {
  message: string;
  tone: Tone;
}

export function refreshToast(outcome: RefreshOutcome, locale?: string): Toast {
  switch (outcome.kind) {
    case 'completed': {
      const done = `Sync complete — ${formatCount(outcome.customers, 'customer', 'customers', locale)}`;
      if (outcome.skipped === 0) return { message: done, tone: 'success' };
      const left = formatCount(outcome.skipped, 'record', 'records', locale);
      return {
        message: `${done}. ${left} from Rotor could not be read and ${outcome.skipped === 1 ? 'was' : 'were'} left out.`,
        tone: 'warning',
      };
    }
    case 'held':
      return {
        message:
          'Another Rotor Desk window is already refreshing these customers; this one shows them as they arrive.',
        tone: 'info',
      };
    case 'blocked':
      return { message: `Sync did not start: ${outcome.error.message}`, tone: 'warning' };
    case 'failed':
      return { message: `Sync failed: ${outcome.error.message}`, tone: 'error' };
  }
}

export function noticeToast(notice: DataNotice): Toast {
  if (notice.kind === 'not_loaded')
    return { message: `Your changes were not sent: ${notice.message}`, tone: 'error' };
  const name = notice.name.trim() || 'the customer';
  switch (notice.kind) {
    case 'matched_existing':
      return {
        message: `Rotor already had ${name} (matched by phone or email): your new customer was merged into it.`,
        tone: 'info',
      };
    case 'sent_unchecked':
      return {
        message: `Your change to ${name} was sent without first reading Rotor’s copy, to save today’s last API requests: a colleague’s newer value may have been replaced.`,
        tone: 'warning',
      };
    case 'conflict_before_send':
      return {
        message: `Rotor’s copy of ${name} changed since you edited it, so your change was not sent: choose which values to keep in Pending changes.`,
        tone: 'warning',
      };
  }
}
