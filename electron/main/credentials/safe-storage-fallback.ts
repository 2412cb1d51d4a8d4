import type { Platform } from '../services/platform';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Linux backends where safeStorage does not really encrypt (a fixed, public password). */
const WEAK_LINUX_BACKENDS = new Set(['basic_text', 'unknown']);

/**
 * The fallback for when no OS keychain answers. safeStorage counts only where it really encrypts: on
 * Linux without a keyring it uses a hard-coded password, and calling that "safe storage" in the UI
 * would be a lie — the file fallback is flagged insecure, which is the truth.
 * Must be called after `app` is ready (before, safeStorage reports itself unavailable).
 */
export function fallbackSecrets(
  safe: SafeStorageLike,
  platform: NodeJS.Platform,
): Platform['fallbackSecrets'] {
  if (!safe.isEncryptionAvailable()) return { kind: 'insecure-file' };
  if (platform === 'linux' && WEAK_LINUX_BACKENDS.has(safe.getSelectedStorageBackend?.() ?? 'unknown')) {
    return { kind: 'insecure-file' };
  }
  return {
    kind: 'safe-storage',
    encrypt: (plain) => safe.encryptString(plain),
    decrypt: (cipher) => safe.decryptString(cipher),
  };
}
