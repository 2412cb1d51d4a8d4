import { AppFailure } from '@contract/result';
import type { KeychainBackend } from '@contract/state';
import type { Logger } from '../log/logger';
import { errorMessage } from './backend';
import type { ResolvedBackend, SecretBackend } from './backend';
import type { KeytarLoad } from './keytar-backend';

/** What the OS keychain is called where the user would look for it. */
function keychainName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'The macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Your system’s keychain (Secret Service)';
}

/** What the fallback means for the key, in the user's words; the technical reason goes to the log. */
const MEANING: Record<Exclude<KeychainBackend, 'keychain'>, string> = {
  'safe-storage':
    'so the key is stored encrypted in your Rotor Desk profile instead. Only your user account on this computer can open it.',
  'insecure-file':
    'so the key is stored unencrypted in a file in your Rotor Desk profile: anyone with access to your user account or its backups could read it. Set up or unlock a keychain and restart Rotor Desk to protect it.',
  none: 'and there is no other safe place, so Rotor Desk cannot save your API key on this computer.',
};

/** The user-facing note for a fallback backend: why the keychain is not used and what that means. */
export function fallbackNote(kind: Exclude<KeychainBackend, 'keychain'>, platform: NodeJS.Platform): string {
  return `${keychainName(platform)} isn’t available, ${MEANING[kind]}`;
}

/** Used when nothing can hold a key: reads find nothing, saving says why (the reason is in the log). */
export function createUnavailableBackend(reason: string, log?: Logger): SecretBackend {
  return {
    kind: 'none',
    get: async () => null,
    set: async () => {
      log?.warn(`Cannot save the key: ${reason}`);
      throw new AppFailure({
        kind: 'keychain',
        message:
          'Rotor Desk cannot save your API key: this computer has no keychain or other safe place for it.',
      });
    },
    delete: async () => false,
  };
}

/**
 * The one decision of where keys live: the OS keychain when keytar loads and a keychain answers,
 * otherwise the platform's fallback (safeStorage in Electron, a 0600 file in the browser host), otherwise
 * nowhere. The note tells the user, in plain words, what that means, since anything but the keychain is weaker.
 */
export async function chooseSecretBackend(options: {
  keytar: () => Promise<KeytarLoad>;
  fallback: ((reason: string) => SecretBackend | Promise<SecretBackend>) | null;
  log?: Logger;
  /** Names the keychain the way the user knows it (default: this process's platform). */
  platform?: NodeJS.Platform;
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
    backend = options.fallback
      ? await options.fallback(reason)
      : createUnavailableBackend(reason, options.log);
  } catch (error) {
    reason = `${reason}; the fallback failed too (${errorMessage(error)})`;
    backend = createUnavailableBackend(reason, options.log);
  }
  // The reason (a D-Bus error, a missing library) helps support, not the user: it stays in the log.
  const note =
    backend.kind === 'keychain' ? null : fallbackNote(backend.kind, options.platform ?? process.platform);
  options.log?.warn(`Secrets backend: ${backend.kind} — ${reason}`);
  return { backend, note };
}
