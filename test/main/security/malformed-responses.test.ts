/**
 * What Rotor, or anything between it and the app, may send back instead of the documented answer:
 * proxy pages, cut-off JSON, wrong types, renamed or missing fields, an enormous page. Through the real
 * dispatcher and services, each must end as a classified error (data, never a throw). A page's envelope
 * and pagination are used whole or not at all; a record on it that fails validation is skipped and counted,
 * and the rest of the page is used. Documented nulls are not errors: they come back normalised.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelName } from '@contract/channels';
import type { ErrorKind } from '@contract/result';
import { PROXY_502_HTML } from '../../../electron/main/simulation/shapes';
import { startFixture } from '../fuzz/fixture';
import { apiCustomer } from '../rotor/harness';
import type { Fixture } from '../fuzz/fixture';

const KEY = 'rk_live_malformed_0000000001';
const ID = '182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e';

/** One valid read-shape customer, as the client tests use. */
const record = apiCustomer;

const pagination = (over: Record<string, unknown> = {}) => ({
  has_more: false,
  limit: 50,
  page: 1,
  total: 3,
  ...over,
});
const page = (data: unknown[], over: Record<string, unknown> = {}) => ({
  data,
  pagination: pagination({ total: data.length }),
  status: 'success',
  ...over,
});

function upsertAnswer(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: ID,
    first_name: 'Jo',
    last_name: null,
    company_name: null,
    email: null,
    phone: null,
    notes: null,
    source: null,
    service_type: null,
    service_frequency: null,
    property_street1: null,
    property_street2: null,
    property_city: null,
    property_state: null,
    property_zip: null,
    property_country: null,
    billing_street1: null,
    billing_street2: null,
    billing_city: null,
    billing_state: null,
    billing_zip: null,
    billing_country: null,
    billing_same_as_property: null,
    created_at: '2019-12-27T18:11:19.117Z',
    message: 'Customer created successfully',
    status: 'active',
    tags: null,
    ...over,
  };
}

/** A body cut in half, as a dropped connection behind a proxy leaves it. */
const truncated = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text.slice(0, Math.floor(text.length / 2));
};

interface Case {
  name: string;
  channel: 'customers.list' | 'customers.get' | 'customers.upsert';
  responses: { status?: number; body: unknown; headers?: Record<string, string> }[];
  kind: ErrorKind;
  /** Text the error message must contain, so the user learns what went wrong. */
  says?: RegExp;
  /** A field path the error must point at. */
  field?: string;
}

/** Set once the fixture has connected: every customer call names the account. */
let accountId: string | null = null;
const LIST_ARG = () => ({ accountId, page: 1, limit: 50 });
const GET_ARG = () => ({ accountId, id: ID });
const UPSERT_ARG = () => ({
  accountId,
  customer: { first_name: 'Jo' },
  idempotencyKey: 'idem-malformed-0001',
});
const ARGS: Record<Case['channel'], () => unknown> = {
  'customers.list': LIST_ARG,
  'customers.get': GET_ARG,
  'customers.upsert': UPSERT_ARG,
};
const PATHS: Record<Case['channel'], [string, string]> = {
  'customers.list': ['/customers', 'GET'],
  'customers.get': [`/customers/${ID}`, 'GET'],
  'customers.upsert': ['/customers', 'POST'],
};

// Reads are retried three times; Retry-After: 0 keeps those retries instant (the app honours it).
const proxy502 = {
  status: 502,
  body: PROXY_502_HTML,
  headers: { 'content-type': 'text/html', 'retry-after': '0' },
};
const html200 = {
  body: '<!doctype html><html><body>Please sign in to the hotel Wi-Fi</body></html>',
  headers: { 'content-type': 'text/html' },
};

const CASES: Case[] = [
  // customers.list
  {
    name: 'an HTML 502 page from a proxy',
    channel: 'customers.list',
    responses: [proxy502, proxy502, proxy502],
    kind: 'server',
    says: /HTTP 502.*error page/,
  },
  {
    name: 'an HTML page with 200 (a captive portal)',
    channel: 'customers.list',
    responses: [html200],
    kind: 'bad_response',
    says: /web page/,
  },
  {
    name: 'truncated JSON',
    channel: 'customers.list',
    responses: [{ body: truncated(page([record(), record()])) }],
    kind: 'bad_response',
    says: /not valid JSON/,
  },
  {
    name: 'an empty body',
    channel: 'customers.list',
    responses: [{ body: '' }],
    kind: 'bad_response',
    says: /empty answer/,
  },
  { name: 'JSON null', channel: 'customers.list', responses: [{ body: 'null' }], kind: 'bad_response' },
  {
    name: 'a bare array',
    channel: 'customers.list',
    responses: [{ body: [record()] }],
    kind: 'bad_response',
  },
  {
    name: 'a 429 from a proxy without RATE_LIMIT_EXCEEDED (a burst limit), three times',
    channel: 'customers.list',
    responses: Array.from({ length: 3 }, () => ({
      status: 429,
      body: '<html>Too Many Requests</html>',
      headers: { 'content-type': 'text/html', 'retry-after': '0' },
    })),
    kind: 'rate_limited',
    says: /slow down/,
  },
  {
    name: 'missing pagination',
    channel: 'customers.list',
    responses: [{ body: { data: [record()], status: 'success' } }],
    kind: 'bad_response',
    says: /page information/,
  },
  {
    name: 'pagination with wrong types',
    channel: 'customers.list',
    responses: [{ body: page([record()], { pagination: pagination({ has_more: 'no', total: -1 }) }) }],
    kind: 'bad_response',
    says: /page information/,
  },
  {
    name: '`customers` instead of `data`',
    channel: 'customers.list',
    responses: [{ body: { customers: [record()], pagination: pagination(), status: 'success' } }],
    kind: 'bad_response',
    says: /“data”/,
  },
  {
    name: '`data` as an object',
    channel: 'customers.list',
    responses: [{ body: { data: { 0: record() }, pagination: pagination() } }],
    kind: 'bad_response',
    says: /“data”/,
  },
  {
    name: 'a 500 whose body is not JSON',
    channel: 'customers.list',
    responses: Array.from({ length: 3 }, () => ({
      status: 500,
      body: 'Internal Server Error',
      headers: { 'retry-after': '0' },
    })),
    kind: 'server',
    says: /HTTP 500/,
  },
  // customers.get
  {
    name: 'an HTML 502 page from a proxy',
    channel: 'customers.get',
    responses: [proxy502, proxy502, proxy502],
    kind: 'server',
    says: /HTTP 502/,
  },
  {
    name: 'truncated JSON',
    channel: 'customers.get',
    responses: [{ body: truncated({ data: record(), status: 'success' }) }],
    kind: 'bad_response',
  },
  {
    name: 'data null',
    channel: 'customers.get',
    responses: [{ body: { data: null, status: 'success' } }],
    kind: 'bad_response',
    says: /“data”/,
  },
  {
    name: 'the customer flat, without `data`',
    channel: 'customers.get',
    responses: [{ body: record() }],
    kind: 'bad_response',
    says: /“data”/,
  },
  {
    name: '`customer` instead of `data`',
    channel: 'customers.get',
    responses: [{ body: { customer: record() } }],
    kind: 'bad_response',
  },
  {
    name: 'data as an array',
    channel: 'customers.get',
    responses: [{ body: { data: [record()] } }],
    kind: 'bad_response',
    field: 'data',
  },
  {
    name: 'id as a number',
    channel: 'customers.get',
    responses: [{ body: { data: record({ id: 42 }) } }],
    kind: 'bad_response',
    field: 'data.id',
  },
  {
    name: 'tags as a string',
    channel: 'customers.get',
    responses: [{ body: { data: record({ tags: 'vip' }) } }],
    kind: 'bad_response',
    field: 'data.tags',
  },
  {
    name: 'address as a string',
    channel: 'customers.get',
    responses: [{ body: { data: record({ address: '1 Main St' }) } }],
    kind: 'bad_response',
    field: 'data.address',
  },
  // customers.upsert: sent once, never retried
  {
    name: 'an HTML 502 page from a proxy',
    channel: 'customers.upsert',
    responses: [proxy502],
    kind: 'server',
    says: /HTTP 502/,
  },
  {
    name: 'an HTML page with 201',
    channel: 'customers.upsert',
    responses: [{ status: 201, ...html200 }],
    kind: 'bad_response',
    says: /web page/,
  },
  {
    name: 'truncated JSON',
    channel: 'customers.upsert',
    responses: [{ status: 201, body: truncated(upsertAnswer()) }],
    kind: 'bad_response',
  },
  {
    name: 'id as a number',
    channel: 'customers.upsert',
    responses: [{ status: 201, body: upsertAnswer({ id: 42 }) }],
    kind: 'bad_response',
    field: 'id',
    says: /may still have been saved/,
  },
  {
    name: 'no id',
    channel: 'customers.upsert',
    responses: [{ status: 201, body: upsertAnswer({ id: undefined }) }],
    kind: 'bad_response',
    field: 'id',
  },
  {
    name: 'tags as a string',
    channel: 'customers.upsert',
    responses: [{ status: 200, body: upsertAnswer({ tags: 'vip' }) }],
    kind: 'bad_response',
    field: 'tags',
  },
  {
    name: 'the answer wrapped in `data`',
    channel: 'customers.upsert',
    responses: [{ status: 201, body: { data: upsertAnswer() } }],
    kind: 'bad_response',
    field: 'id',
  },
  {
    name: 'an unexpected 2xx status (202)',
    channel: 'customers.upsert',
    responses: [{ status: 202, body: upsertAnswer() }],
    kind: 'bad_response',
    says: /HTTP 202.*may still have been saved/,
  },
];

function expectErrorAsData(result: unknown, c: Pick<Case, 'kind' | 'says' | 'field'>): void {
  expect(result).toMatchObject({ ok: false, error: { kind: c.kind } });
  const r = result as { ok: false; error: { message: string; fields?: { field: string }[] } };
  // Never a partial page: a failure carries no data at all.
  expect(Object.keys(r).sort()).toEqual(['error', 'ok']);
  expect(r.error.message.length).toBeGreaterThan(10);
  if (c.says) expect(r.error.message).toMatch(c.says);
  if (c.field) expect(r.error.fields?.map((f) => f.field)).toContain(c.field);
  expect(JSON.parse(JSON.stringify(result))).toEqual(result);
}

/** Records that fail validation: skipped and counted, the rest of the page used. */
const SKIPPED: { name: string; data: unknown[]; kept: string[]; field: string }[] = [
  {
    name: 'one id as a number among good records',
    data: [record({ id: 'a' }), record({ id: 'b' }), record({ id: 42 }), record({ id: 'd' })],
    kept: ['a', 'b', 'd'],
    field: 'data.2.id',
  },
  {
    name: 'tags as a string',
    data: [record({ id: 'a', tags: 'vip,new' }), record({ id: 'b' })],
    kept: ['b'],
    field: 'data.0.tags',
  },
  {
    name: 'location as a string',
    data: [record({ id: 'a', location: '30.2,-97.7' })],
    kept: [],
    field: 'data.0.location',
  },
  {
    name: 'a status outside the enum',
    data: [record({ id: 'a', status: 'archived' }), record({ id: 'b', status: 'deleted' })],
    kept: [],
    field: 'data.0.status',
  },
  {
    name: 'a record that is not an object',
    data: [record({ id: 'a' }), 'customer-2'],
    kept: ['a'],
    field: 'data.1',
  },
];

describe('malformed answers from Rotor, through dispatch and the real client', () => {
  let fx: Fixture;

  beforeAll(async () => {
    fx = await startFixture({ keys: [KEY], connect: KEY });
    accountId = fx.accountId;
  });
  afterAll(async () => {
    await fx.close();
  });
  beforeEach(() => {
    fx.rotor.control.clearLog();
    fx.logs.length = 0;
  });

  async function call(channel: ChannelName, arg: unknown) {
    let result: unknown;
    try {
      result = await fx.call(channel, arg);
    } catch (error) {
      throw new Error(`dispatch threw instead of answering with data: ${String(error)}`, { cause: error });
    }
    return result;
  }

  for (const c of CASES) {
    it(`${c.channel}: ${c.name} → ${c.kind}`, async () => {
      const [path, method] = PATHS[c.channel];
      for (const response of c.responses) fx.rotor.control.overrideNext(path, response, method);
      const result = await call(c.channel, ARGS[c.channel]());
      expectErrorAsData(result, c);
      // Every prepared answer was used (reads retried as they should) and nothing more was sent.
      expect(fx.rotor.control.requestLog()).toHaveLength(c.responses.length);
      expect(fx.logs.filter((line) => line.startsWith('error'))).toEqual([]);
      // And the app goes on working.
      expect(await call('customers.list', { accountId, page: 1, limit: 2 })).toMatchObject({ ok: true });
    });
  }

  for (const c of SKIPPED) {
    it(`customers.list: ${c.name} → skipped and counted, the rest of the page used`, async () => {
      const secret = 'private-note-never-logged';
      const data = c.data.map((r) => (typeof r === 'object' && r !== null ? { ...r, notes: secret } : r));
      fx.rotor.control.overrideNext('/customers', { body: page(data) }, 'GET');
      const result = await call('customers.list', LIST_ARG());
      expect(result).toMatchObject({ ok: true, data: { skipped: c.data.length - c.kept.length } });
      const got = (result as { data: { customers: { id: string }[] } }).data.customers.map((x) => x.id);
      expect(got).toEqual(c.kept);
      expect(fx.rotor.control.requestLog()).toHaveLength(1);
      const warnings = fx.logs.filter((line) => line.startsWith('warn'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(c.field);
      expect(warnings[0]).not.toContain(secret);
    });
  }

  describe('an enormous page (20,000 records in one answer)', () => {
    function enormous(bad: boolean, count = 20_000): string {
      const parts: string[] = [];
      for (let i = 0; i < count; i++) {
        const id = bad && i === count - 1 ? count - 1 : `id-${i}`;
        parts.push(JSON.stringify(record({ id, notes: `customer ${i}` })));
      }
      return `{"data":[${parts.join(',')}],"pagination":${JSON.stringify(pagination({ limit: 1000, total: 20_000, has_more: true }))},"status":"success"}`;
    }

    it('with one bad record at the very end of a full page: the 999 good ones, and 1 skipped', async () => {
      fx.rotor.control.overrideNext('/customers', { body: enormous(true, 1000) }, 'GET');
      const result = await call('customers.list', { accountId, page: 1, limit: 1000 });
      expect(result).toMatchObject({ ok: true, data: { skipped: 1 } });
      expect((result as { data: { customers: unknown[] } }).data.customers).toHaveLength(999);
      expect(fx.logs.filter((line) => line.startsWith('warn')).join('\n')).toMatch(/index 999/);
    });

    it('with more records than the limit asked for: refused rather than cached out of step', async () => {
      // Asked for 1,000 and sent 20,000: page 2 would repeat 19,000 of them, and the pagination no
      // longer describes the data. The answer is not what was asked for.
      fx.rotor.control.overrideNext('/customers', { body: enormous(false) }, 'GET');
      const result = await call('customers.list', { accountId, page: 1, limit: 1000 });
      expectErrorAsData(result, { kind: 'bad_response' });
    });
  });

  describe('documented nulls are not errors', () => {
    const nulls = {
      id: ID,
      address: null,
      company_name: null,
      created_at: null,
      email: null,
      first_name: null,
      last_name: null,
      location: null,
      notes: null,
      phone: null,
      source: null,
      status: null,
      tags: null,
    };
    const normalised = {
      id: ID,
      address: null,
      company_name: null,
      created_at: null,
      email: null,
      first_name: null,
      last_name: null,
      is_auto_pay: null,
      location: null,
      notes: null,
      phone: null,
      source: null,
      status: null,
      tags: [],
    };

    it('customers.list: nulls everywhere, a partial address and the newer auto-pay name', async () => {
      const partialAddress = record({
        id: 'b',
        address: { street1: '1 Main St', city: null },
        is_auto_pay: undefined,
        has_payment_method: false,
      });
      fx.rotor.control.overrideNext('/customers', { body: page([nulls, partialAddress]) }, 'GET');
      const result = await call('customers.list', LIST_ARG());
      expect(result).toEqual({
        ok: true,
        data: {
          customers: [
            normalised,
            expect.objectContaining({
              id: 'b',
              is_auto_pay: false,
              address: {
                street1: '1 Main St',
                street2: null,
                city: null,
                state: null,
                zip: null,
                country: null,
              },
            }),
          ],
          pagination: { has_more: false, limit: 50, page: 1, total: 2 },
          skipped: 0,
        },
      });
    });

    it('customers.get: nulls everywhere', async () => {
      fx.rotor.control.overrideNext(`/customers/${ID}`, { body: { data: nulls, status: 'success' } }, 'GET');
      expect(await call('customers.get', GET_ARG())).toEqual({ ok: true, data: normalised });
    });

    it('customers.upsert: null billing, tags and flags', async () => {
      fx.rotor.control.overrideNext('/customers', { status: 201, body: upsertAnswer() }, 'POST');
      const result = await call('customers.upsert', UPSERT_ARG());
      expect(result).toMatchObject({
        ok: true,
        data: {
          created: true,
          customer: { id: ID, billing_city: null, tags: null, billing_same_as_property: null },
        },
      });
    });

    it('customers.upsert: an update answered without an id is the customer it was sent for', async () => {
      fx.rotor.control.overrideNext('/customers', { status: 200, body: upsertAnswer({ id: null }) }, 'POST');
      const result = await call('customers.upsert', {
        accountId,
        customer: { id: ID, notes: 'x' },
        idempotencyKey: 'idem-malformed-0002',
      });
      expect(result).toMatchObject({ ok: true, data: { created: false, customer: { id: ID } } });
    });
  });
});
