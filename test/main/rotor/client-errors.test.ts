import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppError } from '@contract/result';
import { KEY, apiCustomer, failure, harness, page } from './harness';
import { cutOff, destroy, hang, json, startScriptedServer, text } from './scripted-server';
import type { ScriptedServer } from './scripted-server';

let server: ScriptedServer;
beforeEach(async () => {
  server = await startScriptedServer();
});
afterEach(async () => {
  await server.close();
});

/** Each error once, on a write so nothing is retried and one request answers one call. */
async function upsertError(reply: Parameters<ScriptedServer['reply']>[0]): Promise<AppError> {
  server.reply(reply);
  return failure(
    harness(server).client.upsertCustomer({ first_name: 'Jo' }, { idempotencyKey: 'k-00000001' }),
  );
}

function expectNoKey(e: AppError): void {
  expect(JSON.stringify(e)).not.toContain(KEY);
}

describe('HTTP error classes', () => {
  it('401 → auth, with Rotor’s error code', async () => {
    const e = await upsertError(
      json(401, {
        status: 'error',
        message: 'Authentication required. Provide x-api-key header.',
        error_code: 'AUTHENTICATION_REQUIRED',
      }),
    );
    expect(e).toMatchObject({
      kind: 'auth',
      status: 401,
      errorCode: 'AUTHENTICATION_REQUIRED',
      retryable: false,
    });
    expectNoKey(e);
  });

  it('403 → forbidden, naming the missing scope', async () => {
    const e = await upsertError(
      json(403, {
        status: 'error',
        message: "Forbidden: required scope 'customers:write' not granted for this API key",
        error_code: 'INSUFFICIENT_SCOPE',
      }),
    );
    expect(e).toMatchObject({
      kind: 'forbidden',
      status: 403,
      errorCode: 'INSUFFICIENT_SCOPE',
      missingScope: 'customers:write',
    });
    expect(e.message).toContain('customers:write');
  });

  it('403 without a scope in the message → forbidden without missingScope', async () => {
    const e = await upsertError(json(403, { status: 'error', message: 'Forbidden' }));
    expect(e.kind).toBe('forbidden');
    expect(e.missingScope).toBeUndefined();
  });

  it('404 → not_found', async () => {
    const e = await upsertError(json(404, { status: 'error', message: 'Not found' }));
    expect(e).toMatchObject({ kind: 'not_found', status: 404, retryable: false });
  });

  it.each([400, 422])('%i with errors[] → validation with fields', async (status) => {
    const e = await upsertError(
      json(status, {
        status: 'error',
        message: 'Validation failed',
        errors: [
          { field: 'email', message: 'Invalid email format' },
          { nonsense: true },
          { field: 'phone', message: 'Too short' },
        ],
      }),
    );
    expect(e).toMatchObject({ kind: 'validation', status, retryable: false });
    expect(e.fields).toEqual([
      { field: 'email', message: 'Invalid email format' },
      { field: 'phone', message: 'Too short' },
    ]);
    expect(e.message).toContain('Invalid email format');
  });

  it('a validation message names fields by their labels; `fields` keeps Rotor’s names', async () => {
    const e = await upsertError(
      json(400, {
        status: 'error',
        message: 'Validation failed',
        errors: [
          { field: 'email', message: 'Invalid email format' },
          { field: 'property_zip', message: 'Too long' },
          { field: 'body', message: 'Expected a JSON object' },
        ],
      }),
    );
    expect(e.message).toContain('Email: Invalid email format; Property ZIP: Too long; body: Expected');
    expect(e.message).not.toMatch(/\bemail:|property_zip/);
    expect(e.fields?.map((f) => f.field)).toEqual(['email', 'property_zip', 'body']);
  });

  it('400 without errors[] → validation without fields', async () => {
    const e = await upsertError(json(400, { status: 'error', message: 'Bad input' }));
    expect(e.kind).toBe('validation');
    expect(e.fields).toBeUndefined();
  });

  it('429 RATE_LIMIT_EXCEEDED → quota, with the assumed reset time', async () => {
    const e = await upsertError(
      json(429, {
        status: 'error',
        message: 'Daily API key request limit of 1000 exceeded',
        error_code: 'RATE_LIMIT_EXCEEDED',
      }),
    );
    expect(e).toMatchObject({
      kind: 'quota',
      status: 429,
      errorCode: 'RATE_LIMIT_EXCEEDED',
      retryable: false,
      retryAt: '2024-06-12T00:00:00.000Z',
    });
    expect(e.message).toContain('00:00 UTC');
  });

  it('a 429 without RATE_LIMIT_EXCEEDED (HTML or another code) → rate_limited, retryable, 30 s', async () => {
    for (const reply of [
      text(429, '<html>slow down</html>', 'text/html'),
      json(429, { status: 'error', message: 'Slow down', error_code: 'BURST_LIMIT' }),
    ]) {
      const e = await upsertError(reply);
      expect(e).toMatchObject({
        kind: 'rate_limited',
        status: 429,
        retryable: true,
        retryAt: '2024-06-11T15:30:30.000Z',
      });
    }
  });

  it('500 → server, retryable', async () => {
    const e = await upsertError(json(500, { status: 'error', message: 'Internal server error' }));
    expect(e).toMatchObject({ kind: 'server', status: 500, retryable: true });
  });

  it('an HTML 502 from a proxy → server, without crashing', async () => {
    const e = await upsertError(text(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', 'text/html'));
    expect(e).toMatchObject({ kind: 'server', status: 502, retryable: true });
    expect(e.errorCode).toBeUndefined();
    expect(e.message).toContain('proxy');
  });

  it('408 → timeout, retryable', async () => {
    const e = await upsertError(json(408, {}));
    expect(e).toMatchObject({ kind: 'timeout', status: 408, retryable: true });
  });

  it('a redirect is not followed (the key would go with it)', async () => {
    const e = await upsertError((res) => {
      res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' });
      res.end();
    });
    expect(e).toMatchObject({ kind: 'bad_response', status: 302 });
    expect(server.requests).toHaveLength(1);
  });

  it('an unexpected 4xx → bad_response carrying Rotor’s message', async () => {
    const e = await upsertError(json(409, { message: 'Conflict on customer' }));
    expect(e).toMatchObject({ kind: 'bad_response', status: 409 });
    expect(e.message).toContain('Conflict on customer');
  });

  it('masks the key when Rotor echoes it back in a message', async () => {
    const e = await upsertError(json(403, { message: `Key ${KEY} is forbidden`, error_code: `BAD_${KEY}` }));
    expectNoKey(e);
    expect(e.message).toContain('[redacted]');
  });

  it('keeps messages to one bounded line', async () => {
    const e = await upsertError(json(409, { message: `line1\nline2\u0007${'x'.repeat(5000)}` }));
    expect(e.message).not.toContain('\n');
    expect(e.message).not.toContain('\u0007');
    expect(e.message.length).toBeLessThan(600);
  });
});

describe('transport failures', () => {
  it('a reset connection → network, retryable', async () => {
    const e = await upsertError(destroy);
    expect(e).toMatchObject({ kind: 'network', retryable: true });
    expectNoKey(e);
  });

  it('a body cut off mid-way → network, retried on reads, and nothing half-parsed', async () => {
    server.always(cutOff(JSON.stringify(page([apiCustomer()])).slice(0, 80)));
    const { client } = harness(server);
    const e = await failure(client.listCustomers({ page: 1, limit: 50 }));
    expect(e).toMatchObject({ kind: 'network', retryable: true });
    expect(server.requests).toHaveLength(3);
  });

  it('a write whose answer is cut off → network, sent once', async () => {
    const e = await upsertError(cutOff('{"id":'));
    expect(e).toMatchObject({ kind: 'network', retryable: true });
    expect(server.requests).toHaveLength(1);
  });

  it('a refused connection → network with code ECONNREFUSED', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((r) => closed.close(() => r()));
    const { client, outcomes } = harness(server, { baseUrl: () => `http://127.0.0.1:${port}/open-api` });
    const e = await failure(client.upsertCustomer({ first_name: 'Jo' }, { idempotencyKey: 'k-00000003' }));
    expect(e).toMatchObject({ kind: 'network', retryable: true, errorCode: 'ECONNREFUSED' });
    expect(outcomes).toEqual(['network-error']);
  });

  it('a DNS failure → network (classified from fetch’s cause chain)', async () => {
    const dnsFail: typeof fetch = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error(`getaddrinfo ENOTFOUND api.getrotor.com ${KEY}`), {
          code: 'ENOTFOUND',
        }),
      });
    };
    const e = await failure(
      harness(server, { fetch: dnsFail }).client.upsertCustomer(
        { first_name: 'Jo' },
        { idempotencyKey: 'k-0004' },
      ),
    );
    expect(e).toMatchObject({ kind: 'network', errorCode: 'ENOTFOUND' });
    expect(e.message).toMatch(/name lookup/);
    expectNoKey(e);
  });

  it('a TLS verification failure → network, not retryable', async () => {
    const tlsFail: typeof fetch = async () => {
      throw new TypeError('fetch failed', { cause: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' } });
    };
    const { client } = harness(server, { fetch: tlsFail });
    const e = await failure(client.listCustomers({ page: 1, limit: 1 }));
    expect(e).toMatchObject({ kind: 'network', retryable: false });
  });
});

describe('timeouts and cancellation', () => {
  it('a server that never answers → timeout after the default timeout', async () => {
    server.always(hang);
    const { client, outcomes } = harness(server, { timeouts: { defaultMs: 50, listMs: 60_000 } });
    const e = await failure(client.upsertCustomer({ first_name: 'Jo' }, { idempotencyKey: 'k-00000005' }));
    expect(e).toMatchObject({ kind: 'timeout', retryable: true });
    expect(outcomes).toEqual(['network-error']);
  });

  it('reads use the default timeout for get and auth', async () => {
    server.always(hang);
    const { client } = harness(server, { timeouts: { defaultMs: 50, listMs: 60_000 } });
    expect((await failure(client.getCustomer('x'))).kind).toBe('timeout');
    expect((await failure(client.testAuth())).kind).toBe('timeout');
    expect(server.requests).toHaveLength(6);
  });

  it('list pages use the list timeout', async () => {
    server.always(hang);
    const { client } = harness(server, { timeouts: { defaultMs: 60_000, listMs: 50 } });
    expect((await failure(client.listCustomers({ page: 1, limit: 1 }))).kind).toBe('timeout');
  });

  it('a body that stalls after the headers also times out', async () => {
    server.always((res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000 });
      res.write('{"data":[');
    });
    const { client, outcomes } = harness(server, { timeouts: { defaultMs: 50, listMs: 50 } });
    expect((await failure(client.listCustomers({ page: 1, limit: 1 }))).kind).toBe('timeout');
    // The host answered, so connectivity counts it as reachable.
    expect(outcomes).toEqual(['http-answer', 'http-answer', 'http-answer']);
  });

  it('the caller’s abort while waiting → cancelled, not retried, no outcome reported', async () => {
    server.always(hang);
    const { client, outcomes } = harness(server);
    const controller = new AbortController();
    const call = failure(client.getCustomer('x', { signal: controller.signal }));
    await server.arrived(1);
    controller.abort();
    expect((await call).kind).toBe('cancelled');
    expect(server.requests).toHaveLength(1);
    expect(outcomes).toEqual([]);
  });

  it('an already aborted signal → cancelled without any request or quota use', async () => {
    const { client, ledger } = harness(server);
    const e = await failure(client.listCustomers({ page: 1, limit: 1 }, { signal: AbortSignal.abort() }));
    expect(e.kind).toBe('cancelled');
    expect(server.requests).toHaveLength(0);
    expect(ledger.state().usedToday).toBe(0);
  });

  it('an abort during the backoff wait → cancelled, no further attempt', async () => {
    server.always(json(503, {}));
    const controller = new AbortController();
    const { client } = harness(server, {
      sleep: async (_ms, signal) => {
        controller.abort();
        throw signal?.reason;
      },
    });
    const e = await failure(client.getCustomer('x', { signal: controller.signal }));
    expect(e.kind).toBe('cancelled');
    expect(server.requests).toHaveLength(1);
  });
});

describe('configuration', () => {
  it('no key → not_configured without any request', async () => {
    const { client, ledger } = harness(server, { apiKey: async () => null });
    const e = await failure(client.listCustomers({ page: 1, limit: 1 }));
    expect(e.kind).toBe('not_configured');
    expect(server.requests).toHaveLength(0);
    expect(ledger.state().usedToday).toBe(0);
  });

  it('a key with characters no header can carry → auth, without echoing it', async () => {
    const bad = 'rk_live_with space\n';
    const { client } = harness(server, { apiKey: async () => bad });
    const e = await failure(client.getCustomer('x'));
    expect(e.kind).toBe('auth');
    expect(e.message).not.toContain('rk_live');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a base URL that would send the key in clear text off this machine', async () => {
    const { client } = harness(server, { baseUrl: () => 'http://api.example.com/open-api' });
    const e = await failure(client.testAuth());
    expect(e.kind).toBe('settings');
    expect(server.requests).toHaveLength(0);
  });

  it('reports an HTTP answer to the connectivity listener, and survives a throwing listener', async () => {
    server.reply(json(200, page([])));
    const { client } = harness(server, {
      onNetworkOutcome: () => {
        throw new Error('listener bug');
      },
    });
    await expect(client.listCustomers({ page: 1, limit: 1 })).resolves.toMatchObject({ customers: [] });
  });
});
