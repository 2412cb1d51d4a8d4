import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppFailure } from '@contract/result';
import type { ResolvedBackend, SecretBackend } from '../../../electron/main/credentials/backend';
import {
  createCredentials,
  fingerprint,
  keyHint,
  originOf,
} from '../../../electron/main/credentials/credentials';

const KEY = 'rk_live_0123456789abcdefWXYZ';
const API = 'https://api.getrotor.com/open-api';
const ORIGIN = 'https://api.getrotor.com';

function countingBackend(kind: SecretBackend['kind'] = 'keychain') {
  const map = new Map<string, string>();
  const calls: string[] = [];
  const backend: SecretBackend = {
    kind,
    get: async (a) => {
      calls.push(`get ${a}`);
      return map.get(a) ?? null;
    },
    set: async (a, s) => {
      calls.push(`set ${a}`);
      map.set(a, s);
    },
    delete: async (a) => {
      calls.push(`delete ${a}`);
      return map.delete(a);
    },
  };
  return { backend, map, calls };
}

function service(resolved: ResolvedBackend) {
  let resolves = 0;
  const credentials = createCredentials({
    backends: async () => {
      resolves++;
      return resolved;
    },
  });
  return { credentials, resolves: () => resolves };
}

async function failureOf(promise: Promise<unknown>): Promise<AppFailure> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppFailure)) throw new Error(`expected an AppFailure, got ${String(error)}`);
  return error;
}

describe('originOf', () => {
  it('reduces a base URL to its origin', () => {
    expect(originOf(API)).toBe(ORIGIN);
    expect(originOf('http://127.0.0.1:4010/open-api/')).toBe('http://127.0.0.1:4010');
    expect(originOf('HTTPS://API.GetRotor.com:443/x')).toBe(ORIGIN);
  });

  it('refuses what is not a URL', () => {
    expect(() => originOf('api.getrotor.com')).toThrow(AppFailure);
  });
});

describe('fingerprint and hint', () => {
  it('is the first 16 hex characters of sha256(origin + newline + key)', () => {
    const expected = createHash('sha256').update(`${ORIGIN}\n${KEY}`).digest('hex').slice(0, 16);
    expect(fingerprint(ORIGIN, KEY)).toBe(expected);
    expect(fingerprint(ORIGIN, KEY)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('differs per origin and per key and never contains the key', () => {
    const a = fingerprint(ORIGIN, KEY);
    expect(fingerprint('http://127.0.0.1:4010', KEY)).not.toBe(a);
    expect(fingerprint(ORIGIN, `${KEY}x`)).not.toBe(a);
    expect(a).not.toContain(KEY.slice(-4));
  });

  it('shows the last 4 characters of a normal key and less of a short one', () => {
    expect(keyHint(KEY)).toBe('WXYZ');
    expect(keyHint('abcdefgh')).toBe('gh');
    expect(keyHint('ab')).toBeNull();
  });
});

describe('createCredentials', () => {
  it('stores the key under the origin and reports status without the key', async () => {
    const store = countingBackend();
    const { credentials } = service({ backend: store.backend, note: null });
    expect(await credentials.status(API)).toEqual({
      origin: ORIGIN,
      configured: false,
      backend: 'keychain',
      backendNote: null,
      hint: null,
      accountId: null,
    });
    const status = await credentials.set(API, `  ${KEY}\n`);
    expect(store.map.get(ORIGIN)).toBe(KEY);
    expect(status).toEqual({
      origin: ORIGIN,
      configured: true,
      backend: 'keychain',
      backendNote: null,
      hint: 'WXYZ',
      accountId: fingerprint(ORIGIN, KEY),
    });
    expect(JSON.stringify(status)).not.toContain(KEY);
    expect(await credentials.get(ORIGIN)).toBe(KEY);
  });

  it('keeps origins apart', async () => {
    const { credentials } = service({ backend: countingBackend().backend, note: null });
    await credentials.set(API, KEY);
    expect(await credentials.get('http://127.0.0.1:4010/open-api')).toBeNull();
    expect((await credentials.status('http://127.0.0.1:4010')).configured).toBe(false);
  });

  it('removes the key for one origin', async () => {
    const store = countingBackend();
    const { credentials } = service({ backend: store.backend, note: null });
    await credentials.set(API, KEY);
    expect(await credentials.remove(API)).toBe(true);
    expect(await credentials.remove(API)).toBe(false);
    expect(store.map.has(ORIGIN)).toBe(false);
    expect(await credentials.get(API)).toBeNull();
    expect((await credentials.status(API)).configured).toBe(false);
  });

  it('reports a fallback backend and its note', async () => {
    const note = 'The system keychain is not available (no D-Bus), so the key is stored unencrypted.';
    const { credentials } = service({ backend: countingBackend('insecure-file').backend, note });
    const status = await credentials.status(API);
    expect(status.backend).toBe('insecure-file');
    expect(status.backendNote).toBe(note);
  });

  it('resolves the backend once and reads the store once per origin', async () => {
    const store = countingBackend();
    store.map.set(ORIGIN, KEY);
    const { credentials, resolves } = service({ backend: store.backend, note: null });
    await credentials.get(API);
    await credentials.get(API);
    await credentials.status(API);
    expect(resolves()).toBe(1);
    expect(store.calls).toEqual([`get ${ORIGIN}`]);
  });

  it('tries to resolve the backend again after a failure', async () => {
    let attempt = 0;
    const store = countingBackend();
    const credentials = createCredentials({
      backends: async () => {
        attempt++;
        if (attempt === 1) throw new Error('first try fails');
        return { backend: store.backend, note: null };
      },
    });
    const failure = await failureOf(credentials.get(API));
    expect(failure.error).toMatchObject({ kind: 'keychain', retryable: true });
    expect(await credentials.get(API)).toBeNull();
    expect(attempt).toBe(2);
  });

  it.each([[''], ['   '], ['two words'], ['x'.repeat(5000)]])('refuses the key %j', async (bad) => {
    const store = countingBackend();
    const { credentials } = service({ backend: store.backend, note: null });
    const failure = await failureOf(credentials.set(API, bad));
    expect(failure.error.kind).toBe('invalid_argument');
    expect(store.calls).toEqual([]);
  });

  it('turns a backend failure into a keychain error that never contains the key', async () => {
    const backend: SecretBackend = {
      kind: 'keychain',
      get: async () => null,
      set: async (_account, secret) => {
        throw new Error(`Cannot create an item in a locked collection (${secret})`);
      },
      delete: async () => {
        throw new Error('org.freedesktop.DBus.Error.NoReply');
      },
    };
    const { credentials } = service({ backend, note: null });
    const saving = await failureOf(credentials.set(API, KEY));
    expect(saving.error.kind).toBe('keychain');
    expect(saving.error.message).toContain('locked collection');
    expect(saving.message).not.toContain(KEY);
    expect(JSON.stringify(saving.error)).not.toContain(KEY);
    const removing = await failureOf(credentials.remove(API));
    expect(removing.error).toMatchObject({ kind: 'keychain', retryable: true });
  });

  it('passes a backend AppFailure through unchanged', async () => {
    const failure = new AppFailure({ kind: 'keychain', message: 'No secure place to store the key: x' });
    const backend: SecretBackend = {
      kind: 'none',
      get: async () => null,
      set: async () => {
        throw failure;
      },
      delete: async () => false,
    };
    const { credentials } = service({ backend, note: 'n' });
    expect(await failureOf(credentials.set(API, KEY))).toBe(failure);
  });

  it('computes the fingerprint on the origin of a base URL', () => {
    const { credentials } = service({ backend: countingBackend().backend, note: null });
    expect(credentials.fingerprint(API, KEY)).toBe(fingerprint(ORIGIN, KEY));
  });
});
