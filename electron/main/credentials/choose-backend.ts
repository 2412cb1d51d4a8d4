import { AppFailure } from '@contract/result';
import type { KeychainBackend } from '@contract/state';
import type { Logger } from '../log/logger';
import { errorMessage } from './backend';
import type { ResolvedBackend, SecretBackend } from './backend';
import type { KeytarLoad } from './keytar-backend';

const WHERE: Record<Exclude<KeychainBackend, 'keychain'>, string> = {
  'safe-storage': 'the key is encrypted with the operating system’s app storage protection instead',
  'insecure-file': 'the key is stored unencrypted in a file only your user account can read',
  none: 'the key cannot be saved',
};

/** Used when nothing can hold a key: reads find nothing, saving says why. */
export function createUnavailableBackend(reason: string): SecretBackend {
  return {
    kind: 'none',
    get: async () => null,
    set: async () => {
      throw new AppFailure({ kind: 'keychain', message: `No secure place to store the key: ${reason}` });
    },
    delete: async () => false,
  };
}

/**
 * The one decision of where keys live: the OS keychain when keytar loads and a keychain answers,
 * otherwise the platform's fallback (safeStorage in Electron, a 0600 file in the browser host), otherwise
 * nowhere. The note tells the user why, since anything but the keychain is weaker.
 */
export async function chooseSecretBackend(options: {
  keytar: () => Promise<KeytarLoad>;
  fallback: ((reason: string) => SecretBackend | Promise<SecretBackend>) | null;
  log?: Logger;
}): Promise<ResolvedBackend> {
  let load: KeytarLoad;
  try {
    load = await options.keytar();
  } catch (error) {
    load = { unavailable: `keytar failed (${errorMessage(error)})` };
  }
  if ('backend' in load) return { backend: load.backend, note: null };

  let reason = load.unavailable;
  let backend: SecretBackend;
  try {
    backend = options.fallback ? await options.fallback(reason) : createUnavailableBackend(reason);
  } catch (error) {
    reason = `${reason}; the fallback failed too (${errorMessage(error)})`;
    backend = createUnavailableBackend(reason);
  }
  const note =
    backend.kind === 'keychain'
      ? null
      : `The system keychain is not available (${reason}), so ${WHERE[backend.kind]}.`;
  options.log?.warn(`Secrets backend: ${backend.kind} — ${reason}`);
  return { backend, note };
}
