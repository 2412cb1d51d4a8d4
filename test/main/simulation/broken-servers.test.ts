/**
 * The double's faults for issue 10: a server that ignores `page`, a proxy's burst-limit 429 that is not
 * the daily quota, records that fail the schema; and what the simulation needs of it: several companies,
 * revocable keys, a live request hook, and a fetch that reaches it without sockets.
 */
import { describe, expect, it } from 'vitest';
import { ApiCustomerSchema, ApiUpsertResponseSchema } from '@contract/customer';
import {
  API_VERSION,
  GARBAGE_KINDS,
  READ_SCOPE,
  WRITE_SCOPE,
} from '../../../electron/main/simulation/server';
import type { RequestLogEntry } from '../../../electron/main/simulation/server';
import { call, HEADERS, list, post, start } from './helpers';

const invalid = (row: Record<string, unknown>): boolean => !ApiCustomerSchema.safeParse(row).success;

describe('a server that ignores `page`', () => {
  it('ignorePage: every page is page 1 with has_more true, saying page 1', async () => {
    const server = await start({ customers: 12, seed: 3 });
    const first = await list(server, 'limit=5&page=1');
    server.control.setPaging('ignorePage');
    for (const page of [1, 2, 3, 9]) {
      const body = await list(server, `limit=5&page=${page}`);
      expect(body.data.map((c) => c.id)).toEqual(first.data.map((c) => c.id));
      expect(body.pagination).toEqual({ has_more: true, limit: 5, page: 1, total: first.pagination.total });
    }
    server.control.setPaging('honest');
    expect((await list(server, 'limit=5&page=3')).pagination).toMatchObject({ page: 3, has_more: false });
  });

  it('ignorePageEcho: page 1 again, but echoing the page asked for', async () => {
    const server = await start({ customers: 12, seed: 3 });
    const first = await list(server, 'limit=5&page=1');
    server.control.setPaging('ignorePageEcho');
    const third = await list(server, 'limit=5&page=3');
    expect(third.data.map((c) => c.id)).toEqual(first.data.map((c) => c.id));
    expect(third.pagination).toMatchObject({ page: 3, has_more: true });
  });
});

describe('rateLimited: a proxy burst limit, not the daily quota', () => {
  it('answers 429 without error_code, with Retry-After, counting no quota and writing nothing', async () => {
    const server = await start();
    server.control.queueFault('rateLimited', ['upsert']);
    const answer = await call(server, '/customers', { method: 'POST', body: { first_name: 'Burst' } });
    expect(answer.status).toBe(429);
    expect(answer.body).toEqual({ status: 'error', message: expect.any(String) });
    expect(answer.body).not.toHaveProperty('error_code');
    expect(server.control.upsertsApplied()).toBe(0);
    expect(server.control.quotaUsed(HEADERS['x-api-key'] ?? '')).toBe(0);
    expect(server.control.requestLog()).toMatchObject([{ status: 429, fault: 'rateLimited' }]);
    expect((await post(server, { first_name: 'Burst' })).status).toBe(201);
  });

  it('sends the Retry-After value set, or none', async () => {
    const server = await start();
    const retryAfter = async (): Promise<string | null> => {
      server.control.queueFault('rateLimited');
      const res = await fetch(`${server.url}/auth/test`, { headers: HEADERS });
      await res.text();
      return res.headers.get('retry-after');
    };
    expect(await retryAfter()).toBe('2');
    server.control.setRetryAfter('Wed, 04 Mar 2026 00:00:00 GMT');
    expect(await retryAfter()).toBe('Wed, 04 Mar 2026 00:00:00 GMT');
    server.control.setRetryAfter(null);
    expect(await retryAfter()).toBeNull();
  });
});

describe('garbage records', () => {
  it('garbageRecords on a list page breaks at least one record, the rest stay valid', async () => {
    const server = await start({ customers: 9, seed: 4 });
    for (let i = 0; i < 5; i++) {
      server.control.queueFault('garbageRecords', ['list']);
      const body = await list(server, 'limit=9');
      const bad = body.data.filter(invalid);
      expect(bad.length).toBeGreaterThanOrEqual(1);
      expect(bad.length).toBeLessThan(body.data.length);
      expect(body.pagination).toMatchObject({ total: 9, page: 1 });
    }
    expect((await list(server, 'limit=9')).data.filter(invalid)).toEqual([]);
  });

  it('garbageRecords on a get breaks the record; on an upsert it commits and drops the id', async () => {
    const server = await start({ customers: 2 });
    const id = server.control.customers()[0]?.id ?? '';
    server.control.queueFault('garbageRecords', ['get']);
    const got = await call(server, `/customers/${id}`);
    expect(got.status).toBe(200);
    expect(invalid(got.body?.data as Record<string, unknown>)).toBe(true);

    server.control.queueFault('garbageRecords', ['upsert']);
    const answer = await post(server, { id, notes: 'kept' });
    expect(answer.status).toBe(200);
    expect(answer.body).not.toHaveProperty('id');
    expect(ApiUpsertResponseSchema.safeParse(answer.body).success).toBe(false);
    expect(server.control.getCustomer(id)?.notes).toBe('kept');
  });

  it('spoilRecord serves one record broken in every list and get until repaired, in each way', async () => {
    const server = await start({ customers: 6, seed: 8 });
    const id = server.control.customers()[2]?.id ?? '';
    for (const kind of GARBAGE_KINDS) {
      server.control.spoilRecord(id, kind);
      const rows = (await list(server, 'limit=10')).data;
      expect(rows.filter(invalid), kind).toHaveLength(1);
      expect(invalid((await call(server, `/customers/${id}`)).body?.data as Record<string, unknown>)).toBe(
        true,
      );
    }
    server.control.spoilRecord(id, null);
    expect((await list(server, 'limit=10')).data.filter(invalid)).toEqual([]);
  });
});

describe('companies and keys', () => {
  const keys = {
    'key-of-company-a-aaaa': { companyId: 'co-a', scopes: [READ_SCOPE, WRITE_SCOPE] },
    'key-of-company-b-bbbb': { companyId: 'co-b', scopes: [READ_SCOPE, WRITE_SCOPE] },
  };
  const as = (key: string) => ({ 'x-api-key': key, 'rotor-api-version': API_VERSION });

  it('keeps each company apart: a key reads and writes only its own', async () => {
    const server = await start({
      apiKeys: keys,
      companies: { 'co-a': { customers: 3 }, 'co-b': { customers: 2 } },
    });
    const total = async (key: string): Promise<number> =>
      (
        (await call(server, '/customers?limit=10', { headers: as(key) })).body?.pagination as {
          total: number;
        }
      ).total;
    const [a, b] = [server.control.company('co-a'), server.control.company('co-b')];
    expect(await total('key-of-company-a-aaaa')).toBe(a.customerCount());
    expect(await total('key-of-company-b-bbbb')).toBe(b.customerCount());
    expect(a.customers().map((c) => c.id)).not.toEqual(b.customers().map((c) => c.id));
    const [countA, countB] = [a.customerCount(), b.customerCount()];
    await post(server, { first_name: 'Only', last_name: 'In B' }, as('key-of-company-b-bbbb'));
    expect([a.customerCount(), b.customerCount()]).toEqual([countA, countB + 1]);
    expect(server.control.customerCount({ archived: true })).toBe(0);
    const aId = server.control.company('co-a').customers()[0]?.id ?? '';
    expect((await call(server, `/customers/${aId}`, { headers: as('key-of-company-b-bbbb') })).status).toBe(
      404,
    );
    expect(() => server.control.company('co-z')).toThrow(/co-z/);
  });

  it('revokes and restores a key', async () => {
    const server = await start({ apiKeys: keys });
    const key = 'key-of-company-a-aaaa';
    server.control.setApiKey(key, null);
    expect((await call(server, '/auth/test', { headers: as(key) })).status).toBe(401);
    server.control.setApiKey(key, keys[key]);
    expect((await call(server, '/auth/test', { headers: as(key) })).status).toBe(200);
  });

  it('spendQuota: colleagues sharing the key spend today’s budget; it comes back at 00:00 UTC', async () => {
    let now = Date.parse('2026-03-02T23:00:00.000Z');
    const server = await start({ apiKeys: keys, dailyQuota: 10, now: () => now });
    const key = 'key-of-company-a-aaaa';
    server.control.spendQuota(key, 9);
    expect(server.control.quotaUsed(key)).toBe(9);
    expect((await call(server, '/auth/test', { headers: as(key) })).status).toBe(200);
    const refused = await call(server, '/auth/test', { headers: as(key) });
    expect(refused).toMatchObject({ status: 429, body: { error_code: 'RATE_LIMIT_EXCEEDED' } });
    now = Date.parse('2026-03-03T00:00:01.000Z');
    expect(server.control.quotaUsed(key)).toBe(0);
    expect((await call(server, '/auth/test', { headers: as(key) })).status).toBe(200);
  });

  it('tells a listener of every request as it arrives, with the client’s x-request-id', async () => {
    const server = await start();
    const seen: RequestLogEntry[] = [];
    const stop = server.control.onRequest((e) => seen.push(e));
    await call(server, '/auth/test', { headers: { 'x-request-id': 'trace-1' } });
    stop();
    await call(server, '/auth/test');
    expect(seen).toMatchObject([{ path: '/auth/test', requestId: 'trace-1' }]);
    expect(server.control.requestLog()).toHaveLength(2);
  });
});

describe('the in-process fetch', () => {
  it('answers as the HTTP server does, with the same log', async () => {
    const server = await start({ customers: 4, seed: 2 });
    const viaHttp = await (await fetch(`${server.url}/customers?limit=2`, { headers: HEADERS })).json();
    const res = await server.fetch(`${server.url}/customers?limit=2`, { headers: HEADERS });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(viaHttp);
    const created = await server.fetch(`${server.url}/customers`, {
      method: 'POST',
      headers: { ...HEADERS, 'content-type': 'application/json', 'idempotency-key': 'k1' },
      body: JSON.stringify({ first_name: 'In', last_name: 'Process' }),
    });
    expect(created.status).toBe(201);
    expect(server.control.requestLog().map((e) => [e.method, e.status, e.idempotencyKey])).toEqual([
      ['GET', 200, undefined],
      ['GET', 200, undefined],
      ['POST', 201, 'k1'],
    ]);
  });

  it('rejects like fetch for resets, an unreachable server and other origins; waits for the abort on timeout', async () => {
    const server = await start();
    const url = `${server.url}/auth/test`;
    server.control.queueFault('resetAfterCommit');
    const reset = server.fetch(url, { headers: HEADERS });
    await expect(reset).rejects.toThrow(TypeError);
    await expect(reset).rejects.toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNRESET' } });
    server.control.setReachable(false);
    await expect(server.fetch(url, { headers: HEADERS })).rejects.toMatchObject({
      cause: { code: 'ECONNREFUSED' },
    });
    server.control.setReachable(true);
    await expect(server.fetch('http://127.0.0.1:1/auth/test')).rejects.toThrow(TypeError);

    server.control.queueFault('timeout');
    const abort = new AbortController();
    const arrived = server.control.nextRequest();
    const hanging = server.fetch(url, { headers: HEADERS, signal: abort.signal });
    await arrived;
    abort.abort();
    await expect(hanging).rejects.toMatchObject({ name: 'AbortError' });

    server.control.queueFault('timeout');
    const logged = server.control.nextRequest();
    const dropped = server.fetch(url, { headers: HEADERS });
    await logged;
    server.control.setReachable(false);
    await expect(dropped).rejects.toMatchObject({ cause: { code: 'ECONNRESET' } });
  });

  it('delays answers on the injected timer', async () => {
    const armed: number[] = [];
    const due: (() => void)[] = [];
    const server = await start({
      latencyMs: 250,
      setTimer: (fn, ms) => {
        armed.push(ms);
        due.push(fn);
        return () => undefined;
      },
    });
    const logged = server.control.nextRequest();
    const pending = server.fetch(`${server.url}/auth/test`, { headers: HEADERS });
    await logged;
    await new Promise((r) => setImmediate(r));
    expect(armed).toEqual([250]);
    due.shift()?.();
    expect((await pending).status).toBe(200);
  });
});
