/**
 * Settings names the account by what Rotor said at Connect (company id, user id, scopes); main keeps
 * it per key so a restart still shows it, and a key that was never connected here shows none.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/main/ipc/dispatch';
import type { Logger } from '../../../electron/main/log/logger';
import { createServices } from '../../../electron/main/services/index';
import { startRotorServer } from '../../../electron/main/simulation/server';

const KEY = 'identity-test-key-mm4d';
const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} };

describe('the account identity', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('comes from /auth/test at Connect and survives a restart', async () => {
    const rotor = await startRotorServer({
      customers: 1,
      seed: 1,
      apiKeys: { [KEY]: { companyId: 'company-42', scopes: ['customers:read', 'customers:write'] } },
    });
    cleanups.push(() => rotor.close());
    const dir = mkdtempSync(join(tmpdir(), 'rotor-identity-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const open = async () => {
      const services = await createServices(
        {
          shell: 'browser-host',
          version: '1',
          dataDir: dir,
          settingsStore: 'conf',
          fallbackSecrets: { kind: 'insecure-file' },
          rotorUrlOverride: rotor.url,
          log: silent,
          secretBackend: 'fallback-only',
        },
        () => {},
      );
      return {
        services,
        call: (channel: string, arg?: unknown) => dispatch(services.handlers, channel, arg, silent),
      };
    };

    const first = await open();
    expect(await first.call('account.status')).toMatchObject({ ok: true, data: { identity: null } });
    const connected = await first.call('account.connect', { apiKey: KEY });
    expect(connected).toMatchObject({ ok: true });
    const identity = {
      companyId: 'company-42',
      scopes: ['customers:read', 'customers:write'],
      checkedAt: expect.any(String),
    };
    expect(await first.call('account.status')).toMatchObject({ ok: true, data: { hint: 'mm4d', identity } });
    await first.services.dispose();

    const second = await open();
    cleanups.push(() => second.services.dispose());
    expect(await second.call('account.status')).toMatchObject({ ok: true, data: { identity } });
    // Removing the key leaves nothing to name.
    await second.call('account.remove');
    expect(await second.call('account.status')).toMatchObject({ ok: true, data: { identity: null } });
  });
});
