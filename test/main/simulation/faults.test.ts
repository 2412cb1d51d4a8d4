import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_API_KEY } from '../../../electron/main/simulation/server';
import type { FaultKind, RotorServer } from '../../../electron/main/simulation/server';
import { call, HEADERS, list, post, start } from './helpers';

/** What the client sees for one request: an HTTP status, or the kind of failure fetch reports. */
async function outcome(server: RotorServer, path = '/auth/test'): Promise<number | 'network'> {
  try {
    return (await call(server, path)).status;
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError); // fetch's "fetch failed" for resets and refusals
    return 'network';
  }
}

describe('queued faults', () => {
  it('status5xx answers the documented 500 body; nothing is written, the request counts', async () => {
    const server = await start();
    server.control.queueFault('status5xx');
    const answer = await post(server, { first_name: 'X' });
    expect(answer).toMatchObject({
      status: 500,
      body: { status: 'error', message: 'Internal server error' },
    });
    expect(server.control.upsertsApplied()).toBe(0);
    expect(server.control.customerCount()).toBe(0);
    expect(server.control.quotaUsed(DEMO_API_KEY)).toBe(1);
    expect((await post(server, { first_name: 'X' })).status).toBe(201);
  });

  it('resetBeforeCommit drops the connection before any work, and spends no quota', async () => {
    const server = await start();
    server.control.queueFault('resetBeforeCommit');
    await expect(post(server, { first_name: 'Lost', phone: '(612) 555-0101' })).rejects.toThrow(TypeError);
    expect(server.control.customerCount()).toBe(0);
    expect(server.control.upsertsApplied()).toBe(0);
    expect(server.control.quotaUsed(DEMO_API_KEY)).toBe(0);
    expect(server.control.requestLog()).toMatchObject([
      { method: 'POST', status: null, fault: 'resetBeforeCommit' },
    ]);
  });

  it('resetAfterCommit commits the upsert, then drops the connection', async () => {
    const server = await start();
    server.control.queueFault('resetAfterCommit');
    await expect(post(server, { first_name: 'Ghost', phone: '(612) 555-0102' })).rejects.toThrow(TypeError);
    expect(server.control.upsertsApplied()).toBe(1);
    expect(server.control.customers()).toMatchObject([{ first_name: 'Ghost', phone: '(612) 555-0102' }]);
    expect(server.control.quotaUsed(DEMO_API_KEY)).toBe(1);
    expect(server.control.requestLog()).toMatchObject([{ status: null, fault: 'resetAfterCommit' }]);
    // The client's retry of the same create matches the committed record by phone instead of duplicating.
    const retry = await post(server, { first_name: 'Ghost', phone: '(612) 555-0102' });
    expect(retry.status).toBe(200);
    expect(server.control.customerCount()).toBe(1);
  });

  it('timeout never answers; the client gives up with its own abort', async () => {
    const server = await start();
    server.control.queueFault('timeout');
    const abort = new AbortController();
    const arrived = server.control.nextRequest();
    const pending = call(server, '/customers?limit=5', { signal: abort.signal });
    await arrived;
    abort.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.control.requestLog()).toMatchObject([
      { path: '/customers', status: null, fault: 'timeout' },
    ]);
    expect((await call(server, '/customers?limit=5')).status).toBe(200);
  });

  it('timeout does not keep close() waiting', async () => {
    const server = await start();
    server.control.queueFault('timeout');
    const arrived = server.control.nextRequest();
    const pending = call(server, '/auth/test');
    await arrived;
    await server.close();
    await expect(pending).rejects.toThrow(TypeError);
  });

  it('html502 answers a proxy HTML page that is not JSON', async () => {
    const server = await start();
    server.control.queueFault('html502');
    const answer = await call(server, '/customers?limit=5');
    expect(answer.status).toBe(502);
    expect(answer.contentType).toContain('text/html');
    expect(answer.text).toContain('502 Bad Gateway');
    expect(answer.body).toBeUndefined();
    expect(server.control.quotaUsed(DEMO_API_KEY)).toBe(0);
  });

  it('truncatedJson sends a well-formed HTTP answer whose JSON is cut short (after doing the work)', async () => {
    const server = await start({ customers: 5 });
    server.control.queueFault('truncatedJson');
    const answer = await post(server, { first_name: 'Half', email: 'half@example.com' });
    expect(answer.status).toBe(201);
    expect(answer.body).toBeUndefined();
    expect(() => JSON.parse(answer.text)).toThrow(SyntaxError);
    expect(answer.text.startsWith('{"id":')).toBe(true);
    expect(server.control.upsertsApplied()).toBe(1);
    const whole = await post(server, { email: 'half@example.com' });
    expect(whole.text.length).toBeGreaterThan(answer.text.length);
  });

  it('applies queued faults in order, only to the routes named', async () => {
    const server = await start({ customers: 3 });
    server.control.queueFault('status5xx', ['upsert']);
    server.control.queueFault('html502');
    expect(await outcome(server, '/customers?limit=1')).toBe(502); // html502 is unrestricted: first match
    expect(await outcome(server, '/customers?limit=1')).toBe(200); // upsert-only fault waits
    expect((await post(server, { first_name: 'Y' })).status).toBe(500);
    expect((await post(server, { first_name: 'Y' })).status).toBe(201);
  });

  it('records the fault kind in the log for every kind', async () => {
    const server = await start();
    const kinds: FaultKind[] = [
      'status5xx',
      'resetBeforeCommit',
      'resetAfterCommit',
      'html502',
      'truncatedJson',
    ];
    for (const kind of kinds) {
      server.control.queueFault(kind);
      await outcome(server);
    }
    expect(server.control.requestLog().map((e) => e.fault)).toEqual(kinds);
  });
});

describe('probabilistic faults', () => {
  async function sequence(seed: number): Promise<(number | 'network')[]> {
    const server = await start({ seed });
    server.control.injectFaults({ status5xx: 0.3, resetBeforeCommit: 0.2, html502: 0.2 });
    const seen: (number | 'network')[] = [];
    for (let i = 0; i < 40; i++) seen.push(await outcome(server));
    return seen;
  }

  it('are drawn from a seeded generator: same seed, same sequence', async () => {
    const a = await sequence(21);
    const b = await sequence(21);
    const c = await sequence(22);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    expect(new Set(a)).toEqual(new Set([200, 500, 502, 'network']));
  });

  it('fault every request at probability 1 and none after clearFaults', async () => {
    const server = await start();
    server.control.injectFaults({ status5xx: 1 });
    expect([await outcome(server), await outcome(server)]).toEqual([500, 500]);
    server.control.clearFaults();
    expect(await outcome(server)).toBe(200);
  });

  it('respect `only`', async () => {
    const server = await start({ customers: 2 });
    server.control.injectFaults({ html502: 1, only: ['list'] });
    expect(await outcome(server, '/customers?limit=1')).toBe(502);
    expect(await outcome(server, '/auth/test')).toBe(200);
    expect((await post(server, { first_name: 'Z' })).status).toBe(201);
  });

  it('reject probabilities outside 0..1 or adding up to more than 1', async () => {
    const server = await start();
    expect(() => server.control.injectFaults({ status5xx: 1.5 })).toThrow(RangeError);
    expect(() => server.control.injectFaults({ status5xx: 0.6, timeout: 0.6 })).toThrow(RangeError);
  });
});

describe('latency', () => {
  it('delays every answer by the configured time', async () => {
    const server = await start({ latencyMs: 120 });
    let t0 = performance.now();
    expect(await outcome(server)).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(115);
    server.control.setLatency(0);
    server.control.setLatency(60);
    t0 = performance.now();
    await outcome(server);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
  });
});

describe('reachability', () => {
  it('setReachable(false) refuses connections, logs and counts nothing; true restores service', async () => {
    const server = await start();
    expect(await outcome(server)).toBe(200); // leaves a keep-alive connection open
    server.control.setReachable(false);
    expect(server.control.reachable()).toBe(false);
    expect(await outcome(server)).toBe('network');
    expect(await outcome(server, '/customers?limit=1')).toBe('network');
    expect(server.control.requestLog()).toHaveLength(1);
    expect(server.control.quotaUsed(DEMO_API_KEY)).toBe(1);
    server.control.setReachable(true);
    expect(server.control.reachable()).toBe(true);
    expect(await outcome(server)).toBe(200);
  });

  it('drops a request that is waiting out its latency when the server goes offline', async () => {
    const server = await start({ latencyMs: 10_000 });
    const arrived = server.control.nextRequest();
    const pending = outcome(server);
    await arrived;
    server.control.setReachable(false);
    expect(await pending).toBe('network');
  });
});

describe('request log', () => {
  it('records method, path, query, status, idempotency key, a key hint and the injected time', async () => {
    const server = await start({ customers: 3, now: () => 1_700_000_000_000 });
    await call(server, '/customers?limit=2&search=o%27brien');
    await post(server, { first_name: 'L' }, { 'idempotency-key': 'k-123456789' });
    await call(server, '/auth/test', { headers: { 'x-api-key': '' } });
    expect(server.control.requestLog()).toEqual([
      {
        method: 'GET',
        path: '/customers',
        query: { limit: '2', search: "o'brien" },
        status: 200,
        apiKeyHint: '0000',
        at: 1_700_000_000_000,
      },
      {
        method: 'POST',
        path: '/customers',
        query: {},
        status: 201,
        idempotencyKey: 'k-123456789',
        apiKeyHint: '0000',
        at: 1_700_000_000_000,
      },
      {
        method: 'GET',
        path: '/auth/test',
        query: {},
        status: 401,
        apiKeyHint: '****',
        at: 1_700_000_000_000,
      },
    ]);
    expect(JSON.stringify(server.control.requestLog())).not.toContain(DEMO_API_KEY);
    server.control.clearLog();
    expect(server.control.requestLog()).toEqual([]);
  });

  it('hands out copies that the caller cannot use to change the log', async () => {
    const server = await start();
    await outcome(server);
    const [entry] = server.control.requestLog();
    if (entry) entry.status = 999;
    expect(server.control.requestLog()[0]?.status).toBe(200);
  });
});

describe('overrideNext', () => {
  it('serves a raw body once for the path, after the key and quota checks', async () => {
    const server = await start({ customers: 3 });
    server.control.overrideNext('/customers', { body: { data: [{ identifier: 1 }], status: 'success' } });
    const odd = await list(server, 'limit=10');
    expect(odd.data).toEqual([{ identifier: 1 }]);
    expect((await list(server, 'limit=10')).data).toHaveLength(3);
    expect(server.control.quotaUsed(DEMO_API_KEY)).toBe(2);

    server.control.overrideNext('/customers', {
      status: 200,
      body: 'not json at all',
      headers: { 'content-type': 'text/plain' },
    });
    const unauthorised = await call(server, '/customers?limit=1', {
      headers: { 'x-api-key': 'wrong-key-0000' },
    });
    expect(unauthorised.status).toBe(401);
    const raw = await call(server, '/customers?limit=1');
    expect(raw).toMatchObject({ status: 200, text: 'not json at all', contentType: 'text/plain' });
  });

  it('can match a method and compute the answer from the request', async () => {
    const server = await start();
    server.control.overrideNext(
      '/customers',
      (req) => ({
        status: 201,
        body: { id: 123, echoed: JSON.parse(req.body) as unknown, method: req.method },
      }),
      'post',
    );
    expect((await list(server, 'limit=1')).data).toEqual([]);
    const answer = await post(server, { first_name: 'E' });
    expect(answer).toMatchObject({
      status: 201,
      body: { id: 123, echoed: { first_name: 'E' }, method: 'POST' },
    });
    expect(server.control.upsertsApplied()).toBe(0);
  });
});

describe('lifecycle', () => {
  it('close() is idempotent and the url is a loopback base URL', async () => {
    const server = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await server.close();
    await server.close();
    await expect(fetch(`${server.url}/auth/test`, { headers: HEADERS })).rejects.toThrow(TypeError);
  });

  it('never imports electron, so it runs in plain Node', () => {
    const dir = join(import.meta.dirname, '../../../electron/main/simulation');
    for (const file of readdirSync(dir)) {
      const source = readFileSync(join(dir, file), 'utf8');
      expect(source, file).not.toMatch(/from\s+['"]electron['"]|require\(\s*['"]electron['"]\s*\)/);
    }
  });
});
