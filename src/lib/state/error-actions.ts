/**
 * What the user can do about an AppError. The words are the error's own `message`, written where the
 * error was made (main for Rotor, the keychain and the contract; the data layer for a refused save) and
 * shown as is: this module adds no second wording, it only says which way out each kind has.
 */
import type { AppError, ErrorKind } from '@contract/result';

export type ErrorAction =
  /** Transient: the same request may succeed later (the outbox and the refresh do this by themselves). */
  | 'retry'
  /** Ends by itself at `retryAt` (the daily quota, a burst limit). */
  | 'wait'
  /** The key is rejected, lacks a permission or is missing: replace it in Settings. */
  | 'replace_key'
  /** A setting is wrong (the API address): open Settings. */
  | 'open_settings'
  /** Some values were refused: fix the marked fields and save again. */
  | 'fix_fields'
  /** Rotor no longer has the customer: send it as a new one, or discard the change. */
  | 'recreate'
  /** The changes belong to another account: connect that account's key again. */
  | 'switch_account'
  /** Nothing the user can fix here; the details are in main's log. */
  | 'report'
  | 'none';

export function errorAction(error: Pick<AppError, 'kind' | 'retryable'>): ErrorAction {
  const kind: ErrorKind = error.kind;
  switch (kind) {
    case 'network':
    case 'timeout':
    case 'server':
    case 'keychain':
    case 'storage':
      return 'retry';
    case 'quota':
    case 'rate_limited':
      return 'wait';
    case 'auth':
    case 'forbidden':
    case 'not_configured':
      return 'replace_key';
    case 'settings':
      return 'open_settings';
    case 'validation':
    case 'invalid_argument':
    case 'tag_removal':
      return 'fix_fields';
    case 'not_found':
      return 'recreate';
    case 'account':
      return 'switch_account';
    case 'bad_response':
    case 'internal':
      return error.retryable ? 'retry' : 'report';
    case 'unknown_channel':
      return 'report';
    case 'file':
      // The message says what happened; saving again is the user's to start.
      return 'none';
    case 'cancelled':
      return 'none';
    default:
      return unreachable(kind);
  }
}

/** TypeScript fails the build here when a kind is added to the contract and not to the switch above. */
function unreachable(kind: never): never {
  throw new Error(`No action for error kind ${String(kind)}`);
}

/**
 * What the Connect step adds to main's message. Main knows it is checking a new key, but not that this
 * screen also offers the demo or that the key was pasted by hand.
 */
export function connectHint(error: Pick<AppError, 'kind'>): string | null {
  switch (error.kind) {
    case 'network':
    case 'timeout':
      return 'You can try the demo data meanwhile.';
    case 'invalid_argument':
      return 'That does not look like a Rotor API key: paste the whole key.';
    default:
      return null;
  }
}
