import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KEY, apiCustomer, failure, harness, page, upsertAnswer } from './harness';
import { json, startScriptedServer, text } from './scripted-server';
import type { ScriptedServer } from './scripted-server';

let server: ScriptedServer;
beforeEach(async () => {
  server = await startScriptedServer();
});
afterEach(async () => {
  await server.close();
});

describe('headers and request shape', () => {
  it('sends the key, API version and accept header on reads, with no body headers', async () => {
    server.reply(json(200, page([])));
    await harness(server).client.listCustomers({ page: 1, limit: 50 });
    const [req] = server.requests;
    expect(req?.method).toBe('GET');
    expect(req?.headers['x-api-key']).toBe(KEY);
    expect(req?.headers['rotor-api-version']).toBe('1.1.0');
    expect(req?.headers.accept).toBe('application/json');
    expect(req?.headers['content-type']).toBeUndefined();
    expect(req?.headers['idempotency-key']).toBeUndefined();
  });

  it('sends content-type and the Idempotency-Key on upserts, with exactly the given fields', async () => {
    server.reply(json(200, upsertAnswer()));
    await harness(server).client.upsertCustomer(
      { id: 'abc', notes: 'new notes' },
      { idempotencyKey: 'change-0001' },
    );
    const [req] = server.requests;
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/customers');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers['idempotency-key']).toBe('change-0001');
    expect(req?.headers['x-api-key']).toBe(KEY);
    expect(req?.headers['rotor-api-version']).toBe('1.1.0');
    expect(JSON.parse(req?.body ?? '')).toEqual({ id: 'abc', notes: 'new notes' });
  });

  it('reuses the caller’s idempotency key across two calls for one logical change', async () => {
    server.reply(json(201, upsertAnswer()), json(200, upsertAnswer()));
    const { client } = harness(server);
    await client.upsertCustomer({ phone: '+15125550100' }, { idempotencyKey: 'same-key-42' });
    await client.upsertCustomer({ phone: '+15125550100' }, { idempotencyKey: 'same-key-42' });
    expect(server.requests.map((r) => r.headers['idempotency-key'])).toEqual(['same-key-42', 'same-key-42']);
  });

  it('builds the list query: page, limit, search, status, comma-separated tags, archived', async () => {
    server.reply(json(200, page([])));
    await harness(server).client.listCustomers({
      page: 3,
      limit: 1000,
      search: 'jo doe',
      status: 'inactive',
      tags: ['vip', 'north side'],
      archived: true,
    });
    const [req] = server.requests;
    expect(req?.path).toBe('/customers');
    expect(Object.fromEntries(req?.query ?? [])).toEqual({
      page: '3',
      limit: '1000',
      search: 'jo doe',
      status: 'inactive',
      tags: 'vip,north side',
      archived: 'true',
    });
  });

  it('leaves optional list parameters out when not given', async () => {
    server.reply(json(200, page([])));
    await harness(server).client.listCustomers({ page: 1, limit: 10, search: '  ', tags: [] });
    expect(Object.fromEntries(server.requests[0]?.query ?? [])).toEqual({ page: '1', limit: '10' });
  });

  it('encodes the customer id into the path', async () => {
    server.reply(json(200, { data: apiCustomer({ id: 'a/b?c' }), status: 'success' }));
    const customer = await harness(server).client.getCustomer('a/b?c');
    expect(server.requests[0]?.url).toBe('/open-api/customers/a%2Fb%3Fc');
    expect(customer.id).toBe('a/b?c');
  });

  it('accepts a base URL with a trailing slash', async () => {
    server.reply(json(200, page([])));
    await harness(server, { baseUrl: () => `${server.baseUrl}/` }).client.listCustomers({
      page: 1,
      limit: 1,
    });
    expect(server.requests[0]?.url.startsWith('/open-api/customers?')).toBe(true);
  });
});

describe('arguments are checked before any request', () => {
  // The list query and the upsert body are checked once, by dispatch(): test/main/contract/boundary.test.ts.
  it('refuses an upsert without an idempotency key', async () => {
    const e = await failure(
      harness(server).client.upsertCustomer({ first_name: 'Jo' }, { idempotencyKey: '' }),
    );
    expect(e.kind).toBe('invalid_argument');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses an empty customer id', async () => {
    expect((await failure(harness(server).client.getCustomer(''))).kind).toBe('invalid_argument');
    expect(server.requests).toHaveLength(0);
  });
});

describe('testAuth', () => {
  it('returns company, user and scopes from the documented answer', async () => {
    server.reply(
      json(200, {
        status: 'success',
        message: 'Authenticated',
        authenticated: true,
        company_id: 'c-1',
        user_id: 'u-1',
        auth_method: 'api_key',
        scopes: ['customers:read', 'customers:write'],
        timestamp: '2024-06-11T15:30:00Z',
      }),
    );
    const info = await harness(server).client.testAuth();
    expect(info).toEqual({ companyId: 'c-1', userId: 'u-1', scopes: ['customers:read', 'customers:write'] });
    expect(server.requests[0]?.path).toBe('/auth/test');
  });

  it('tolerates missing ids and scopes, and numeric ids', async () => {
    server.reply(json(200, { authenticated: true, company_id: 42, user_id: null }));
    expect(await harness(server).client.testAuth()).toEqual({ companyId: '42', userId: null, scopes: [] });
  });

  it('checks a new key with the override instead of the stored one', async () => {
    server.reply(json(200, { authenticated: true, scopes: [] }));
    const { client } = harness(server, { apiKey: async () => null });
    await client.testAuth({ apiKey: 'rk_new_key_987654' });
    expect(server.requests[0]?.headers['x-api-key']).toBe('rk_new_key_987654');
  });

  it('treats authenticated: false as an auth failure', async () => {
    server.reply(json(200, { authenticated: false }));
    expect((await failure(harness(server).client.testAuth())).kind).toBe('auth');
  });

  it('rejects scopes of the wrong type as a bad response', async () => {
    server.reply(json(200, { authenticated: true, scopes: 'customers:read' }));
    expect((await failure(harness(server).client.testAuth())).kind).toBe('bad_response');
  });
});

describe('listCustomers', () => {
  it('normalises a documented page', async () => {
    server.reply(
      json(200, page([apiCustomer()], { pagination: { has_more: true, limit: 50, page: 1, total: 142 } })),
    );
    const result = await harness(server).client.listCustomers({ page: 1, limit: 50 });
    expect(result.pagination).toEqual({ has_more: true, limit: 50, page: 1, total: 142 });
    expect(result.skipped).toBe(0);
    expect(result.customers).toEqual([
      {
        id: '182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e',
        address: {
          street1: '1 Main St',
          street2: 'Apt 2',
          city: 'Austin',
          state: 'TX',
          zip: '78701',
          country: 'US',
        },
        company_name: 'Acme Lawn',
        created_at: '2019-12-27T18:11:19.117Z',
        email: 'jo@example.com',
        first_name: 'Jo',
        last_name: 'Doe',
        is_auto_pay: true,
        location: [30.26, -97.74],
        notes: 'gate code 1234',
        phone: '+15125550100',
        source: 'web',
        status: 'active',
        tags: ['vip'],
      },
    ]);
  });

  it('lets unknown fields through and accepts the documented nulls', async () => {
    server.reply(
      json(200, {
        ...page([
          apiCustomer({ brand_new_field: { x: 1 }, notes: null, tags: null, location: null }),
          apiCustomer({ id: 'no-address', address: null }),
          apiCustomer({
            id: 'no-street2',
            address: { city: 'A', country: 'US', state: 'TX', street1: 's', zip: 'z' },
          }),
        ]),
        request_id: 'r-1',
      }),
    );
    const { customers } = await harness(server).client.listCustomers({ page: 1, limit: 50 });
    expect(customers.map((c) => c.id)).toEqual([
      '182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e',
      'no-address',
      'no-street2',
    ]);
    expect(customers[0]).toMatchObject({ notes: null, tags: [], location: null });
    expect(customers[1]?.address).toBeNull();
    expect(customers[2]?.address?.street2).toBeNull();
  });

  it('reads auto-pay under either name', async () => {
    const base = apiCustomer();
    delete base.is_auto_pay;
    server.reply(
      json(
        200,
        page([
          { ...base, id: 'old', is_auto_pay: false },
          { ...base, id: 'new', has_payment_method: true },
          { ...base, id: 'none' },
        ]),
      ),
    );
    const { customers } = await harness(server).client.listCustomers({ page: 1, limit: 50 });
    expect(customers.map((c) => [c.id, c.is_auto_pay])).toEqual([
      ['old', false],
      ['new', true],
      ['none', null],
    ]);
  });

  it('skips a record that fails validation, counts it, and uses the rest of the page', async () => {
    const secret = 'secret-notes-of-c';
    server.reply(
      json(
        200,
        page([
          apiCustomer({ id: 'a' }),
          apiCustomer({ id: 'b' }),
          apiCustomer({ id: 'c', email: 7, notes: secret }),
          apiCustomer({ id: 'd', status: 'deleted', notes: secret }),
        ]),
      ),
    );
    const warnings: string[] = [];
    const log = {
      info: () => {},
      warn: (...parts: unknown[]) => void warnings.push(parts.map(String).join(' ')),
      error: () => {},
    };
    const result = await harness(server, { log }).client.listCustomers({ page: 1, limit: 50 });
    expect(result.customers.map((c) => c.id)).toEqual(['a', 'b']);
    expect(result.skipped).toBe(2);
    expect(result.pagination.total).toBe(4);
    // One line per page: the first problem's index and field, never what the record holds.
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('index 2');
    expect(warnings[0]).toContain('data.2.email');
    expect(warnings[0]).not.toContain(secret);
    expect(warnings[0]).not.toContain('Jo');
  });

  it('reports skipped 0 and logs nothing for a clean page', async () => {
    server.reply(json(200, page([apiCustomer({ id: 'a' })])));
    const warned: unknown[] = [];
    const log = { info: () => {}, warn: (m: string) => void warned.push(m), error: () => {} };
    const result = await harness(server, { log }).client.listCustomers({ page: 1, limit: 50 });
    expect(result.skipped).toBe(0);
    expect(warned).toEqual([]);
  });

  it.each([
    ['a record without an id', page([apiCustomer({ id: undefined }), apiCustomer({ id: 'ok' })])],
    ['a record that is not an object', page(['just a string', apiCustomer({ id: 'ok' })])],
    ['an unknown status', page([apiCustomer({ status: 'deleted' }), apiCustomer({ id: 'ok' })])],
    ['tags that are not strings', page([apiCustomer({ tags: [1, 2] }), apiCustomer({ id: 'ok' })])],
    [
      'a location that is not numbers',
      page([apiCustomer({ location: ['north'] }), apiCustomer({ id: 'ok' })]),
    ],
  ])('skips %s and keeps the rest', async (_name, body) => {
    server.reply(json(200, body));
    const result = await harness(server).client.listCustomers({ page: 1, limit: 50 });
    expect(result.customers.map((c) => c.id)).toEqual(['ok']);
    expect(result.skipped).toBe(1);
  });

  it('still refuses a page with more rows than asked for, skipped ones included', async () => {
    server.reply(json(200, page([apiCustomer({ id: 'a' }), apiCustomer({ id: 'b' }), { id: 3 }])));
    const e = await failure(harness(server).client.listCustomers({ page: 1, limit: 2 }));
    expect(e).toMatchObject({ kind: 'bad_response' });
    expect(e.message).toContain('more than the 2 asked for');
  });

  it('a page of nothing but invalid records is an empty page with every record skipped', async () => {
    server.reply(json(200, page([{ id: 1 }, null, 'x'])));
    const result = await harness(server).client.listCustomers({ page: 1, limit: 50 });
    expect(result).toMatchObject({ customers: [], skipped: 3 });
  });

  it.each([
    ['no data array', { pagination: { has_more: false, limit: 50, page: 1, total: 0 }, status: 'success' }],
    [
      'data that is not an array',
      { data: { id: 'x' }, pagination: { has_more: false, limit: 50, page: 1, total: 1 } },
    ],
    ['no pagination', { data: [], status: 'success' }],
    ['pagination without has_more', { data: [], pagination: { limit: 50, page: 1, total: 0 } }],
    [
      'pagination with text numbers',
      { data: [], pagination: { has_more: false, limit: '50', page: 1, total: 0 } },
    ],
    ['a JSON array body', [apiCustomer()]],
    ['a JSON null body', null],
  ])('rejects a page with %s rather than guess', async (_name, body) => {
    server.reply(json(200, body));
    const e = await failure(harness(server).client.listCustomers({ page: 1, limit: 50 }));
    expect(e.kind).toBe('bad_response');
    expect(e.retryable).toBe(false);
  });

  it.each([
    [
      'an HTML page with status 200',
      text(200, '<!doctype html><html><body>Login</body></html>', 'text/html'),
    ],
    ['truncated JSON', text(200, '{"data":[{"id":"a","first_na')],
    ['an empty body', text(200, '')],
  ])('turns %s into bad_response without crashing', async (_name, reply) => {
    server.reply(reply);
    const e = await failure(harness(server).client.listCustomers({ page: 1, limit: 50 }));
    expect(e.kind).toBe('bad_response');
    expect(server.requests).toHaveLength(1);
  });
});

describe('getCustomer', () => {
  it('unwraps data and normalises', async () => {
    server.reply(
      json(200, {
        data: apiCustomer({ has_payment_method: false, is_auto_pay: undefined }),
        status: 'success',
      }),
    );
    const c = await harness(server).client.getCustomer('182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e');
    expect(c.id).toBe('182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e');
    expect(c.is_auto_pay).toBe(false);
    expect(server.requests[0]?.path).toBe('/customers/182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e');
  });

  it('rejects an answer without data', async () => {
    server.reply(json(200, apiCustomer()));
    expect((await failure(harness(server).client.getCustomer('x'))).kind).toBe('bad_response');
  });

  it('rejects a wrong type in the customer', async () => {
    server.reply(json(200, { data: apiCustomer({ first_name: ['Jo'] }) }));
    const e = await failure(harness(server).client.getCustomer('x'));
    expect(e.kind).toBe('bad_response');
    expect(e.fields?.[0]?.field).toBe('data.first_name');
  });
});

describe('upsertCustomer', () => {
  it('201 means created; the flat body is returned, billing nulls accepted', async () => {
    server.reply(json(201, upsertAnswer()));
    const result = await harness(server).client.upsertCustomer(
      { first_name: 'Jo' },
      { idempotencyKey: 'k-000001' },
    );
    expect(result.created).toBe(true);
    expect(result.customer).toMatchObject({ id: '182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e', billing_city: null });
  });

  it('200 means updated (possibly an existing customer matched by phone)', async () => {
    server.reply(json(200, upsertAnswer({ id: 'existing-1', message: 'Customer updated', extra: true })));
    const result = await harness(server).client.upsertCustomer(
      { phone: '+15125550100' },
      { idempotencyKey: 'k-000002' },
    );
    expect(result.created).toBe(false);
    expect(result.customer.id).toBe('existing-1');
  });

  it('does not unwrap a data envelope: an answer without a top-level id is a bad response', async () => {
    server.reply(json(200, { data: upsertAnswer() }));
    const e = await failure(
      harness(server).client.upsertCustomer({ first_name: 'Jo' }, { idempotencyKey: 'k-000003' }),
    );
    expect(e.kind).toBe('bad_response');
    expect(e.message).toContain('may still have been saved');
  });

  it('an update answered without an id is the customer it was sent for', async () => {
    const id = '182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e';
    server.reply(json(200, upsertAnswer({ id: undefined, notes: 'updated', message: 'Customer updated' })));
    const result = await harness(server).client.upsertCustomer(
      { id, notes: 'updated' },
      { idempotencyKey: 'k-000005' },
    );
    expect(result).toMatchObject({ created: false, customer: { id, notes: 'updated' } });
  });

  it('a create answered without an id fails: the change may still have been saved', async () => {
    server.reply(json(201, upsertAnswer({ id: undefined })));
    const e = await failure(
      harness(server).client.upsertCustomer({ first_name: 'Jo' }, { idempotencyKey: 'k-000006' }),
    );
    expect(e.kind).toBe('bad_response');
    expect(e.message).toContain('may still have been saved');
  });

  it('rejects an unexpected 2xx status', async () => {
    server.reply(json(202, upsertAnswer()));
    const e = await failure(
      harness(server).client.upsertCustomer({ first_name: 'Jo' }, { idempotencyKey: 'k-000004' }),
    );
    expect(e).toMatchObject({ kind: 'bad_response', status: 202 });
  });
});
