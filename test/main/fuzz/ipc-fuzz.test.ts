/**
 * Malformed arguments on every channel, through the real dispatcher and the real services (with a key
 * connected, so customer channels would reach Rotor if validation let anything through), and through the
 * browser host's HTTP path. Each must come back as `invalid_argument` data: nothing thrown, no handler run,
 * no request sent, no event, no prototype touched, and main keeps serving afterwards.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '@contract/channels';
import type { ChannelName } from '@contract/channels';
import { startHostServer } from '../../../electron/host/http-server';
import type { HostServer } from '../../../electron/host/http-server';
import { startFixture } from './fixture';
import type { Fixture } from './fixture';
import {
  CATEGORIES,
  DEEP_ARRAY_TEXT,
  NON_PLAIN_OBJECTS,
  POLLUTION_MARK,
  hostBodyOf,
  hostileString,
  isLarge,
  malformedArguments,
  mulberry32,
  takesArgument,
} from './generate';
import type { Category, Payload } from './generate';
import { QUOTA_SAVE_DELAY_MS } from '../../../electron/main/services/sessions';

const SEED = 0x5eedf022;
const PER_CHANNEL = 1000;
const HOST_PER_CHANNEL = 200;
const KEY = 'rk_live_fuzz_key_0000000001';
const TWO_MB = 2 * 1024 * 1024;

/** Valid arguments, used to prove the host refuses a good call sent the wrong way. */
const VALID_ARGS: Record<ChannelName, unknown> = {
  'app.info': undefined,
  'account.status': undefined,
  'account.connect': { apiKey: KEY },
  'account.remove': undefined,
  'demo.status': undefined,
  'demo.start': undefined,
  'demo.stop': undefined,
  'demo.setReachable': { reachable: true },
  'customers.list': { accountId: 'some-account', page: 1, limit: 5 },
  'customers.get': { accountId: 'some-account', id: 'some-id' },
  'customers.upsert': {
    accountId: 'some-account',
    customer: { first_name: 'Valid' },
    idempotencyKey: 'idem-valid-0001',
  },
  'settings.get': undefined,
  'settings.update': { theme: 'light' },
  'quota.get': undefined,
  'connectivity.get': undefined,
  'connectivity.check': undefined,
  'files.saveCsv': { suggestedName: 'customers-2026-12-03.csv', text: 'Rotor ID\r\n' },
};

/** Categories the brief asks for, per kind of channel; the generator must cover each of them. */
const REQUIRED_COMMON: Category[] = [
  'wrong-type',
  'huge-string',
  'prototype-keys',
  'deep-nesting',
  'extra-keys',
  'non-finite',
  'unicode',
  'not-cloneable',
];
const REQUIRED_EXTRA: Partial<Record<ChannelName, Category[]>> = {
  'account.connect': ['too-long', 'missing-required'],
  'demo.setReachable': ['missing-required'],
  'customers.list': ['bad-number', 'bad-enum', 'huge-array', 'too-long', 'missing-required'],
  'customers.get': ['too-long', 'missing-required'],
  'customers.upsert': ['bad-enum', 'huge-array', 'too-long', 'missing-required'],
  'settings.update': ['bad-number', 'bad-enum', 'huge-array'],
};

const PROTOTYPES: [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
  ['Number.prototype', Number.prototype],
  ['Boolean.prototype', Boolean.prototype],
];
const prototypeNames = () =>
  PROTOTYPES.map(([name, proto]) => [name, Reflect.ownKeys(proto).map(String).sort()]);

function isInvalidArgument(result: unknown): boolean {
  if (typeof result !== 'object' || result === null) return false;
  const r = result as { ok?: unknown; error?: { kind?: unknown; message?: unknown } };
  return r.ok === false && r.error?.kind === 'invalid_argument' && typeof r.error.message === 'string';
}

/** A result must survive IPC's structured clone and the host's JSON unchanged: plain data only. */
function isPlainData(result: unknown): boolean {
  try {
    return JSON.stringify(JSON.parse(JSON.stringify(result))) === JSON.stringify(result);
  } catch {
    return false;
  }
}

describe('IPC fuzz: malformed arguments through dispatch and real services', () => {
  let fx: Fixture;
  let prototypesBefore: ReturnType<typeof prototypeNames>;
  let settingsBefore: unknown;

  beforeAll(async () => {
    prototypesBefore = prototypeNames();
    fx = await startFixture({ keys: [KEY], connect: KEY });
    // The key check's count is told a moment later (the ledger's deferred save): not during a test.
    await new Promise((resolve) => setTimeout(resolve, QUOTA_SAVE_DELAY_MS + 50));
    settingsBefore = await fx.call('settings.get');
  });
  afterAll(async () => {
    await fx.close();
  });

  it('reaches Rotor with a valid call before the fuzz (so a leak would show in the request log)', async () => {
    fx.rotor.control.clearLog();
    expect(await fx.call('customers.list', { accountId: fx.accountId, page: 1, limit: 5 })).toMatchObject({
      ok: true,
      data: { pagination: { page: 1, limit: 5 }, skipped: 0 },
    });
    expect(fx.rotor.control.requestLog().map((e) => `${e.method} ${e.path}`)).toEqual(['GET /customers']);
  });

  it('generates the same payloads for the same seed, and covers every category asked for', () => {
    for (const channel of CHANNELS) {
      const first = malformedArguments(channel, 50, SEED).map((p) => p.label);
      expect(malformedArguments(channel, 50, SEED).map((p) => p.label)).toEqual(first);
      const seen = new Set(malformedArguments(channel, PER_CHANNEL, SEED).map((p) => p.category));
      const required = [
        ...REQUIRED_COMMON,
        ...(takesArgument(channel) ? (REQUIRED_EXTRA[channel] ?? []) : (['huge-array'] as Category[])),
      ];
      for (const category of required) expect(seen, `${channel} covers ${category}`).toContain(category);
      for (const category of seen) expect(CATEGORIES).toContain(category);
    }
  });

  for (const channel of CHANNELS) {
    it(`rejects ${PER_CHANNEL} malformed arguments to ${channel} as invalid_argument data`, async () => {
      const payloads = malformedArguments(channel, PER_CHANNEL, SEED);
      expect(payloads).toHaveLength(PER_CHANNEL);
      fx.rotor.control.clearLog();
      fx.events.length = 0;
      fx.ran.length = 0;
      fx.logs.length = 0;
      const failures: string[] = [];
      for (const p of payloads) {
        let result: unknown;
        try {
          result = await fx.call(channel, p.arg);
        } catch (error) {
          failures.push(`${p.label}: threw ${String(error)}`);
          continue;
        }
        if (!isInvalidArgument(result)) {
          failures.push(`${p.label}: answered ${JSON.stringify(result)?.slice(0, 300)}`);
        } else if (!isPlainData(result)) {
          failures.push(`${p.label}: the error is not plain data`);
        }
      }
      expect(failures.slice(0, 10), `${failures.length} of ${payloads.length} failed`).toEqual([]);
      // Rejected before any work: no handler ran, nothing reached Rotor, nothing was announced.
      expect(fx.ran).toEqual([]);
      expect(fx.rotor.control.requestLog()).toEqual([]);
      expect(fx.events).toEqual([]);
      expect(fx.logs.filter((line) => line.startsWith('error'))).toEqual([]);
    });
  }

  it('refuses non-plain objects (Map, Date, Error…) where an all-optional object is expected', async () => {
    // Electron's structured clone delivers these to main as they are; a validator that reads them as
    // `{}` turns them into an empty settings patch or an empty customer that is then created in Rotor.
    fx.rotor.control.clearLog();
    fx.ran.length = 0;
    const failures: string[] = [];
    for (const make of NON_PLAIN_OBJECTS) {
      const cases: [ChannelName, unknown][] = [
        ['settings.update', make()],
        [
          'customers.upsert',
          { accountId: fx.accountId, customer: make(), idempotencyKey: 'idem-nonplain-0001' },
        ],
      ];
      for (const [channel, arg] of cases) {
        const result = await fx.call(channel, arg);
        if (!isInvalidArgument(result)) {
          const name = Object.prototype.toString.call(make());
          failures.push(`${channel} with ${name}: ${JSON.stringify(result).slice(0, 120)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(fx.ran).toEqual([]);
    expect(fx.rotor.control.requestLog()).toEqual([]);
  });

  describe('hostile text the contract accepts as a string', () => {
    /**
     * Lone surrogates, NUL, CR/LF, dot segments, '%', non-Latin-1: all within each field's type and length,
     * so the schema lets them through. Whatever the services then do, it must be honest: no internal error,
     * no "network" failure for a request that never left, no request outside the route asked for, and the
     * app must not decide it is offline.
     */
    interface Observation {
      result: unknown;
      requests: { method: string; path: string; apiKeyHint: string | null; idempotencyKey?: string }[];
      usedDelta: number;
      connectivity: string;
    }

    async function observe(channel: ChannelName, arg: unknown): Promise<Observation> {
      const before = (await fx.call('quota.get')) as { ok: true; data: { usedToday: number } };
      fx.rotor.control.clearLog();
      let result: unknown;
      try {
        result = await fx.call(channel, arg);
      } catch (error) {
        result = { threw: String(error) };
      }
      const requests = fx.rotor.control.requestLog().map((e) => ({
        method: e.method,
        path: e.path,
        apiKeyHint: e.apiKeyHint,
        ...(e.idempotencyKey !== undefined ? { idempotencyKey: e.idempotencyKey } : {}),
      }));
      const after = (await fx.call('quota.get')) as { ok: true; data: { usedToday: number } };
      const connectivity = ((await fx.call('connectivity.get')) as { ok: true; data: { state: string } }).data
        .state;
      if (connectivity !== 'online') {
        // Restore for the next case; the probe carries no key and costs no quota.
        await fx.call('connectivity.check');
      }
      return { result, requests, usedDelta: after.data.usedToday - before.data.usedToday, connectivity };
    }

    function honesty(label: string, o: Observation): string[] {
      const out: string[] = [];
      const error = (o.result as { ok?: boolean; error?: { kind?: string } }).error;
      if ('threw' in (o.result as object)) out.push(`${label}: threw`);
      if (error?.kind === 'internal') out.push(`${label}: internal error`);
      if (error?.kind === 'network' && o.requests.length === 0) {
        out.push(`${label}: reported a network failure, but nothing reached Rotor`);
      }
      if (o.connectivity !== 'online') out.push(`${label}: the app went ${o.connectivity} with Rotor up`);
      return out;
    }

    it('customers.get: an id never leaves /customers/{id} and never ends as an internal error', async () => {
      const rng = mulberry32(SEED ^ 0x1d);
      const ids = ['.', '..', '\ud800', 'a\udc00', '%2e%2e', '..%2F..', '/..', '\u0000'];
      while (ids.length < 290) ids.push(hostileString(rng, 1, 200));
      // Real ids must still reach Rotor, or "nothing went wrong" would only mean "nothing was sent".
      const real = Array.from(
        { length: 10 },
        (_, i) => `7f0c2a5e-0000-4000-8000-${String(i).padStart(12, '0')}`,
      );
      ids.push(...real);
      const failures: string[] = [];
      let reached = 0;
      for (const id of ids) {
        const o = await observe('customers.get', { accountId: fx.accountId, id });
        if (o.requests.length > 0) reached++;
        const label = `id ${JSON.stringify(id)}`;
        failures.push(...honesty(label, o));
        for (const r of o.requests) {
          const segment = r.path.startsWith('/customers/') ? r.path.slice('/customers/'.length) : null;
          let decoded: string | null;
          try {
            decoded = segment === null ? null : decodeURIComponent(segment);
          } catch {
            decoded = null;
          }
          if (r.method !== 'GET' || decoded !== id) {
            failures.push(`${label}: was sent as ${r.method} ${r.path}`);
          }
        }
      }
      expect(failures.slice(0, 12), `${failures.length} problems`).toEqual([]);
      expect(reached).toBeGreaterThanOrEqual(real.length);
    });

    it('customers.upsert: an idempotency key never makes a send-time failure look like a network one', async () => {
      const rng = mulberry32(SEED ^ 0x2e);
      const keys = [
        'idem-\u0000-0001',
        'idem-\u20ac-0002',
        'idem-\ud800-0003',
        'idem-\r\n-0004',
        'idem-\u{1f600}-05',
      ];
      while (keys.length < 140) keys.push(hostileString(rng, 8, 200));
      const real = Array.from({ length: 10 }, (_, i) => `idem-${i}-${'x'.repeat(i)}-ok`);
      keys.push(...real);
      const failures: string[] = [];
      let reached = 0;
      for (const idempotencyKey of keys) {
        const o = await observe('customers.upsert', {
          accountId: fx.accountId,
          customer: { first_name: 'Hostile' },
          idempotencyKey,
        });
        if (o.requests.length > 0) reached++;
        const label = `idempotencyKey ${JSON.stringify(idempotencyKey)}`;
        failures.push(...honesty(label, o));
        // The ledger counts what was sent: a request that never left must not spend the day's budget.
        if (o.usedDelta !== o.requests.length) {
          failures.push(`${label}: counted ${o.usedDelta} against the quota, sent ${o.requests.length}`);
        }
      }
      expect(failures.slice(0, 12), `${failures.length} problems`).toEqual([]);
      expect(reached).toBeGreaterThanOrEqual(real.length);
    });

    it('account.connect: a hostile key is never stored, never sent garbled, never an internal error', async () => {
      const rng = mulberry32(SEED ^ 0x3f);
      const keys = [
        'rk_live_\u0000_nul',
        'rk_live_\ud800_lone',
        'rk live with spaces',
        'rk_live_\u20ac_euro',
      ];
      while (keys.length < 150) keys.push(hostileString(rng, 8, 512, keys.length % 2 === 0));
      const failures: string[] = [];
      let reached = 0;
      for (const apiKey of keys) {
        const o = await observe('account.connect', { apiKey });
        if (o.requests.length > 0) reached++;
        const label = `apiKey ${JSON.stringify(apiKey)}`;
        failures.push(...honesty(label, o));
        // What reached Rotor is the key as entered (trimmed), not a mangled version of it.
        for (const r of o.requests) {
          if (r.apiKeyHint !== apiKey.trim().slice(-4)) failures.push(`${label}: sent as …${r.apiKeyHint}`);
        }
        if ((o.result as { ok?: boolean }).ok) failures.push(`${label}: was accepted`);
      }
      expect(failures.slice(0, 12), `${failures.length} problems`).toEqual([]);
      // The property only means something if many of these did go out to Rotor.
      expect(reached).toBeGreaterThan(10);
      // The key connected before the run is still the one in use.
      expect(await fx.call('account.status')).toMatchObject({ ok: true, data: { configured: true } });
    });

    it('customers.*: any other account id is refused as account data, and nothing is sent', async () => {
      const rng = mulberry32(SEED ^ 0x5b);
      const ids = [
        'demo',
        ' ',
        '\u0000',
        '\ud800',
        `${fx.accountId ?? ''} `,
        (fx.accountId ?? '').toUpperCase(),
      ];
      while (ids.length < 60) ids.push(hostileString(rng, 1, 200));
      const failures: string[] = [];
      for (const accountId of ids) {
        if (accountId === fx.accountId) continue;
        for (const [channel, arg] of [
          ['customers.list', { accountId, page: 1, limit: 5 }],
          ['customers.get', { accountId, id: 'a-customer-id' }],
          [
            'customers.upsert',
            { accountId, customer: { first_name: 'X' }, idempotencyKey: 'idem-acct-0001' },
          ],
        ] as const) {
          const o = await observe(channel, arg);
          const error = (o.result as { error?: { kind?: string } }).error;
          if (error?.kind !== 'account' || o.requests.length > 0 || o.usedDelta !== 0)
            failures.push(
              `${channel} ${JSON.stringify(accountId)}: ${JSON.stringify(o.result).slice(0, 120)}`,
            );
        }
      }
      expect(failures.slice(0, 12), `${failures.length} problems`).toEqual([]);
    });

    it('customers.list: hostile search and tags stay a GET /customers, and never an internal error', async () => {
      const rng = mulberry32(SEED ^ 0x4a);
      const failures: string[] = [];
      let reached = 0;
      for (let i = 0; i < 150; i++) {
        const arg = {
          accountId: fx.accountId,
          page: 1,
          limit: 5,
          search: hostileString(rng, 0, 200),
          tags: Array.from({ length: 1 + (i % 3) }, () => hostileString(rng, 1, 200)),
        };
        const o = await observe('customers.list', arg);
        if (o.requests.length > 0) reached++;
        const label = `list ${JSON.stringify(arg)}`;
        failures.push(...honesty(label, o));
        for (const r of o.requests) {
          if (r.method !== 'GET' || r.path !== '/customers')
            failures.push(`${label}: sent ${r.method} ${r.path}`);
        }
      }
      expect(failures.slice(0, 12), `${failures.length} problems`).toEqual([]);
      // The property only means something if many of these did go out to Rotor.
      expect(reached).toBeGreaterThan(10);
    });
  });

  it('leaves every built-in prototype untouched', () => {
    const probe = {} as Record<string, unknown>;
    expect(probe.polluted).toBeUndefined();
    expect(probe.isAdmin).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(JSON.stringify(Object.prototype)).not.toContain(POLLUTION_MARK);
    expect(prototypeNames()).toEqual(prototypesBefore);
  });

  it('keeps serving after the fuzz: settings, key and a real call are as before', async () => {
    expect(await fx.call('settings.get')).toEqual(settingsBefore);
    expect(await fx.call('account.status')).toMatchObject({ ok: true, data: { configured: true } });
    fx.rotor.control.clearLog();
    expect(await fx.call('customers.list', { accountId: fx.accountId, page: 2, limit: 3 })).toMatchObject({
      ok: true,
      data: { pagination: { page: 2, limit: 3 } },
    });
    expect(fx.rotor.control.requestLog().map((e) => `${e.method} ${e.path}`)).toEqual(['GET /customers']);
  });

  describe('through the browser host (HTTP)', () => {
    let host: HostServer;
    let origin: string;
    let rendererDir: string;
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });

    beforeAll(async () => {
      rendererDir = mkdtempSync(join(tmpdir(), 'rotor-fuzz-host-'));
      writeFileSync(
        join(rendererDir, 'index.html'),
        '<!doctype html><html><head></head><body></body></html>',
      );
      writeFileSync(join(rendererDir, 'bridge.js'), '');
      host = await startHostServer({
        handlers: fx.handlers,
        rendererDir,
        bridgeFile: join(rendererDir, 'bridge.js'),
        port: 0,
        log: fx.log,
      });
      origin = new URL(host.url).origin;
      // A real call's count is told a moment later (the ledger's deferred save): let that event come
      // now, not in the middle of a test that expects malformed calls to emit nothing.
      await new Promise((resolve) => setTimeout(resolve, QUOTA_SAVE_DELAY_MS + 50));
    });
    afterAll(async () => {
      agent.destroy();
      await host.close();
      rmSync(rendererDir, { recursive: true, force: true });
    });

    type Answer = { status: number; body: string } | { error: string };

    function post(channel: string, body: string | Buffer, contentType: string | null): Promise<Answer> {
      // The host answers an over-large body before reading all of it; that upload's connection is
      // abandoned afterwards rather than returned to the pool, where it would stall the next request.
      const oversize = Buffer.byteLength(body) > TWO_MB;
      return new Promise((resolve) => {
        const headers: Record<string, string> = { 'x-rotor-token': host.token };
        if (contentType !== null) headers['content-type'] = contentType;
        const req = request(
          `${origin}/__rotor/call/${channel}`,
          { method: 'POST', headers, agent: oversize ? false : agent },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
              if (oversize) req.destroy();
            });
            res.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
          },
        );
        req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
        req.end(body);
      });
    }

    interface HostCase {
      label: string;
      body: string | Buffer;
      contentType: string | null;
      expect: 'invalid-200' | 'invalid-400' | 'refused-415' | 'too-large';
    }

    const BROKEN_JSON: (string | Buffer)[] = [
      '',
      ' ',
      '{',
      '{"arg":',
      '{"arg":1,}',
      "{'arg':1}",
      '{"arg":undefined}',
      '{"arg":NaN}',
      '{"arg":Infinity}',
      '{"arg":-Infinity}',
      '\ufeff{"arg":1}',
      '{"arg":1}garbage',
      'nul',
      '{"arg":"\\ud800',
      '{"arg":"\\x00"}',
      '[1,2',
      '{"arg":01}',
      '{"arg":.5}',
      '{"arg":+1}',
      '{"arg":"a\nb"}',
      '{"__proto__":',
      DEEP_ARRAY_TEXT.slice(0, -1),
      `{"arg":${'['.repeat(10_000)}`,
      Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
      '\u0000',
    ];
    const NOT_AN_ARGUMENT = [
      'null',
      '5',
      '"x"',
      'true',
      '[]',
      '[{"arg":{}}]',
      '{}',
      '{"args":{}}',
      '{"Arg":{}}',
      '{"arg":null}',
      // The host must read `arg` as an own key only, never through a JSON "__proto__".
      '{"__proto__":{"arg":{"page":1,"limit":5,"reachable":true,"id":"x","theme":"light"}}}',
    ];
    const WRONG_TYPES = [
      null,
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=----fuzz',
      'text/json',
      'application/javascript',
      'application/xml',
      'text/html',
      'json',
      'application/jso',
      'application/x-json',
    ];

    function hostCases(channel: ChannelName): HostCase[] {
      const valid = VALID_ARGS[channel];
      const validBody = JSON.stringify(valid === undefined ? {} : { arg: valid });
      const fixed: HostCase[] = [
        ...BROKEN_JSON.map((body): HostCase => ({
          label: `broken JSON ${JSON.stringify(String(body).slice(0, 30))}`,
          body,
          contentType: 'application/json',
          expect: 'invalid-400',
        })),
        ...(takesArgument(channel) ? NOT_AN_ARGUMENT : []).map((body): HostCase => ({
          label: `no argument in ${body}`,
          body,
          contentType: 'application/json',
          expect: 'invalid-200',
        })),
        ...WRONG_TYPES.map((type): HostCase => ({
          label: `a valid call sent as ${String(type)}`,
          body: validBody,
          contentType: type,
          expect: 'refused-415',
        })),
        {
          label: 'a 2 MB string argument',
          body: `{"arg":"${'a'.repeat(TWO_MB)}"}`,
          contentType: 'application/json',
          expect: 'too-large',
        },
        {
          label: 'a valid call padded past 2 MB',
          body: `${validBody}${' '.repeat(TWO_MB)}`,
          contentType: 'application/json',
          expect: 'too-large',
        },
      ];
      // Generated payloads, spread over the whole list; only a few of the 1 MB ones, to keep it fast.
      const jsonable = malformedArguments(channel, PER_CHANNEL, SEED).filter((p) => p.json);
      const large = jsonable.filter((p) => isLarge(p.arg)).slice(0, 4);
      const small = jsonable.filter((p) => !isLarge(p.arg));
      const wanted = Math.max(HOST_PER_CHANNEL - fixed.length - large.length, 100);
      const step = small.length / wanted;
      const spread = Array.from({ length: wanted }, (_, i) => small[Math.floor(i * step)]).filter(
        (p): p is Payload => p !== undefined,
      );
      const generated = [...large, ...spread].map((p): HostCase => {
        const body = hostBodyOf(p) ?? '';
        // Escaped lone surrogates and NUL take six bytes each: a 1 MB string can pass the 2 MB limit.
        const expected = Buffer.byteLength(body) > TWO_MB ? 'too-large' : 'invalid-200';
        return { label: p.label, body, contentType: 'application/json', expect: expected };
      });
      return [...fixed, ...generated];
    }

    function problem(c: HostCase, answer: Answer): string | null {
      if ('error' in answer) {
        // A body past the limit may be cut off mid-upload; a reset is a refusal too.
        return c.expect === 'too-large' && ['ECONNRESET', 'EPIPE'].includes(answer.error)
          ? null
          : `${c.label}: connection failed (${answer.error})`;
      }
      const { status, body } = answer;
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = null;
      }
      const ok =
        c.expect === 'refused-415'
          ? status === 415
          : c.expect === 'invalid-200'
            ? status === 200 && isInvalidArgument(parsed)
            : c.expect === 'invalid-400'
              ? status === 400 && isInvalidArgument(parsed)
              : status === 400 || status === 413;
      return ok ? null : `${c.label}: expected ${c.expect}, got ${status} ${body.slice(0, 200)}`;
    }

    async function runAll(channel: ChannelName, cases: HostCase[]): Promise<string[]> {
      const failures: string[] = [];
      let next = 0;
      const worker = async () => {
        while (next < cases.length) {
          const c = cases[next++] as HostCase;
          const found = problem(c, await post(channel, c.body, c.contentType));
          if (found) failures.push(found);
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      return failures;
    }

    for (const channel of CHANNELS) {
      it(`refuses ${HOST_PER_CHANNEL}+ malformed requests to ${channel} and runs nothing`, async () => {
        const cases = hostCases(channel);
        expect(cases.length).toBeGreaterThanOrEqual(HOST_PER_CHANNEL);
        fx.rotor.control.clearLog();
        fx.events.length = 0;
        fx.ran.length = 0;
        fx.logs.length = 0;
        const failures = await runAll(channel, cases);
        expect(failures.slice(0, 10), `${failures.length} of ${cases.length} failed`).toEqual([]);
        expect(fx.ran).toEqual([]);
        expect(fx.rotor.control.requestLog()).toEqual([]);
        expect(fx.events).toEqual([]);
        expect(fx.logs.filter((line) => line.startsWith('error'))).toEqual([]);
      });
    }

    it('keeps serving after the host fuzz, with the key still in place', async () => {
      const info = await post('app.info', '{}', 'application/json');
      expect(info).toMatchObject({ status: 200 });
      expect(JSON.parse((info as { body: string }).body)).toMatchObject({
        ok: true,
        data: { shell: 'browser-host' },
      });
      const status = await post('account.status', '{}', 'application/json');
      expect(JSON.parse((status as { body: string }).body)).toMatchObject({
        ok: true,
        data: { configured: true },
      });
      fx.rotor.control.clearLog();
      const list = await post(
        'customers.list',
        JSON.stringify({ arg: { accountId: fx.accountId, page: 1, limit: 2 } }),
        'application/json',
      );
      expect(JSON.parse((list as { body: string }).body)).toMatchObject({
        ok: true,
        data: { pagination: { limit: 2 } },
      });
      expect(fx.rotor.control.requestLog()).toHaveLength(1);
      expect(prototypeNames()).toEqual(prototypesBefore);
    });
  });
});
