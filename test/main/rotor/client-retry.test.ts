import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUR, T0, apiCustomer, failure, harness, page, upsertAnswer } from './harness';
import { destroy, json, startScriptedServer, text } from './scripted-server';
import type { ScriptedServer } from './scripted-server';

let server: ScriptedServer;
beforeEach(async () => {
  server = await startScriptedServer();
});
afterEach(async () => {
  await server.close();
});

const customer = { data: apiCustomer(), status: 'success' };
const rateLimited = json(429, {
  status: 'error',
  message: 'Daily API key request limit of 1000 exceeded',
  error_code: 'RATE_LIMIT_EXCEEDED',
});

describe('read retries', () => {
  it.each([
    ['a 500', json(500, { message: 'Internal server error' })],
    ['an HTML 502', text(502, '<html>Bad Gateway</html>', 'text/html')],
    ['a 503', json(503, {})],
    ['a 408', json(408, {})],
    ['a reset connection', destroy],
  ])('retries %s and succeeds on the next attempt', async (_name, reply) => {
    server.reply(reply, json(200, customer));
    const { client, sleeps, ledger } = harness(server);
    const c = await client.getCustomer('x');
    expect(c.id).toBe(apiCustomer().id);
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([250]);
    expect(ledger.state().usedToday).toBe(2);
  });

  it('tries a read at most three times, with exponential full-jitter backoff', async () => {
    server.always(json(500, {}));
    const { client, sleeps, ledger } = harness(server, { random: () => 0.5 });
    const e = await failure(client.listCustomers({ page: 1, limit: 50 }));
    expect(e).toMatchObject({ kind: 'server', status: 500 });
    expect(server.requests).toHaveLength(3);
    // random 0.5 of ceilings 500 and 1000 ms.
    expect(sleeps).toEqual([250, 500]);
    expect(ledger.state().usedToday).toBe(3);
  });

  it('draws each delay from the whole jitter range', async () => {
    server.always(json(500, {}));
    const draws = [0.999, 0];
    const { client, sleeps } = harness(server, { random: () => draws.shift() ?? 0 });
    await failure(client.testAuth());
    expect(sleeps).toEqual([499, 0]);
  });

  it('retries timeouts of reads', async () => {
    server.reply(() => {}, json(200, { authenticated: true }));
    const { client, sleeps } = harness(server, { timeouts: { defaultMs: 50, listMs: 50 } });
    await expect(client.testAuth()).resolves.toEqual({ companyId: null, userId: null, scopes: [] });
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
  });

  it.each([
    ['401', json(401, { error_code: 'AUTHENTICATION_REQUIRED' })],
    ['403', json(403, { message: "required scope 'customers:read' not granted" })],
    ['404', json(404, { message: 'Not found' })],
    ['400', json(400, { errors: [] })],
    ['a bad body', text(200, '<html></html>', 'text/html')],
    ['an invalid page', json(200, { data: [] })],
  ])('does not retry %s', async (_name, reply) => {
    server.always(reply);
    const { client, sleeps } = harness(server);
    await failure(client.listCustomers({ page: 1, limit: 50 }));
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('honours Retry-After in seconds', async () => {
    server.reply(json(503, {}, { 'retry-after': '3' }), json(200, customer));
    const { client, sleeps } = harness(server);
    await client.getCustomer('x');
    expect(sleeps).toEqual([3000]);
  });

  it('honours Retry-After as an HTTP date, against the injected clock', async () => {
    server.reply(json(503, {}, { 'retry-after': new Date(T0 + 7000).toUTCString() }), json(200, customer));
    const { client, sleeps } = harness(server);
    await client.getCustomer('x');
    expect(sleeps).toEqual([7000]);
  });

  it('caps a long Retry-After at 60 s', async () => {
    server.reply(json(503, {}, { 'retry-after': '86400' }), json(200, customer));
    const { client, sleeps } = harness(server);
    await client.getCustomer('x');
    expect(sleeps).toEqual([60_000]);
  });

  it('falls back to backoff when Retry-After is unreadable', async () => {
    server.reply(json(503, {}, { 'retry-after': 'soon-ish' }), json(200, customer));
    const { client, sleeps } = harness(server);
    await client.getCustomer('x');
    expect(sleeps).toEqual([250]);
  });

  it('reports Retry-After as retryAt on the final failure', async () => {
    server.always(json(503, {}, { 'retry-after': '30' }));
    const { client } = harness(server);
    const e = await failure(client.getCustomer('x'));
    expect(e.retryAt).toBe(new Date(T0 + 30_000).toISOString());
  });

  it('reports each attempt’s outcome for connectivity', async () => {
    server.reply(destroy, json(200, customer));
    const { client, outcomes } = harness(server);
    await client.getCustomer('x');
    expect(outcomes).toEqual(['network-error', 'http-answer']);
  });
});

describe('a 429 that is not the daily quota (a proxy’s burst limit)', () => {
  const burst = (headers: Record<string, string> = {}) =>
    json(429, { message: 'Too many requests' }, headers);

  it('is rate_limited, retryable, and leaves the ledger alone', async () => {
    server.always(burst({ 'retry-after': '120' }));
    const { client, ledger, sleeps } = harness(server);
    const e = await failure(client.getCustomer('x'));
    expect(e).toMatchObject({
      kind: 'rate_limited',
      retryable: true,
      status: 429,
      retryAt: new Date(T0 + 120_000).toISOString(),
    });
    // 120 s is longer than a read waits: not retried here (the caller may try again at retryAt).
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(ledger.state()).toMatchObject({ exhausted: false, usedToday: 1 });
    await expect(client.getCustomer('x')).rejects.toMatchObject({ error: { kind: 'rate_limited' } });
    expect(server.requests).toHaveLength(2);
  });

  it('a read retries it within its attempt budget, waiting what Retry-After says', async () => {
    server.reply(burst({ 'retry-after': '7' }), json(200, customer));
    const { client, sleeps } = harness(server);
    await expect(client.getCustomer('x')).resolves.toMatchObject({ id: apiCustomer().id });
    expect(sleeps).toEqual([7000]);
  });

  it('without Retry-After waits 30 s; with an HTTP date, until then', async () => {
    server.reply(burst(), burst({ 'retry-after': new Date(T0 + 12_000).toUTCString() }));
    server.always(burst());
    const { client, sleeps } = harness(server);
    const e = await failure(client.listCustomers({ page: 1, limit: 50 }));
    expect(sleeps).toEqual([30_000, 12_000]);
    expect(server.requests).toHaveLength(3);
    expect(e).toMatchObject({ kind: 'rate_limited', retryAt: new Date(T0 + 30_000).toISOString() });
  });

  it('caps retryAt at 15 minutes', async () => {
    server.always(burst({ 'retry-after': '86400' }));
    const { client } = harness(server);
    const e = await failure(client.getCustomer('x'));
    expect(e.retryAt).toBe(new Date(T0 + 15 * 60_000).toISOString());
  });

  it('a write is not retried here: the outbox sends it again after retryAt', async () => {
    server.always(burst({ 'retry-after': '5' }));
    const { client, sleeps, ledger } = harness(server);
    const e = await failure(client.upsertCustomer({ first_name: 'Jo' }, { idempotencyKey: 'k-burst-001' }));
    expect(e).toMatchObject({
      kind: 'rate_limited',
      retryable: true,
      retryAt: new Date(T0 + 5000).toISOString(),
    });
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(ledger.state().exhausted).toBe(false);
  });

  it('an HTML 429 from a proxy is a burst limit too', async () => {
    server.always(text(429, '<html>slow down</html>', 'text/html'));
    const { client, ledger } = harness(server);
    const e = await failure(client.upsertCustomer({ first_name: 'Jo' }, { idempotencyKey: 'k-burst-002' }));
    expect(e.kind).toBe('rate_limited');
    expect(ledger.state().exhausted).toBe(false);
  });
});

describe('main’s quota probe', () => {
  it('is not sent while the budget is not spent', async () => {
    const { client } = harness(server);
    expect(await client.probeQuota()).toBe('not_due');
    expect(server.requests).toHaveLength(0);
  });

  it('is sent once, when due, as GET /auth/test, and lifts the pause when answered', async () => {
    server.reply(rateLimited, destroy, rateLimited, json(200, { authenticated: true }));
    const { client, clock, ledger, sleeps } = harness(server);
    await failure(client.getCustomer('x'));
    expect(await client.probeQuota()).toBe('not_due');
    clock.t = T0 + HOUR;
    // A network failure is not retried: it waits the hour like any probe.
    expect(await client.probeQuota()).toBe('failed');
    expect(await client.probeQuota()).toBe('not_due');
    clock.t = T0 + 2 * HOUR;
    expect(await client.probeQuota()).toBe('failed');
    expect(ledger.state().exhausted).toBe(true);
    clock.t = T0 + 3 * HOUR;
    expect(await client.probeQuota()).toBe('recovered');
    expect(ledger.state().exhausted).toBe(false);
    expect(server.requests.map((r) => r.path)).toEqual([
      '/customers/x',
      '/auth/test',
      '/auth/test',
      '/auth/test',
    ]);
    expect(sleeps).toEqual([]);
  });
});

describe('writes are never retried by the client', () => {
  it.each([
    ['a 500', json(500, {})],
    ['a 503 with Retry-After', json(503, {}, { 'retry-after': '1' })],
    ['a 408', json(408, {})],
    ['a reset connection', destroy],
  ])('sends an upsert once after %s', async (_name, reply) => {
    server.always(reply);
    const { client, sleeps, ledger } = harness(server);
    const e = await failure(client.upsertCustomer({ first_name: 'Jo' }, { idempotencyKey: 'k-00000001' }));
    expect(e.retryable).toBe(true);
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(ledger.state().usedToday).toBe(1);
  });

  it('sends an upsert once after a timeout', async () => {
    server.always(() => {});
    const { client } = harness(server, { timeouts: { defaultMs: 50, listMs: 50 } });
    const e = await failure(client.upsertCustomer({ first_name: 'Jo' }, { idempotencyKey: 'k-00000002' }));
    expect(e.kind).toBe('timeout');
    expect(server.requests).toHaveLength(1);
  });
});

describe('quota ledger integration', () => {
  it('counts every request, including key checks', async () => {
    server.reply(json(200, { authenticated: true }), json(200, page([])), json(201, upsertAnswer()));
    const { client, ledger } = harness(server);
    await client.testAuth();
    await client.listCustomers({ page: 1, limit: 50 });
    await client.upsertCustomer({ first_name: 'Jo' }, { idempotencyKey: 'k-00000003' });
    expect(ledger.state().usedToday).toBe(3);
  });

  it('a 429 is not retried, even on reads, and pauses all further requests locally', async () => {
    server.always(rateLimited);
    const { client, ledger, sleeps, clock } = harness(server);
    const first = await failure(client.getCustomer('x'));
    expect(first).toMatchObject({ kind: 'quota', retryAt: '2024-06-12T00:00:00.000Z' });
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(ledger.state()).toMatchObject({ exhausted: true, resetsAt: '2024-06-12T00:00:00.000Z' });

    clock.t = T0 + 30 * 60_000;
    const calls = [
      client.getCustomer('x'),
      client.listCustomers({ page: 1, limit: 50 }),
      client.upsertCustomer({ first_name: 'Jo' }, { idempotencyKey: 'k-00000004' }),
      client.testAuth(),
    ];
    for (const call of calls) {
      const e = await failure(call);
      expect(e).toMatchObject({ kind: 'quota', retryable: false, retryAt: '2024-06-12T00:00:00.000Z' });
      expect(e.message).toContain('assumes 00:00 UTC');
    }
    expect(server.requests).toHaveLength(1);
    expect(ledger.state().usedToday).toBe(1);
  });

  it('sends one probe an hour later; success clears the pause', async () => {
    server.reply(rateLimited, json(200, customer), json(200, customer));
    const { client, ledger, clock } = harness(server);
    await failure(client.getCustomer('x'));
    clock.t = T0 + HOUR;
    await expect(client.getCustomer('x')).resolves.toMatchObject({ id: apiCustomer().id });
    expect(ledger.state().exhausted).toBe(false);
    await client.getCustomer('x');
    expect(server.requests).toHaveLength(3);
  });

  it('a probe that meets another 429 keeps the pause for another hour', async () => {
    server.always(rateLimited);
    const { client, ledger, clock } = harness(server);
    await failure(client.getCustomer('x'));
    clock.t = T0 + HOUR;
    expect((await failure(client.getCustomer('x'))).kind).toBe('quota');
    expect((await failure(client.getCustomer('x'))).kind).toBe('quota');
    expect(server.requests).toHaveLength(2);
    expect(ledger.state().nextProbeAt).toBe(new Date(T0 + 2 * HOUR).toISOString());
  });

  it('only one of several concurrent calls becomes the probe', async () => {
    server.reply(rateLimited);
    server.always(json(200, customer));
    const { client, clock } = harness(server);
    await failure(client.getCustomer('x'));
    clock.t = T0 + HOUR;
    const results = await Promise.allSettled([
      client.getCustomer('a'),
      client.getCustomer('b'),
      client.getCustomer('c'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
  });

  it('a probe that fails on the network does not get retried past the quota pause', async () => {
    server.reply(rateLimited, destroy);
    const { client, clock } = harness(server);
    await failure(client.getCustomer('x'));
    clock.t = T0 + HOUR;
    expect((await failure(client.getCustomer('x'))).kind).toBe('quota');
    expect(server.requests).toHaveLength(2);
  });

  it('requests flow again after 00:00 UTC', async () => {
    server.reply(rateLimited, json(200, customer));
    const { client, clock } = harness(server);
    await failure(client.getCustomer('x'));
    clock.t = Date.parse('2024-06-12T00:00:00.000Z');
    await expect(client.getCustomer('x')).resolves.toMatchObject({ id: apiCustomer().id });
  });

  it('a new key being checked is not blocked by the stored key’s spent budget', async () => {
    server.reply(rateLimited, json(200, { authenticated: true, scopes: ['customers:read'] }));
    const { client, ledger } = harness(server);
    await failure(client.getCustomer('x'));
    const info = await client.testAuth({ apiKey: 'rk_other_key_1234' });
    expect(info.scopes).toEqual(['customers:read']);
    expect(ledger.state().usedToday).toBe(2);
  });
});
