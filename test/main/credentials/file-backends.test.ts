import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createInsecureFileBackend,
  createSafeStorageBackend,
} from '../../../electron/main/credentials/file-backends';
import type { Logger } from '../../../electron/main/log/logger';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rotor-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ORIGIN_A = 'https://api.getrotor.com';
const ORIGIN_B = 'http://127.0.0.1:4010';

function recordingLog(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info: () => {}, error: () => {}, warn: (m) => warnings.push(m) };
}

// A reversible stand-in for safeStorage that makes ciphertext visibly different from the plain text.
const fakeSafeStorage = {
  encrypt: (plain: string) => Buffer.from(`enc:${[...plain].reverse().join('')}`),
  decrypt: (cipher: Buffer) => {
    const text = cipher.toString();
    if (!text.startsWith('enc:')) throw new Error('bad cipher');
    return [...text.slice(4)].reverse().join('');
  },
};

const variants = [
  {
    name: 'insecure file',
    kind: 'insecure-file',
    make: (file: string, log?: Logger) => createInsecureFileBackend(file, log),
  },
  {
    name: 'safe storage',
    kind: 'safe-storage',
    make: (file: string, log?: Logger) => createSafeStorageBackend({ file, ...fakeSafeStorage, log }),
  },
] as const;

describe.each(variants)('$name backend', ({ kind, make }) => {
  it('reports its kind', () => {
    expect(make(join(dir, 'secrets.json')).kind).toBe(kind);
  });

  it('round-trips secrets per origin', async () => {
    const backend = make(join(dir, 'secrets.json'));
    expect(await backend.get(ORIGIN_A)).toBeNull();
    await backend.set(ORIGIN_A, 'key-for-a-123456');
    await backend.set(ORIGIN_B, 'key-for-b-654321');
    expect(await backend.get(ORIGIN_A)).toBe('key-for-a-123456');
    expect(await backend.get(ORIGIN_B)).toBe('key-for-b-654321');
    // A second instance reads what the first wrote: the file, not memory, is the store.
    const again = make(join(dir, 'secrets.json'));
    expect(await again.get(ORIGIN_A)).toBe('key-for-a-123456');
  });

  it('removes one origin and says whether anything was there', async () => {
    const backend = make(join(dir, 'secrets.json'));
    await backend.set(ORIGIN_A, 'key-for-a-123456');
    await backend.set(ORIGIN_B, 'key-for-b-654321');
    expect(await backend.delete(ORIGIN_A)).toBe(true);
    expect(await backend.delete(ORIGIN_A)).toBe(false);
    expect(await backend.get(ORIGIN_A)).toBeNull();
    expect(await backend.get(ORIGIN_B)).toBe('key-for-b-654321');
  });

  it('writes the file with mode 0600 even under a permissive umask', async () => {
    const previous = process.umask(0o000);
    try {
      const file = join(dir, 'nested', 'secrets.json');
      await make(file).set(ORIGIN_A, 'key-for-a-123456');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });

  it('tightens a file that was readable by others on the next write', async () => {
    const file = join(dir, 'secrets.json');
    await writeFile(file, JSON.stringify({ version: 1, entries: {} }), { mode: 0o644 });
    await make(file).set(ORIGIN_A, 'key-for-a-123456');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('treats a corrupt file as empty, warns, and replaces it on the next save', async () => {
    const file = join(dir, 'secrets.json');
    await writeFile(file, '{"version":1,"entries":', { mode: 0o600 });
    const log = recordingLog();
    const backend = make(file, log);
    expect(await backend.get(ORIGIN_A)).toBeNull();
    expect(log.warnings.join('\n')).toMatch(/not readable JSON/);
    await backend.set(ORIGIN_A, 'key-for-a-123456');
    expect(await make(file).get(ORIGIN_A)).toBe('key-for-a-123456');
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 1 });
  });

  it('ignores a file whose shape is wrong', async () => {
    const file = join(dir, 'secrets.json');
    await writeFile(file, JSON.stringify({ entries: ['not', 'a', 'map'] }));
    expect(await make(file).get(ORIGIN_A)).toBeNull();
  });

  it('keeps every entry when saves overlap', async () => {
    const backend = make(join(dir, 'secrets.json'));
    const origins = Array.from({ length: 10 }, (_, i) => `https://host${i}.example`);
    await Promise.all(origins.map((origin, i) => backend.set(origin, `secret-number-${i}`)));
    for (const [i, origin] of origins.entries()) expect(await backend.get(origin)).toBe(`secret-number-${i}`);
  });

  it('leaves no temporary files behind', async () => {
    const backend = make(join(dir, 'secrets.json'));
    await backend.set(ORIGIN_A, 'key-for-a-123456');
    await backend.delete(ORIGIN_A);
    expect(await readdir(dir)).toEqual(['secrets.json']);
  });
});

describe('safe storage backend', () => {
  it('stores only ciphertext', async () => {
    const file = join(dir, 'secrets.json');
    await createSafeStorageBackend({ file, ...fakeSafeStorage }).set(ORIGIN_A, 'plain-secret-value');
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('plain-secret-value');
    expect(text).toContain(ORIGIN_A);
  });

  it('answers null and warns when an entry no longer decrypts', async () => {
    const file = join(dir, 'secrets.json');
    await createSafeStorageBackend({ file, ...fakeSafeStorage }).set(ORIGIN_A, 'plain-secret-value');
    const log = recordingLog();
    const rotated = createSafeStorageBackend({
      file,
      encrypt: fakeSafeStorage.encrypt,
      decrypt: () => {
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      },
      log,
    });
    expect(await rotated.get(ORIGIN_A)).toBeNull();
    expect(log.warnings.join('\n')).toMatch(/can no longer be decrypted/);
  });
});

describe('insecure file backend', () => {
  it('keeps an origin named like an Object prototype key as a plain entry', async () => {
    const backend = createInsecureFileBackend(join(dir, 'secrets.json'));
    await backend.set('__proto__', 'odd-but-stored');
    expect(await backend.get('__proto__')).toBe('odd-but-stored');
    expect(await backend.get('toString')).toBeNull();
  });
});
