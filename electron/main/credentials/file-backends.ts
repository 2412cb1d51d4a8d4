import type { Logger } from '../log/logger';
import type { SecretBackend } from './backend';
import { openSecretFile } from './secret-file';

export interface SafeStorageOptions {
  file: string;
  /** Electron's safeStorage.encryptString. */
  encrypt(plain: string): Buffer;
  /** Electron's safeStorage.decryptString. */
  decrypt(cipher: Buffer): string;
  log?: Logger;
}

/** Electron fallback: the file holds only ciphertext that the OS-protected safeStorage key opens. */
export function createSafeStorageBackend(options: SafeStorageOptions): SecretBackend {
  const file = openSecretFile(options.file, options.log);
  return {
    kind: 'safe-storage',
    async get(account) {
      const cipher = (await file.read()).get(account);
      if (cipher === undefined) return null;
      try {
        return options.decrypt(Buffer.from(cipher, 'base64'));
      } catch {
        // The OS key changed (new login keyring, copied profile): the entry is lost, not fatal.
        options.log?.warn(`Stored key for ${account} can no longer be decrypted; it must be entered again`);
        return null;
      }
    },
    async set(account, secret) {
      const cipher = options.encrypt(secret).toString('base64');
      await file.update((entries) => {
        entries.set(account, cipher);
      });
    },
    delete: (account) => file.update((entries) => entries.delete(account)),
  };
}

/**
 * Browser-host fallback when no keychain answers: plain text in a file only this user can read.
 * Its kind is `insecure-file` so the UI says so.
 */
export function createInsecureFileBackend(path: string, log?: Logger): SecretBackend {
  const file = openSecretFile(path, log);
  return {
    kind: 'insecure-file',
    get: async (account) => (await file.read()).get(account) ?? null,
    set: (account, secret) =>
      file.update((entries) => {
        entries.set(account, secret);
      }),
    delete: (account) => file.update((entries) => entries.delete(account)),
  };
}
