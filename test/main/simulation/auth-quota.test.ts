import { describe, expect, it } from 'vitest';
import { DEMO_API_KEY } from '../../../electron/main/simulation/server';
import { call, post, start } from './helpers';

const READ_ONLY = 'read-only-key-1111';
const WRITE_ONLY = 'write-only-key-2222';
const keys = {
  [DEMO_API_KEY]: { companyId: 'co-1', userId: 'user-1', scopes: ['customers:read', 'customers:write'] },
  [READ_ONLY]: { companyId: 'co-1', scopes: ['customers:read', 'leads:read'] },
  [WRITE_ONLY]: { companyId: 'co-1', scopes: ['customers:write'] },
};

describe('API key check', () => {
  it('answers 401 with the documented body when the key is missing or unknown', async () => {
    const server = await start({ customers: 3 });
    const expected = {
      status: 'error',
      message: 'Authentication required. Provide x-api-key header.',
      error_code: 'AUTHENTICATION_REQUIRED',
    };
    const missing = await call(server, '/customers?limit=10', { headers: { 'x-api-key': '' } });
    // An empty header is as good as none; also try truly absent.
    const absent = await fetch(`${server.url}/customers?limit=10`, {
      headers: { 'rotor-api-version': '1.1.0' },
    });
    const unknown = await call(server, '/customers?limit=10', { headers: { 'x-api-key': 'nope-nope-nope' } });
    expect(missing).toMatchObject({ status: 401, body: expected });
    expect(absent.status).toBe(401);
    expect(await absent.json()).toEqual(expected);
    expect(unknown).toMatchObject({ status: 401, body: expected });
    // Prototype keys are not keys.
    expect((await call(server, '/auth/test', { headers: { 'x-api-key': '__proto__' } })).status).toBe(401);
  });

  it('does not count requests without a valid key against any quota', async () => {
    const server = await start({ dailyQuota: 1 });
    await call(server, '/auth/test', { headers: { 'x-api-key': 'nope-nope-nope' } });
    expect(server.control.quotaUsed('nope-nope-nope')).toBe(0);
    expect((await call(server, '/auth/test')).status).toBe(200);
  });

  it('GET /auth/test describes the key without touching data', async () => {
    const at = Date.UTC(2025, 2, 4, 5, 6, 7);
    const server = await start({ apiKeys: keys, now: () => at });
    const answer = await call(server, '/auth/test');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      status: 'success',
      message: 'API key is valid',
      authenticated: true,
      company_id: 'co-1',
      user_id: 'user-1',
      auth_method: 'api_key',
      scopes: ['customers:read', 'customers:write'],
      timestamp: '2025-03-04T05:06:07.000Z',
    });
    const readOnly = await call(server, '/auth/test', { headers: { 'x-api-key': READ_ONLY } });
    expect(readOnly.body?.scopes).toEqual(['customers:read', 'leads:read']);
    expect(server.control.upsertsApplied()).toBe(0);
  });

  it('answers 403 INSUFFICIENT_SCOPE naming the missing scope', async () => {
    const server = await start({ apiKeys: keys, customers: 2 });
    const [first] = server.control.customers();
    const denyWrite = await post(server, { first_name: 'A' }, { 'x-api-key': READ_ONLY });
    expect(denyWrite).toMatchObject({
      status: 403,
      body: {
        status: 'error',
        message: "Forbidden: required scope 'customers:write' not granted for this API key",
        error_code: 'INSUFFICIENT_SCOPE',
      },
    });
    const denyList = await call(server, '/customers?limit=5', { headers: { 'x-api-key': WRITE_ONLY } });
    const denyGet = await call(server, `/customers/${first?.id}`, { headers: { 'x-api-key': WRITE_ONLY } });
    for (const denied of [denyList, denyGet]) {
      expect(denied.status).toBe(403);
      expect(denied.body?.message).toBe(
        "Forbidden: required scope 'customers:read' not granted for this API key",
      );
    }
    expect((await call(server, '/customers?limit=5', { headers: { 'x-api-key': READ_ONLY } })).status).toBe(
      200,
    );
    expect((await post(server, { first_name: 'B' }, { 'x-api-key': WRITE_ONLY })).status).toBe(201);
    expect(server.control.customerCount()).toBe(3);
  });
});

describe('rotor-api-version header', () => {
  it('is required (400 with a message naming the header) and must be 1.1.0', async () => {
    const server = await start();
    const missing = await fetch(`${server.url}/auth/test`, { headers: { 'x-api-key': DEMO_API_KEY } });
    expect(missing.status).toBe(400);
    const body = (await missing.json()) as { status: string; message: string };
    expect(body.status).toBe('error');
    expect(body.message).toContain('rotor-api-version');
    const wrong = await call(server, '/auth/test', { headers: { 'rotor-api-version': '2.0.0' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body?.message).toContain("'2.0.0'");
  });
});

describe('routing', () => {
  it('answers the documented 404 body for unknown paths and methods', async () => {
    const server = await start({ customers: 1 });
    const notFound = { status: 'error', message: 'Not found' };
    expect(await call(server, '/leads')).toMatchObject({ status: 404, body: notFound });
    const [c] = server.control.customers();
    expect(await call(server, `/customers/${c?.id}`, { method: 'DELETE' })).toMatchObject({
      status: 404,
      body: notFound,
    });
    expect(await call(server, `/customers/${c?.id}`, { method: 'PATCH', body: {} })).toMatchObject({
      status: 404,
    });
    expect(server.control.customerCount()).toBe(1);
  });
});

describe('daily quota', () => {
  it('counts every request with a valid key and answers 429 RATE_LIMIT_EXCEEDED past the limit', async () => {
    const server = await start({ customers: 5, dailyQuota: 4 });
    const [c] = server.control.customers();
    expect((await call(server, '/auth/test')).status).toBe(200);
    expect((await call(server, '/customers?limit=2')).status).toBe(200);
    expect((await call(server, `/customers/${c?.id}`)).status).toBe(200);
    expect((await post(server, { first_name: 'Q' })).status).toBe(201);
    expect(server.control.quotaUsed(DEMO_API_KEY)).toBe(4);

    const over = await call(server, '/customers?limit=2');
    expect(over).toMatchObject({
      status: 429,
      body: {
        status: 'error',
        message: 'Daily API key request limit of 4 exceeded',
        error_code: 'RATE_LIMIT_EXCEEDED',
      },
    });
    // Refused writes do nothing.
    expect((await post(server, { first_name: 'R' })).status).toBe(429);
    expect(server.control.upsertsApplied()).toBe(1);
    // Retrying a 429 burns more: refused requests count too.
    expect(server.control.quotaUsed(DEMO_API_KEY)).toBe(6);
  });

  it('counts a request refused for its version header or scope', async () => {
    const server = await start({ apiKeys: keys, dailyQuota: 10 });
    await fetch(`${server.url}/auth/test`, { headers: { 'x-api-key': READ_ONLY } });
    await post(server, { first_name: 'x' }, { 'x-api-key': READ_ONLY });
    expect(server.control.quotaUsed(READ_ONLY)).toBe(2);
  });

  it('keeps a separate budget per key', async () => {
    const server = await start({ apiKeys: keys, dailyQuota: 1 });
    expect((await call(server, '/auth/test')).status).toBe(200);
    expect((await call(server, '/auth/test')).status).toBe(429);
    expect((await call(server, '/auth/test', { headers: { 'x-api-key': READ_ONLY } })).status).toBe(200);
    expect(server.control.quotaUsed(READ_ONLY)).toBe(1);
  });

  it('resets at 00:00 UTC of the injected clock', async () => {
    let now = Date.UTC(2025, 0, 1, 23, 59, 0);
    const server = await start({ dailyQuota: 2, now: () => now });
    await call(server, '/auth/test');
    await call(server, '/auth/test');
    expect((await call(server, '/auth/test')).status).toBe(429);
    now = Date.UTC(2025, 0, 1, 23, 59, 59, 999);
    expect((await call(server, '/auth/test')).status).toBe(429);
    now = Date.UTC(2025, 0, 2, 0, 0, 0);
    expect(server.control.quotaUsed(DEMO_API_KEY)).toBe(0);
    expect((await call(server, '/auth/test')).status).toBe(200);
    expect(server.control.quotaUsed(DEMO_API_KEY)).toBe(1);
  });

  it('can be changed and reset by the test controls, and follows setNow', async () => {
    const now = Date.UTC(2025, 5, 1, 12);
    const server = await start({ dailyQuota: 1, now: () => now });
    await call(server, '/auth/test');
    expect((await call(server, '/auth/test')).status).toBe(429);
    server.control.setQuota(3);
    expect((await call(server, '/auth/test')).status).toBe(200); // the third of 3
    expect((await call(server, '/auth/test')).status).toBe(429);
    server.control.resetQuota();
    expect(server.control.quotaUsed(DEMO_API_KEY)).toBe(0);
    expect((await call(server, '/auth/test')).status).toBe(200);
    server.control.setNow(() => now + 86_400_000);
    expect(server.control.quotaUsed(DEMO_API_KEY)).toBe(0);
  });
});
