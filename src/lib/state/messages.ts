/**
 * What to tell the user about an AppError: short, specific, and saying what happens next.
 * Server-provided text is only ever shown as text.
 */
import type { AppError } from '@contract/result';

export function errorMessage(error: AppError): string {
  switch (error.kind) {
    case 'network':
      return 'No connection to Rotor. Your changes are kept and will be sent when you are back online.';
    case 'timeout':
      return 'Rotor took too long to answer. Your changes are kept; try again in a moment.';
    case 'auth':
      return 'Rotor did not accept the API key. Replace it in Settings.';
    case 'forbidden':
      return error.missingScope
        ? `The API key is missing the “${error.missingScope}” permission. Create a key with customer access in Rotor.`
        : 'The API key is not allowed to do this. Create a key with customer access in Rotor.';
    case 'not_found':
      return 'Rotor no longer has this customer.';
    case 'validation':
      return error.fields?.length
        ? 'Rotor rejected some fields. Fix them and save again.'
        : error.message || 'Rotor rejected this change.';
    case 'quota':
      return 'Today’s 1,000 API requests are used up. Changes wait until the daily limit resets.';
    case 'server':
      return 'Rotor had a problem on its side. It will be tried again automatically.';
    case 'bad_response':
      return 'Rotor sent an answer Rotor Desk could not read. It will be tried again.';
    case 'not_configured':
      return 'No API key is set up. Add one in Settings.';
    case 'keychain':
      return 'The key could not be read from or saved to this computer’s keychain.';
    case 'cancelled':
      return 'Cancelled.';
    default:
      return error.message || 'Something went wrong.';
  }
}

/** Messages for the Connect step, where the user can act on each cause directly. */
export function connectErrorMessage(error: AppError): string {
  switch (error.kind) {
    case 'auth':
      return 'Rotor did not accept this key. Check that you copied the whole key, or create a new one in Rotor.';
    case 'forbidden':
      return error.missingScope
        ? `This key is missing the “${error.missingScope}” permission. Create a key that includes customer access.`
        : 'This key does not have customer access. Create a key that includes the customers permission.';
    case 'network':
    case 'timeout':
      return 'Could not reach Rotor. Check your internet connection and try again — or try the demo data meanwhile.';
    case 'invalid_argument':
      return 'That does not look like a Rotor API key. Paste the whole key.';
    case 'quota':
      return 'This key has used today’s 1,000 API requests. Try again after the daily reset.';
    default:
      return errorMessage(error);
  }
}

/** A key that connects but can't read or write customers is an error for this app. */
export function missingScopesMessage(missing: string[]): string {
  return `This key is missing ${missing.length === 1 ? 'the permission' : 'the permissions'} ${missing
    .map((s) => `“${s}”`)
    .join(', ')}. Create a key that includes customer access.`;
}
