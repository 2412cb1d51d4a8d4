// Live tests against the real OS keychain through keytar. Run them with a private Secret Service:
//   node scripts/with-keychain.mjs npx vitest run --project keychain
// Without a keychain they skip and say why; with ROTOR_REQUIRE_KEYCHAIN=1 (CI), or inside
// with-keychain.mjs (ROTOR_KEYCHAIN_LIVE=1, which promises a keyring is up), a missing keychain fails.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { SERVICE } from '../../electron/main/credentials/backend';
import { chooseSecretBackend } from '../../electron/main/credentials/choose-backend';
import { createCredentials, fingerprint } from '../../electron/main/credentials/credentials';
import { loadKeytarBackend } from '../../electron/main/credentials/keytar-backend';
import type { KeytarLike } from '../../electron/main/credentials/keytar-backend';

const mustRun = process.env.ROTOR_REQUIRE_KEYCHAIN === '1' || process.env.ROTOR_KEYCHAIN_LIVE === '1';

async function keychainProblem(): Promise<string | null> {
  if (process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS)
    return 'DBUS_SESSION_BUS_ADDRESS is not set, so no Secret Service can answer (run through scripts/with-keychain.mjs)';
  const load = await loadKeytarBackend();
  return 'unavailable' in load ? load.unavailable : null;
}

const problem = await keychainProblem();
if (problem && !mustRun) console.warn(`keychain tests skipped: ${problem}`);

describe.runIf(problem && mustRun)('live keychain (required)', () => {
  it('has a Secret Service to test against', () => {
    throw new Error(`A live keychain is required here but ${problem}`);
  });
});

describe.skipIf(problem !== null)(`live keychain${problem ? ` — skipped: ${problem}` : ''}`, () => {
  // Unique, unroutable origins so a run can never collide with a real Rotor account in this keyring.
  const run = randomBytes(4).toString('hex');
  const originA = `https://keychain-test-${run}-a.invalid`;
  const originB = `http://127.0.0.1:${40000 + (parseInt(run.slice(0, 4), 16) % 20000)}`;
  const keyA = `rk_test_${randomBytes(12).toString('hex')}`;
  const keyB = `rk_test_${randomBytes(12).toString('hex')}`;

  const rawKeytar = async (): Promise<KeytarLike> => {
    const module = (await import('keytar')) as unknown as { default?: KeytarLike } & KeytarLike;
    return module.default ?? module;
  };

  const fresh = () =>
    createCredentials({
      backends: () => chooseSecretBackend({ keytar: loadKeytarBackend, fallback: null }),
    });

  afterAll(async () => {
    const keytar = await rawKeytar();
    await keytar.deletePassword(SERVICE, originA);
    await keytar.deletePassword(SERVICE, originB);
  });

  it('reports the OS keychain as the backend, with nothing stored yet', async () => {
    expect(await fresh().status(`${originA}/open-api`)).toEqual({
      origin: originA,
      configured: false,
      backend: 'keychain',
      backendNote: null,
      hint: null,
      accountId: null,
    });
  });

  it('stores a key per origin in the keychain under the Rotor Desk service', async () => {
    const credentials = fresh();
    await credentials.set(`${originA}/open-api`, keyA);
    await credentials.set(originB, keyB);

    const keytar = await rawKeytar();
    expect(await keytar.getPassword(SERVICE, originA)).toBe(keyA);
    expect(await keytar.getPassword(SERVICE, originB)).toBe(keyB);

    // A new service instance has no cache: it must read the keychain itself.
    const reader = fresh();
    expect(await reader.get(originA)).toBe(keyA);
    expect(await reader.get(originB)).toBe(keyB);
    expect(await reader.status(originA)).toEqual({
      origin: originA,
      configured: true,
      backend: 'keychain',
      backendNote: null,
      hint: keyA.slice(-4),
      accountId: fingerprint(originA, keyA),
    });
  });

  it('replaces the key of an origin', async () => {
    const credentials = fresh();
    const replacement = `rk_test_${randomBytes(12).toString('hex')}`;
    await credentials.set(originA, replacement);
    expect(await fresh().get(originA)).toBe(replacement);
    await credentials.set(originA, keyA);
  });

  it('removes one origin and leaves the other', async () => {
    const credentials = fresh();
    expect(await credentials.remove(originA)).toBe(true);
    expect(await credentials.remove(originA)).toBe(false);

    const reader = fresh();
    expect(await reader.get(originA)).toBeNull();
    expect((await reader.status(originA)).configured).toBe(false);
    expect(await reader.get(originB)).toBe(keyB);
    expect(await (await rawKeytar()).getPassword(SERVICE, originA)).toBeNull();
  });
});
