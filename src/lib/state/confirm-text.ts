/**
 * What the confirmation dialogs say before a change is discarded, and what a switch of account leaves
 * behind. Each says what is true: a change that may have reached Rotor is not called "not sent", and
 * changes waiting for one account stay on this computer when another is opened. The account screens'
 * own confirmations are in account-confirm-text.ts, which only Settings and Setup load.
 */
import type { ErrorKind } from '@contract/result';
import type { OutboxEntry } from '$lib/data/types';
import { formatCount } from '$lib/format/number';
import type { ConfirmOptions } from './dialogs.svelte';

/** Errors after which Rotor may have applied the request anyway (no answer, or no readable one). */
const UNCLEAR: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['network', 'timeout', 'server', 'bad_response']);

/** Whether Rotor may already have this change: it was sent at least once, or its last answer was unclear. */
export function mayBeInRotor(entry: Pick<OutboxEntry, 'attempts' | 'lastError'>): boolean {
  return entry.attempts > 0 || (entry.lastError !== null && UNCLEAR.has(entry.lastError.kind));
}

export function discardDialog(
  entry: Pick<OutboxEntry, 'kind' | 'attempts' | 'lastError'>,
  name: string,
): ConfirmOptions {
  const maybeSent = mayBeInRotor(entry);
  const create = entry.kind === 'create';
  let message: string;
  if (create && maybeSent)
    message = `${name} may already be in Rotor: it was sent before and Rotor’s answer did not arrive or could not be read. Discarding only removes it from this computer; if Rotor has it, it stays there and comes back at the next sync.`;
  else if (create)
    message = `${name} has not been sent to Rotor yet. Discarding removes it from this computer. This cannot be undone.`;
  else if (maybeSent)
    message = `Your change to ${name} may already be in Rotor: it was sent before and Rotor’s answer did not arrive or could not be read. Discarding only removes it from this computer; the next sync shows whatever Rotor has.`;
  else
    message = `Your change to ${name} will be removed and the customer goes back to Rotor’s values. This cannot be undone.`;
  return {
    title: create ? 'Discard this new customer?' : 'Discard this change?',
    message,
    confirmLabel: 'Discard change',
    cancelLabel: 'Keep change',
    danger: true,
  };
}

/** "4 changes for the key ending in …abcd stay on this computer and are sent when you connect that key again." */
export function leftBehindSentence(count: number, label: string, locale?: string): string {
  return `${formatCount(count, 'change', 'changes', locale)} for ${label} stay on this computer and are sent when you connect that key again.`;
}
