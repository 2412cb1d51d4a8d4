import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../../../electron/main/ipc/dispatch';
import type { Logger } from '../../../electron/main/log/logger';
import { startHostServer } from '../../../electron/host/http-server';
import type { HostServer } from '../../../electron/host/http-server';
import { parseHostArgs } from '../../../electron/host/args';

const silent: Logger = { info() {}, warn() {}, error() {} };

/** Raw request, so tests can send what a browser's fetch would refuse to (a foreign Host header). */
function raw(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end(opts.body);
    },
  );
}

describe('browser host HTTP server', () => {
  let dir: string;
  let host: HostServer;
  let origin: string;
  const calls: unknown[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rotor-host-unit-'));
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><html><head><title>t</title></head><body></body></html>',
    );
    writeFileSync(join(dir, 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, '..', 'secret.txt'), 'outside the renderer');
    writeFileSync(join(dir, 'bridge.cjs'), 'window.bridge = 1;');
    // Only app.info is exercised here; the full map is covered by the services tests.
    const handlers = {
      'app.info': async (arg: unknown) => {
        calls.push(arg);
        return { version: '1', shell: 'browser-host', platform: 'linux' };
      },
    } as unknown as Handlers;
    host = await startHostServer({
      handlers,
      rendererDir: dir,
      bridgeFile: join(dir, 'bridge.cjs'),
      port: 0,
      log: silent,
    });
    origin = new URL(host.url).origin;
  });
  afterAll(async () => {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(dir, '..', 'secret.txt'), { force: true });
  });

  it('binds to 127.0.0.1 only and prints a tokenised URL', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  it('serves the page with the bridge first, the CSP, and an HttpOnly token cookie', async () => {
    const page = await raw(host.url);
    expect(page.status).toBe(200);
    expect(page.body.indexOf('/__rotor/bridge.js')).toBeGreaterThan(page.body.indexOf('<head>'));
    expect(String(page.headers['content-security-policy'])).toContain("connect-src 'self'");
    expect(String(page.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it('requires the token on every route', async () => {
    for (const path of ['/', '/app.js', '/__rotor/bridge.js', '/__rotor/events']) {
      expect((await raw(`${origin}${path}`)).status).toBe(403);
    }
    const call = await raw(`${origin}/__rotor/call/app.info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(call.status).toBe(403);
  });

  it('accepts the token as cookie or header', async () => {
    const viaCookie = await raw(`${origin}/app.js`, {
      headers: { cookie: `rotor_host_token=${host.token}` },
    });
    expect(viaCookie.status).toBe(200);
    const viaHeader = await raw(`${origin}/__rotor/call/app.info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-rotor-token': host.token },
      body: '{}',
    });
    expect(JSON.parse(viaHeader.body)).toMatchObject({ ok: true, data: { shell: 'browser-host' } });
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const res = await raw(host.url, { headers: { host: 'attacker.example:80' } });
    expect(res.status).toBe(421);
    const otherPort = await raw(host.url, { headers: { host: '127.0.0.1:1' } });
    expect(otherPort.status).toBe(421);
  });

  it('accepts its own address as localhost too', async () => {
    const { port } = new URL(origin);
    const res = await raw(host.url, { headers: { host: `localhost:${port}` } });
    expect(res.status).toBe(200);
  });

  it('refuses cross-origin calls and non-JSON bodies', async () => {
    const headers = { 'x-rotor-token': host.token };
    const foreign = await raw(`${origin}/__rotor/call/app.info`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', origin: 'http://127.0.0.1:1' },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    const form = await raw(`${origin}/__rotor/call/app.info`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(form.status).toBe(415);
    const broken = await raw(`${origin}/__rotor/call/app.info`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{"arg":',
    });
    expect(JSON.parse(broken.body)).toMatchObject({ ok: false, error: { kind: 'invalid_argument' } });
    const get = await raw(`${origin}/__rotor/call/app.info`, { headers });
    expect(get.status).toBe(405);
  });

  it('never serves files outside the renderer folder', async () => {
    const headers = { 'x-rotor-token': host.token };
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const res = await raw(`${origin}${path}`, { headers });
      expect(res.body).not.toContain('outside the renderer');
    }
  });

  it('streams contract events to open pages', async () => {
    const controller = new AbortController();
    const res = await fetch(`${origin}/__rotor/events`, {
      headers: { 'x-rotor-token': host.token },
      signal: controller.signal,
    });
    if (!res.body) throw new Error('no event stream');
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    await reader.read(); // the ": connected" comment
    host.emit('quota', {
      usedToday: 3,
      dailyLimit: 1000,
      remaining: 997,
      exhausted: false,
      resetsAt: '2024-06-12T00:00:00.000Z',
      nextProbeAt: null,
    });
    let text = '';
    while (!text.includes('\n\n')) text += (await reader.read()).value ?? '';
    expect(text).toBe(
      'event: quota\ndata: {"usedToday":3,"dailyLimit":1000,"remaining":997,"exhausted":false,' +
        '"resetsAt":"2024-06-12T00:00:00.000Z","nextProbeAt":null}\n\n',
    );
    controller.abort();
  });
});

describe('host arguments', () => {
  it('parses --port, --rotor-url and --profile, with = or a space', () => {
    expect(
      parseHostArgs(['--port', '8123', '--rotor-url=http://127.0.0.1:9/x', '--profile', '/tmp/p']),
    ).toEqual({
      port: 8123,
      rotorUrl: 'http://127.0.0.1:9/x',
      profile: '/tmp/p',
    });
  });
  it('rejects unknown flags and bad ports with the usage line', () => {
    expect(() => parseHostArgs(['--evil'])).toThrow(/usage: npm run host/);
    expect(() => parseHostArgs(['--port', '70000'])).toThrow(/bad port/);
    expect(() => parseHostArgs(['--port'])).toThrow(/needs a value/);
  });
});
