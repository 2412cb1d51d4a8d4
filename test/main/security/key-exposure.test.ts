/**
 * The API key must reach Rotor's x-api-key header and the fallback credentials file, and nothing else:
 * no result, event, log line, console output, error message or other file, whatever Rotor (or a proxy)
 * answers, even when the answer echoes the key back. Plus the base URL as the key's guard, and the
 * browser host's token and loopback-only binding.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MockInstance } from 'vitest';
import type { ChannelName } from '@contract/channels';
import { AppFailure } from '@contract/result';
import { startHostServer } from '../../../electron/host/http-server';
import type { HostServer } from '../../../electron/host/http-server';
import { READ_SCOPE, WRITE_SCOPE, startRotorServer } from '../../../electron/main/simulation/server';
import type { RotorServer } from '../../../electron/main/simulation/server';
import { createQuotaLedger } from '../../../electron/main/quota/ledger';
import { createRotorClient } from '../../../electron/main/rotor/client';
import { renderDetail, startFixture } from '../fuzz/fixture';
import type { Fixture } from '../fuzz/fixture';

const CANARY = 'rk_live_EXPOSURE_CANARY_7f3a9';
/** Shares the canary's first 12 characters, so a leak of the wrong key shows too. */
const WRONG = 'rk_live_EXPOSURE_CANARY_wrong';

/**
 * Base64 of `secret` as it would appear inside a longer base64 text, at each of the three alignments:
 * the characters that depend only on the secret's own bytes.
 */
function base64Cores(secret: string): string[] {
  const cores: string[] = [];
  for (let pad = 0; pad < 3; pad++) {
    const b64 = Buffer.concat([Buffer.alloc(pad, 0x20), Buffer.from(secret)]).toString('base64');
    const start = pad === 0 ? 0 : Math.ceil(((pad + 1) * 4) / 3);
    cores.push(b64.slice(start, b64.length - 4));
  }
  return cores;
}

const NEEDLES: [string, string][] = [
  ['the key', CANARY],
  ['its first 12 characters', CANARY.slice(0, 12)],
  ['its base64', Buffer.from(CANARY).toString('base64')],
  ['its base64url', Buffer.from(CANARY).toString('base64url')],
  ...base64Cores(CANARY).map((core, i): [string, string] => [`its base64 at alignment ${i}`, core]),
  ['the wrong key', WRONG],
];

function leaksIn(text: string): string[] {
  return NEEDLES.filter(([, needle]) => text.includes(needle)).map(([what]) => what);
}

describe('the API key never leaves main', () => {
  let fx: Fixture;
  let other: RotorServer;
  const seen: { where: string; text: string }[] = [];
  const record = (where: string, value: unknown) =>
    seen.push({ where, text: typeof value === 'string' ? value : renderDetail(value) });
  const spies: MockInstance[] = [];

  /** The connected key's account: customer calls name it. */
  let accountId: string | null = null;

  async function call(channel: ChannelName, arg?: unknown) {
    const result = await fx.call(channel, arg);
    record(`result of ${channel}`, result);
    return result;
  }

  beforeAll(async () => {
    fx = await startFixture({ keys: [CANARY], customers: 10 });
    other = await startRotorServer({ apiKeys: {} });
    // Anything written to the console or the process streams during the flow is evidence too.
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      spies.push(
        vi.spyOn(console, method).mockImplementation((...parts: unknown[]) => {
          record(`console.${method}`, parts.map(renderDetail).join(' '));
        }),
      );
    }
    for (const stream of [process.stdout, process.stderr]) {
      spies.push(
        vi.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
          record('process stream', Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
          return true;
        }),
      );
    }
  });
  afterAll(async () => {
    for (const spy of spies) spy.mockRestore();
    await other.close();
    await fx.close();
  });

  it('connects only after a wrong key is refused, then serves every channel', async () => {
    await call('account.status');
    expect(await call('account.connect', { apiKey: WRONG })).toMatchObject({
      ok: false,
      error: { kind: 'auth' },
    });
    expect(await call('account.connect', { apiKey: CANARY })).toMatchObject({ ok: true });
    const status = await call('account.status');
    expect(status).toMatchObject({ ok: true, data: { configured: true, hint: 'f3a9' } });
    accountId = (status as { ok: true; data: { accountId: string } }).data.accountId;
    await call('app.info');
    await call('demo.status');
    await call('settings.get');
    await call('quota.get');
    await call('connectivity.get');
    expect(await call('connectivity.check')).toMatchObject({ ok: true, data: { state: 'online' } });

    const page = await call('customers.list', {
      accountId,
      page: 1,
      limit: 5,
      search: 'a',
      status: 'active',
    });
    expect(page).toMatchObject({ ok: true });
    const first = (page as { ok: true; data: { customers: { id: string }[] } }).data.customers[0];
    if (!first) throw new Error('the seeded server returned no customer');
    expect(await call('customers.get', { accountId, id: first.id })).toMatchObject({
      ok: true,
      data: { id: first.id },
    });
    const created = await call('customers.upsert', {
      accountId,
      customer: { first_name: 'Ex', last_name: 'Posure', email: 'ex@example.com', tags: ['canary'] },
      idempotencyKey: 'idem-exposure-0001',
    });
    expect(created).toMatchObject({ ok: true, data: { created: true } });
    const id = (created as { ok: true; data: { customer: { id: string } } }).data.customer.id;
    expect(
      await call('customers.upsert', {
        accountId,
        customer: { id, notes: 'updated' },
        idempotencyKey: 'idem-exposure-0002',
      }),
    ).toMatchObject({ ok: true, data: { created: false } });
    expect(
      await call('settings.update', {
        pageSize: 200,
        theme: 'dark',
        includeArchived: true,
        replayConcurrency: 2,
        autoRefreshHours: 12,
        freshCopyMinutes: 5,
      }),
    ).toMatchObject({ ok: true, data: { pageSize: 200, freshCopyMinutes: 5 } });
  });

  it('classifies every error class, including answers that echo the key, without repeating it', async () => {
    const { control } = fx.rotor;
    const echo = (status: number, message: string, extra: Record<string, unknown> = {}) => ({
      status,
      body: { status: 'error', message, ...extra },
    });
    const upsert = () =>
      call('customers.upsert', {
        accountId,
        customer: { first_name: 'Err' },
        idempotencyKey: 'idem-exposure-errors',
      });
    const list = () => call('customers.list', { accountId, page: 1, limit: 5 });

    control.overrideNext('/customers', echo(401, `Invalid API key ${CANARY}`, { error_code: CANARY }), 'GET');
    expect(await list()).toMatchObject({ ok: false, error: { kind: 'auth', status: 401 } });

    control.overrideNext(
      '/customers',
      echo(403, `Forbidden: required scope 'customers:read' not granted for this API key ${CANARY}`),
      'GET',
    );
    expect(await list()).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', missingScope: 'customers:read' },
    });
    control.overrideNext('/customers', echo(403, `Key ${CANARY} may not do this`), 'GET');
    expect(await list()).toMatchObject({ ok: false, error: { kind: 'forbidden' } });

    expect(await call('customers.get', { accountId, id: 'no-such-customer' })).toMatchObject({
      ok: false,
      error: { kind: 'not_found', status: 404 },
    });
    control.overrideNext('/customers/echo-404', echo(404, `Nothing for ${CANARY}`), 'GET');
    expect(await call('customers.get', { accountId, id: 'echo-404' })).toMatchObject({
      ok: false,
      error: { kind: 'not_found' },
    });

    expect(
      await call('customers.upsert', {
        accountId,
        customer: { email: 'not-an-email' },
        idempotencyKey: 'idem-exposure-invalid',
      }),
    ).toMatchObject({ ok: false, error: { kind: 'invalid_argument' } }); // main's own rule set refuses it, before Rotor
    control.overrideNext(
      '/customers',
      echo(400, `Validation failed for ${CANARY}`, {
        errors: [{ field: `x-api-key=${CANARY}`, message: `value ${CANARY} is not allowed` }],
        error_code: `BAD_${CANARY}`,
      }),
      'POST',
    );
    expect(await upsert()).toMatchObject({ ok: false, error: { kind: 'validation' } });

    control.queueFault('status5xx', ['upsert']);
    expect(await upsert()).toMatchObject({ ok: false, error: { kind: 'server', status: 500 } });
    control.overrideNext('/customers', echo(500, `upstream said x-api-key: ${CANARY}`), 'POST');
    expect(await upsert()).toMatchObject({ ok: false, error: { kind: 'server' } });

    control.queueFault('html502', ['upsert']);
    expect(await upsert()).toMatchObject({ ok: false, error: { kind: 'server', status: 502 } });
    control.overrideNext(
      '/customers',
      {
        status: 502,
        headers: { 'content-type': 'text/html' },
        body: `<html><body><h1>502</h1><pre>GET /customers\nx-api-key: ${CANARY}\n</pre></body></html>`,
      },
      'POST',
    );
    expect(await upsert()).toMatchObject({ ok: false, error: { kind: 'server', status: 502 } });

    control.queueFault('truncatedJson', ['upsert']);
    expect(await upsert()).toMatchObject({ ok: false, error: { kind: 'bad_response' } });
    control.overrideNext('/customers', { status: 201, body: `{"id":"x","notes":"${CANARY}` }, 'POST');
    expect(await upsert()).toMatchObject({ ok: false, error: { kind: 'bad_response' } });
    // A record that fails validation is skipped; the warning names its field, never quotes a value.
    control.overrideNext(
      '/customers',
      {
        body: {
          data: [{ id: 7, notes: CANARY, first_name: CANARY }],
          pagination: { has_more: false, limit: 5, page: 1, total: 1 },
        },
      },
      'GET',
    );
    expect(await list()).toMatchObject({ ok: true, data: { customers: [], skipped: 1 } });
    expect(fx.logs.some((line) => line.startsWith('warn') && line.includes('data.0.id'))).toBe(true);
    // A page whose envelope is wrong still fails whole, naming the field only.
    control.overrideNext(
      '/customers',
      { body: { data: [], pagination: { has_more: CANARY, limit: 5, page: 1, total: 1 } } },
      'GET',
    );
    expect(await list()).toMatchObject({ ok: false, error: { kind: 'bad_response' } });

    // A proxy's burst limit echoing the key: a short backoff, not the day's quota.
    control.overrideNext(
      '/customers',
      {
        status: 429,
        headers: { 'retry-after': '120' },
        body: { status: 'error', message: `Slow down ${CANARY}` },
      },
      'POST',
    );
    expect(await upsert()).toMatchObject({ ok: false, error: { kind: 'rate_limited', retryable: true } });
    expect(await call('quota.get')).toMatchObject({ ok: true, data: { exhausted: false } });

    control.queueFault('resetBeforeCommit', ['upsert']);
    expect(await upsert()).toMatchObject({ ok: false, error: { kind: 'network' } });
    control.queueFault('resetAfterCommit', ['upsert']);
    expect(await upsert()).toMatchObject({ ok: false, error: { kind: 'network' } });
    await call('connectivity.check');

    // A redirect would carry x-api-key wherever it points: it must not be followed.
    control.overrideNext(
      '/customers',
      { status: 302, headers: { location: `${other.url}/customers?stolen=1` }, body: '' },
      'GET',
    );
    expect(await list()).toMatchObject({ ok: false, error: { kind: 'bad_response', status: 302 } });
    expect(other.control.requestLog()).toEqual([]);

    control.setReachable(false);
    expect(await call('connectivity.check')).toMatchObject({ ok: true, data: { state: 'offline' } });
    expect(await upsert()).toMatchObject({ ok: false, error: { kind: 'network' } });
    control.setReachable(true);
    expect(await call('connectivity.check')).toMatchObject({ ok: true, data: { state: 'online' } });

    // Last: after a 429 RATE_LIMIT_EXCEEDED the app refuses locally until the next UTC midnight.
    control.overrideNext(
      '/customers',
      echo(429, `Daily limit for ${CANARY} exceeded`, { error_code: 'RATE_LIMIT_EXCEEDED' }),
      'GET',
    );
    expect(await list()).toMatchObject({ ok: false, error: { kind: 'quota' } });
    expect(await call('quota.get')).toMatchObject({
      ok: true,
      data: { exhausted: true, remaining: 0, resetsAt: expect.any(String), nextProbeAt: expect.any(String) },
    });
    control.clearLog();
    expect(await list()).toMatchObject({ ok: false, error: { kind: 'quota' } });
    expect(control.requestLog()).toEqual([]);
  });

  it('times out and fails to connect at the client level without the key in the error', async () => {
    const { control } = fx.rotor;
    // Tiny timeouts only where the server is told never to answer; a refused port fails fast on its own.
    const client = (baseUrl: string, timeoutMs = 40) =>
      createRotorClient({
        baseUrl: () => baseUrl,
        apiKey: async () => CANARY,
        ledger: createQuotaLedger({ load: () => undefined, save: () => {} }),
        timeouts: { defaultMs: timeoutMs, listMs: timeoutMs },
        sleep: async () => {},
        random: () => 0,
      });
    const failureOf = async (promise: Promise<unknown>) => {
      try {
        await promise;
      } catch (error) {
        record('thrown by the client', error);
        if (error instanceof AppFailure) {
          record('client error data', error.error);
          return error.error;
        }
        throw error;
      }
      throw new Error('expected a failure');
    };
    for (let i = 0; i < 3; i++) control.queueFault('timeout', ['list']);
    expect(await failureOf(client(fx.rotor.url).listCustomers({ page: 1, limit: 5 }))).toMatchObject({
      kind: 'timeout',
    });
    control.queueFault('timeout', ['upsert']);
    expect(
      await failureOf(
        client(fx.rotor.url).upsertCustomer({ first_name: 'T' }, { idempotencyKey: 'idem-timeout' }),
      ),
    ).toMatchObject({ kind: 'timeout' });
    const closed = await startRotorServer();
    const closedUrl = closed.url;
    await closed.close();
    expect(await failureOf(client(closedUrl, 10_000).getCustomer('x'))).toMatchObject({ kind: 'network' });
  });

  it('leaks the key into no result, event, log line, console output, error or file', () => {
    record('events', fx.events);
    for (const line of fx.logs) record('log', line);
    const files = readdirSync(fx.dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
    const credentials = join(fx.dir, 'credentials.json');
    // The search would find the key where it is meant to be: it proves the method, not just the absence.
    expect(leaksIn(readFileSync(credentials, 'utf8'))).toContain('the key');
    let checked = 0;
    for (const f of files) {
      const path = join(f.parentPath, f.name);
      if (path === credentials) continue;
      const bytes = readFileSync(path);
      record(`file ${path}`, `${f.name} ${bytes.toString('utf8')} ${bytes.toString('utf16le')}`);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(2);
    expect(seen.length).toBeGreaterThan(40);
    // The echoes did reach the app, and were masked on the way in.
    expect(seen.some(({ text }) => text.includes('[redacted]'))).toBe(true);
    const leaks = seen.flatMap(({ where, text }) => leaksIn(text).map((what) => `${what} in ${where}`));
    expect(leaks).toEqual([]);
  });

  it('keeps the fallback credentials file readable by its owner only, and removes the key on request', async () => {
    const credentials = join(fx.dir, 'credentials.json');
    expect(statSync(credentials).mode & 0o777).toBe(0o600);
    expect(await fx.call('account.remove')).toMatchObject({ ok: true, data: { configured: false } });
    expect(leaksIn(readFileSync(credentials, 'utf8'))).toEqual([]);
  });
});

describe('the base URL guards the key', () => {
  let a: Fixture;
  let b: RotorServer;

  beforeAll(async () => {
    // Follows the stored base URL, as the app does without the host's --rotor-url.
    a = await startFixture({ keys: [CANARY], override: false });
    b = await startRotorServer({
      apiKeys: { [CANARY]: { companyId: 'c', scopes: [READ_SCOPE, WRITE_SCOPE] } },
    });
    expect(await a.call('settings.update', { baseUrl: a.rotor.url })).toMatchObject({ ok: true });
    expect(await a.call('account.connect', { apiKey: CANARY })).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('refuses a non-loopback http: base URL, keeping the setting and the key', async () => {
    for (const baseUrl of [
      'http://rotor.example.com/open-api',
      'http://192.0.2.2:8080/open-api',
      'http://[::ffff:c000:202]/open-api',
      'http://localhost.rotor.example/open-api',
      'ftp://127.0.0.1/open-api',
      `http://user:${CANARY}@127.0.0.1/open-api`,
    ]) {
      const result = await a.call('settings.update', { baseUrl });
      expect(result, baseUrl).toMatchObject({ ok: false, error: { kind: 'invalid_argument' } });
      expect(leaksIn(JSON.stringify(result))).toEqual([]);
    }
    expect(await a.call('settings.get')).toMatchObject({ ok: true, data: { baseUrl: a.rotor.url } });
    expect(await a.call('account.status')).toMatchObject({ ok: true, data: { configured: true } });
  });

  it('refuses a DNS name that merely starts like a loopback address', async () => {
    // `127.0.0.1.attacker.example` is a domain, resolvable to any address: plain http would carry the
    // key across the network to whoever answers for it.
    const problems: string[] = [];
    for (const baseUrl of [
      'http://127.0.0.1.rotor-canary.invalid/open-api',
      'http://127.attacker.invalid/open-api',
      'http://127.0.0.1.example/open-api',
    ]) {
      const result = await a.call('settings.update', { baseUrl });
      if (!(result.ok === false && result.error.kind === 'invalid_argument')) {
        problems.push(`${baseUrl} was accepted`);
        // Put it back so the other tests keep their setting.
        await a.call('settings.update', { baseUrl: a.rotor.url });
      }
    }
    expect(problems).toEqual([]);
  });

  it('drops the key for the old origin when the base URL moves to another origin', async () => {
    // Connected again here: this test must not depend on what the refusals above left behind.
    expect(await a.call('settings.update', { baseUrl: a.rotor.url })).toMatchObject({ ok: true });
    expect(await a.call('account.connect', { apiKey: CANARY })).toMatchObject({ ok: true });
    const { accountId } = await a.services.handlers['account.status'](undefined);
    // Same origin, another path: the key was entered for this origin and stays.
    expect(await a.call('settings.update', { baseUrl: `${a.rotor.url}/v2` })).toMatchObject({ ok: true });
    expect(await a.call('account.status')).toMatchObject({ ok: true, data: { configured: true } });
    expect(await a.call('settings.update', { baseUrl: a.rotor.url })).toMatchObject({ ok: true });

    a.rotor.control.clearLog();
    expect(await a.call('settings.update', { baseUrl: b.url })).toMatchObject({ ok: true });
    expect(await a.call('account.status')).toMatchObject({
      ok: true,
      data: { configured: false, origin: new URL(b.url).origin },
    });
    // Gone from disk, not only from memory.
    expect(leaksIn(readFileSync(join(a.dir, 'credentials.json'), 'utf8'))).toEqual([]);
    expect(await a.call('customers.list', { accountId, page: 1, limit: 5 })).toMatchObject({
      ok: false,
      error: { kind: 'not_configured' },
    });
    // Back to the old origin: the key does not come back with it.
    expect(await a.call('settings.update', { baseUrl: a.rotor.url })).toMatchObject({ ok: true });
    expect(await a.call('account.status')).toMatchObject({
      ok: true,
      data: { configured: false, origin: new URL(a.rotor.url).origin },
    });
    expect(await a.call('customers.list', { accountId, page: 1, limit: 5 })).toMatchObject({
      ok: false,
      error: { kind: 'not_configured' },
    });
    expect(a.rotor.control.requestLog()).toEqual([]);
    expect(b.control.requestLog()).toEqual([]);
  });
});

describe('the browser host', () => {
  let fx: Fixture;
  let host: HostServer;
  let rendererDir: string;
  let port: number;

  beforeAll(async () => {
    fx = await startFixture({ keys: [CANARY], connect: CANARY });
    rendererDir = mkdtempSync(join(tmpdir(), 'rotor-security-host-'));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
    writeFileSync(join(rendererDir, 'bridge.js'), '');
    host = await startHostServer({
      handlers: fx.handlers,
      rendererDir,
      bridgeFile: join(rendererDir, 'bridge.js'),
      port: 0,
      log: fx.log,
    });
    port = Number(new URL(host.url).port);
  });
  afterAll(async () => {
    await host.close();
    await fx.close();
    rmSync(rendererDir, { recursive: true, force: true });
  });

  const callUrl = (channel: string) => `http://127.0.0.1:${port}/__rotor/call/${channel}`;
  const post = (channel: string, headers: Record<string, string>) =>
    fetch(callUrl(channel), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: '{}',
    });

  it('refuses every request without the right token, and runs nothing', async () => {
    fx.ran.length = 0;
    const wrong = host.token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    const attempts: [string, Record<string, string>][] = [
      ['no token', {}],
      ['a wrong token of the same length', { 'x-rotor-token': wrong }],
      ['an empty token', { 'x-rotor-token': '' }],
      ['the token with a suffix', { 'x-rotor-token': `${host.token}x` }],
      ['the token under another cookie name', { cookie: `rotor_token=${host.token}` }],
      ['a wrong cookie', { cookie: `rotor_host_token=${wrong}` }],
    ];
    for (const [what, headers] of attempts) {
      for (const channel of ['account.status', 'account.remove', 'customers.list'] as const) {
        const res = await post(channel, headers);
        expect(res.status, `${what} → ${channel}`).toBe(403);
        expect(leaksIn(await res.text())).toEqual([]);
      }
    }
    for (const path of ['/', '/index.html', '/__rotor/events', '/__rotor/bridge.js']) {
      expect((await fetch(`http://127.0.0.1:${port}${path}`)).status, path).toBe(403);
    }
    expect(fx.ran).toEqual([]);
    // The cookie route itself works, so the cookie refusals above were real refusals.
    const viaCookie = await post('app.info', { cookie: `rotor_host_token=${host.token}` });
    expect(viaCookie.status).toBe(200);
    // With the token, the same call works and still shows only the hint.
    const ok = await post('account.status', { 'x-rotor-token': host.token });
    const text = await ok.text();
    expect(JSON.parse(text)).toMatchObject({ ok: true, data: { configured: true, hint: 'f3a9' } });
    expect(leaksIn(text)).toEqual([]);
  });

  /** Resolves with the error code, or 'connected' if something accepted the connection. */
  function tryConnect(hostAddress: string): Promise<string> {
    return new Promise((resolve) => {
      const socket = connect({ host: hostAddress, port });
      socket.setTimeout(2_000, () => {
        socket.destroy();
        resolve('timeout');
      });
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
  }

  it('listens on 127.0.0.1 only: other loopback addresses are refused', async () => {
    expect(await tryConnect('127.0.0.1')).toBe('connected');
    // Linux answers the whole 127/8 (ECONNREFUSED here); other systems may not route it at all.
    expect(await tryConnect('127.0.0.2')).not.toBe('connected');
    expect(await tryConnect('::1')).not.toBe('connected');
  });

  it("is not reachable on this machine's own non-loopback address", async (ctx) => {
    const own = Object.values(networkInterfaces())
      .flatMap((list) => list ?? [])
      .filter((i) => i.family === 'IPv4' && !i.internal)
      .map((i) => i.address);
    // The connection goes to this machine's own interface: no traffic leaves it.
    ctx.skip(own.length === 0, 'this machine has no non-loopback IPv4 address to try');
    for (const address of own) expect(await tryConnect(address), address).not.toBe('connected');
  });
});
