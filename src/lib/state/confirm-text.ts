/**
 * What the confirmation dialogs say before something is discarded, a key is removed or another account
 * is opened. Each says what is true: a change that may have reached Rotor is not called "not sent", and
 * changes waiting for one account stay on this computer when another is opened.
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

export function removeKeyDialog(waiting: number, locale?: string): ConfirmOptions {
  return {
    title: 'Remove the API key?',
    message:
      waiting > 0
        ? `${formatCount(waiting, 'change', 'changes', locale)} not yet on Rotor stay on this computer and are sent when you connect this key again. Until then Rotor Desk does not sync.`
        : 'Rotor Desk stops syncing until you connect a key again.',
    confirmLabel: 'Remove key',
    danger: true,
  };
}

/** Before a new key replaces one with changes waiting: the new key may be another company's. */
export function replaceKeyDialog(waiting: number, label: string, locale?: string): ConfirmOptions {
  return {
    title: 'Connect a different key?',
    message: `${formatCount(waiting, 'change waits', 'changes wait', locale)} to be sent with ${label}. If the new key belongs to another Rotor company, ${waiting === 1 ? 'it stays' : 'they stay'} on this computer and ${waiting === 1 ? 'is' : 'are'} sent when you connect ${label} again.`,
    confirmLabel: 'Connect new key',
    cancelLabel: 'Keep current key',
  };
}

/** Before the demo opens while another account's changes wait. */
export function demoSwitchDialog(count: number, label: string, locale?: string): ConfirmOptions {
  return {
    title: 'Open the demo data?',
    message: `${leftBehindSentence(count, label, locale)} The demo keeps its own customers and changes apart from them.`,
    confirmLabel: 'Open demo',
    cancelLabel: 'Stay here',
  };
}

/**
 * Before the Rotor address changes. Waiting changes belong to the current address's account: they
 * stay in its cache on this computer, and a key for another server is removed with the change.
 */
export function changeAddressDialog(waiting: number, locale?: string): ConfirmOptions {
  const keys =
    'API keys are stored per server: if the new address is on another server, the stored key is removed and Rotor Desk asks for one.';
  const waitingText =
    waiting === 0
      ? 'No changes are waiting to be sent.'
      : `${formatCount(waiting, 'change waits', 'changes wait', locale)} to be sent with the current address’s account. ${waiting === 1 ? 'It is' : 'They are'} not sent to the new address: ${waiting === 1 ? 'it stays' : 'they stay'} on this computer and ${waiting === 1 ? 'is' : 'are'} sent when you change back and connect that account’s key again.`;
  return {
    title: 'Change the Rotor address?',
    message: `${waitingText} ${keys} Customers cached for the current address stay on this computer.`,
    confirmLabel: 'Change address',
    cancelLabel: 'Keep current address',
  };
}
