import { describe, expect, it, vi } from 'vitest';
import { fallbackSecrets } from '../../../electron/main/credentials/safe-storage-fallback';

function safeStorage(available: boolean, backend?: string) {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: vi.fn(() => backend ?? 'unknown'),
    encryptString: vi.fn((plain: string) => Buffer.from(`enc:${plain}`)),
    decryptString: vi.fn((cipher: Buffer) => cipher.toString().replace(/^enc:/, '')),
  };
}

describe('fallbackSecrets', () => {
  it('uses the insecure file when safeStorage cannot encrypt', () => {
    expect(fallbackSecrets(safeStorage(false), 'darwin')).toEqual({ kind: 'insecure-file' });
  });

  it.each(['basic_text', 'unknown'])(
    'does not call Linux %s backend "safe storage": it is a fixed password',
    (b) => {
      expect(fallbackSecrets(safeStorage(true, b), 'linux')).toEqual({ kind: 'insecure-file' });
    },
  );

  it.each([
    ['linux', 'gnome_libsecret'],
    ['linux', 'kwallet5'],
    ['darwin', undefined],
    ['win32', undefined],
  ] as const)('uses safeStorage on %s (%s)', (platform, backend) => {
    const safe = safeStorage(true, backend);
    const fallback = fallbackSecrets(safe, platform);
    if (fallback.kind !== 'safe-storage') throw new Error('expected safe-storage');
    const cipher = fallback.encrypt('rk_secret_value');
    expect(safe.encryptString).toHaveBeenCalledWith('rk_secret_value');
    expect(fallback.decrypt(cipher)).toBe('rk_secret_value');
    if (platform !== 'linux') expect(safe.getSelectedStorageBackend).not.toHaveBeenCalled();
  });
});
