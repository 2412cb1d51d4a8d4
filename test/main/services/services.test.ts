import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName } from '@contract/channels';
import { dispatch } from '../../../electron/main/ipc/dispatch';
import type { Logger } from '../../../electron/main/log/logger';
import { startRotorServer } from '../../../electron/main/simulation/server';
import type { RotorServer } from '../../../electron/main/simulation/server';
import { createServices } from '../../../electron/main/services/index';
import type { Services } from '../../../electron/main/services/index';

const KEY = 'live-test-key-9876';
const SECOND_KEY = 'rotated-key-of-company-1';
const OTHER_COMPANY_KEY = 'key-of-company-2-0000';
const silent: Logger = { info() {}, warn() {}, error() {} };
const logged: string[] = [];
const capture: Logger = {
  info: (...parts) => logged.push(parts.map(String).join(' ')),
  warn: (...parts) => logged.push(parts.map(String).join(' ')),
  error: (...parts) => logged.push(parts.map(String).join(' ')),
};

describe('createServices (the assembly behind the contract)', () => {
  let dir: string;
  let rotor: RotorServer;
  let services: Services;
  let events: { event: EventName; payload: unknown }[];
  const call = (channel: string, arg?: unknown) => dispatch(services.handlers, channel, arg, silent);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rotor-services-'));
    rotor = await startRotorServer({
      customers: 30,
      seed: 3,
      apiKeys: {
        [KEY]: { companyId: 'company-1', scopes: ['customers:read', 'customers:write'] },
        'read-less-key-0000': { companyId: 'company-1', scopes: ['leads:read'] },
        [SECOND_KEY]: { companyId: 'company-1', scopes: ['customers:read', 'customers:write'] },
        [OTHER_COMPANY_KEY]: { companyId: 'company-2', scopes: ['customers:read', 'customers:write'] },
      },
    });
    events = [];
    logged.length = 0;
    services = await createServices(
      {
        shell: 'browser-host',
        version: '9.9.9',
        dataDir: dir,
        settingsStore: 'conf',
        fallbackSecrets: { kind: 'insecure-file' },
        rotorUrlOverride: rotor.url,
        log: capture,
        // No Secret Service in unit tests: force the file fallback so the test never touches a real keychain.
        secretBackend: 'fallback-only',
      },
      (event, payload) => events.push({ event, payload }),
    );
  });
  afterEach(async () => {
    await services.dispose();
    await rotor.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts unconfigured and says where a key would be stored', async () => {
    const status = await call('account.status');
    expect(status).toMatchObject({ ok: true, data: { configured: false, demo: false, accountId: null } });
    const customers = await call('customers.list', { accountId: 'any', page: 1, limit: 10 });
    expect(customers).toMatchObject({ ok: false, error: { kind: 'not_configured' } });
    // Nothing with a key reached the configured Rotor (only connectivity's keyless launch probe).
    expect(rotor.control.requestLog().filter((r) => r.apiKeyHint !== null)).toHaveLength(0);
  });

  it('connects a key only after Rotor accepts it, then serves customers with it', async () => {
    const wrong = await call('account.connect', { apiKey: 'not-a-real-key-1' });
    expect(wrong).toMatchObject({ ok: false, error: { kind: 'auth' } });
    expect(await call('account.status')).toMatchObject({ ok: true, data: { configured: false } });

    const connected = await call('account.connect', { apiKey: KEY });
    expect(connected).toMatchObject({
      ok: true,
      data: { companyId: 'company-1', scopes: ['customers:read', 'customers:write'], missingScopes: [] },
    });
    const status = await call('account.status');
    expect(status).toMatchObject({
      ok: true,
      data: { configured: true, hint: '9876', backend: 'insecure-file' },
    });
    expect(JSON.stringify(status)).not.toContain(KEY);
    expect(events.some((e) => e.event === 'account')).toBe(true);
    const accountId = (status as { data: { accountId: string } }).data.accountId;

    const page = await call('customers.list', { accountId, page: 1, limit: 10 });
    expect(page).toMatchObject({
      ok: true,
      data: { pagination: { total: rotor.control.customerCount(), has_more: true }, skipped: 0 },
    });
    const quota = await call('quota.get');
    // /auth/test twice (wrong and right key, each on its own ledger) and one list on this key's ledger.
    expect(quota).toMatchObject({
      ok: true,
      data: { usedToday: 2, dailyLimit: 1000, remaining: 998, exhausted: false, nextProbeAt: null },
    });
  });

  it('keeps the account (and so the cache) when a key of the same company replaces another', async () => {
    await call('account.connect', { apiKey: KEY });
    const first = await services.handlers['account.status'](undefined);
    await call('account.connect', { apiKey: SECOND_KEY });
    const second = await services.handlers['account.status'](undefined);
    expect(second.hint).toBe(SECOND_KEY.slice(-4));
    expect(first.accountId).toMatch(/^[0-9a-f]{16}$/);
    expect(second.accountId).toBe(first.accountId);
  });

  it('gives another company its own account', async () => {
    await call('account.connect', { apiKey: KEY });
    const first = await services.handlers['account.status'](undefined);
    await call('account.connect', { apiKey: OTHER_COMPANY_KEY });
    const second = await services.handlers['account.status'](undefined);
    expect(second.accountId).not.toBe(first.accountId);
  });

  it('refuses a key without the customers scope', async () => {
    const result = await call('account.connect', { apiKey: 'read-less-key-0000' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'forbidden', missingScope: 'customers:read' } });
    expect(await call('account.status')).toMatchObject({ ok: true, data: { configured: false } });
  });

  it('removes the key and stops serving customers', async () => {
    await call('account.connect', { apiKey: KEY });
    const { accountId } = await services.handlers['account.status'](undefined);
    expect(await call('account.remove')).toMatchObject({ ok: true, data: { configured: false } });
    expect(await call('customers.get', { accountId, id: 'x' })).toMatchObject({
      ok: false,
      error: { kind: 'not_configured' },
    });
  });

  it('never writes the key into the settings file, the ledger or any log', async () => {
    await call('account.connect', { apiKey: 'wrong-key-for-the-log' });
    await call('account.connect', { apiKey: KEY });
    await call('settings.update', { pageSize: 500, theme: 'dark' });
    const { accountId } = await services.handlers['account.status'](undefined);
    expect(await call('customers.list', { accountId, page: 1, limit: 5 })).toMatchObject({ ok: true });
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter(
      (d) => d.isFile() && d.name !== 'credentials.json',
    );
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      expect(readFileSync(join(f.parentPath, f.name), 'utf8')).not.toContain(KEY);
    }
    // The fallback file holds it, readable by its owner alone.
    expect(statSync(join(dir, 'credentials.json')).mode & 0o077).toBe(0);
    expect(logged.join('\n')).not.toContain(KEY);
    expect(logged.join('\n')).not.toContain('wrong-key-for-the-log');
  });

  it('drops the key for the old origin when the base URL changes origin', async () => {
    // This one follows the stored base URL, as the app does without the host's --rotor-url.
    const profile = mkdtempSync(join(tmpdir(), 'rotor-services-'));
    const own = await createServices(
      {
        shell: 'browser-host',
        version: '1',
        dataDir: profile,
        settingsStore: 'conf',
        fallbackSecrets: { kind: 'insecure-file' },
        log: silent,
        secretBackend: 'fallback-only',
      },
      () => {},
    );
    const ownCall = (channel: string, arg?: unknown) => dispatch(own.handlers, channel, arg, silent);
    try {
      expect(await ownCall('settings.update', { baseUrl: rotor.url })).toMatchObject({ ok: true });
      expect(await ownCall('account.connect', { apiKey: KEY })).toMatchObject({ ok: true });
      expect(await ownCall('account.status')).toMatchObject({ ok: true, data: { configured: true } });

      await ownCall('settings.update', { baseUrl: 'https://rotor.example.com/open-api' });
      expect(await ownCall('account.status')).toMatchObject({ ok: true, data: { configured: false } });
      // Coming back does not bring the key back: it must be entered again.
      await ownCall('settings.update', { baseUrl: rotor.url });
      expect(await ownCall('account.status')).toMatchObject({ ok: true, data: { configured: false } });
    } finally {
      await own.dispose();
      rmSync(profile, { recursive: true, force: true });
    }
  });

  it('refuses a non-loopback http base URL as data', async () => {
    const result = await call('settings.update', { baseUrl: 'http://rotor.example.com' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_argument' } });
  });

  it('runs the demo account against the in-process server, offline toggle included', async () => {
    const started = await call('demo.start');
    expect(started).toMatchObject({ ok: true, data: { configured: true, demo: true, accountId: 'demo' } });
    const page = await call('customers.list', { accountId: 'demo', page: 1, limit: 5 });
    expect(page).toMatchObject({ ok: true, data: { pagination: { total: expect.any(Number) } } });
    // Nothing with a key reached the configured Rotor (only connectivity's keyless launch probe).
    expect(rotor.control.requestLog().filter((r) => r.apiKeyHint !== null)).toHaveLength(0);

    await call('demo.setReachable', { reachable: false });
    expect(await call('customers.get', { accountId: 'demo', id: 'nope' })).toMatchObject({
      ok: false,
      error: { kind: 'network' },
    });
    expect(await call('connectivity.get')).toMatchObject({ ok: true, data: { state: 'offline' } });
    await call('demo.setReachable', { reachable: true });
    expect(await call('connectivity.check')).toMatchObject({ ok: true, data: { state: 'online' } });

    expect(await call('demo.stop')).toMatchObject({ ok: true, data: { demo: false, configured: false } });
  });

  it('answers app.info', async () => {
    expect(await call('app.info')).toMatchObject({
      ok: true,
      data: { version: '9.9.9', shell: 'browser-host' },
    });
  });
});
