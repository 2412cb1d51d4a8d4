/**
 * The host's --rotor-url wins over the address in settings: app.info says so, and Settings cannot
 * "apply" another address that would change nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/main/ipc/dispatch';
import type { Logger } from '../../../electron/main/log/logger';
import { createServices } from '../../../electron/main/services/index';

const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} };
const LAUNCH = 'http://127.0.0.1:45999/open-api';

describe('an address set at launch', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  async function start(rotorUrlOverride: string | undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'rotor-launch-'));
    const services = await createServices(
      {
        shell: 'browser-host',
        version: '1.2.3',
        dataDir: dir,
        settingsStore: 'conf',
        fallbackSecrets: { kind: 'insecure-file' },
        rotorUrlOverride,
        log: silent,
        secretBackend: 'fallback-only',
      },
      () => {},
    );
    cleanups.push(async () => {
      await services.dispose();
      rmSync(dir, { recursive: true, force: true });
    });
    return (channel: string, arg?: unknown) => dispatch(services.handlers, channel, arg, silent);
  }

  it('is reported by app.info, and a new address in settings is refused as data', async () => {
    const call = await start(LAUNCH);
    expect(await call('app.info')).toMatchObject({ ok: true, data: { launchBaseUrl: LAUNCH } });
    const refused = await call('settings.update', { baseUrl: 'https://rotor.example.com/open-api' });
    expect(refused).toMatchObject({
      ok: false,
      error: { kind: 'invalid_argument', fields: [{ field: 'baseUrl' }] },
    });
    const settings = await call('settings.get');
    expect(settings).toMatchObject({ ok: true });
    expect(settings.ok && (settings.data as { baseUrl: string }).baseUrl).not.toBe(
      'https://rotor.example.com/open-api',
    );
    // Other settings still save.
    expect(await call('settings.update', { theme: 'dark' })).toMatchObject({ ok: true });
  });

  it('is absent without --rotor-url, and the address then saves', async () => {
    const call = await start(undefined);
    const info = await call('app.info');
    expect(info.ok && 'launchBaseUrl' in (info.data as object)).toBe(false);
    expect(await call('settings.update', { baseUrl: 'https://rotor.example.com/open-api' })).toMatchObject({
      ok: true,
      data: { baseUrl: 'https://rotor.example.com/open-api' },
    });
  });
});
