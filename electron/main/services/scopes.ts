/**
 * What Rotor Desk needs of a key's scopes, decided once: without customer read it cannot work (the key
 * is refused at Connect); without write it connects, and edits are said to fail before they are made.
 * A key that reports no scopes at all is taken as unrestricted.
 */
import { AppFailure } from '@contract/result';

const READ_SCOPE = 'customers:read';
const WRITE_SCOPE = 'customers:write';

/** Refuses a key that cannot read customers. */
export function requireReadScope(scopes: readonly string[]): void {
  if (scopes.length > 0 && !scopes.includes(READ_SCOPE)) {
    throw new AppFailure({
      kind: 'forbidden',
      message: `This key works, but it lacks the '${READ_SCOPE}' scope Rotor Desk needs. Create a key with customer access in Rotor.`,
      missingScope: READ_SCOPE,
    });
  }
}

/** The scopes a connected key lacks for editing (shown at Connect). */
export function missingWriteScopes(scopes: readonly string[]): string[] {
  return scopes.length > 0 && !scopes.includes(WRITE_SCOPE) ? [WRITE_SCOPE] : [];
}
