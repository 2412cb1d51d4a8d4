import { join } from 'node:path';
import {
  chooseSecretBackend,
  createCredentials,
  createInsecureFileBackend,
  createSafeStorageBackend,
  loadKeytarBackend,
} from '../credentials/index';
import type { Platform } from './platform';

/** The credentials store for this platform: the OS keychain first, then its fallback file. */
export function platformCredentials(platform: Platform) {
  const fallback = platform.fallbackSecrets;
  return createCredentials({
    backends: () =>
      chooseSecretBackend({
        keytar:
          platform.secretBackend === 'fallback-only'
            ? async () => ({ unavailable: 'the OS keychain is switched off for this run' })
            : loadKeytarBackend,
        fallback: () =>
          fallback.kind === 'safe-storage'
            ? createSafeStorageBackend({
                file: join(platform.dataDir, 'credentials.bin'),
                encrypt: fallback.encrypt,
                decrypt: fallback.decrypt,
              })
            : createInsecureFileBackend(join(platform.dataDir, 'credentials.json')),
      }),
  });
}
