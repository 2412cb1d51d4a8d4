/**
 * What Settings and Setup ask before the account changes: removing or replacing the key, opening the
 * demo, changing Rotor's address. Apart from confirm-text.ts so that only those screens' chunks carry
 * them (the window's start-up script stays under its budget, issue 12). Each says what happens to the
 * changes waiting to be sent.
 */
import { formatCount } from '$lib/format/number';
import { leftBehindSentence } from './confirm-text';
import type { ConfirmOptions } from './dialogs.svelte';

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
