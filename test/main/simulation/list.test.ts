import { describe, expect, it } from 'vitest';
import { ApiCustomerSchema } from '@contract/customer';
import { seedCustomers } from '../../../electron/main/simulation/server';
import { call, list, listAll, start } from './helpers';

const SERVER_ONLY_FIELDS = [
  'archived',
  'billing_street1',
  'billing_same_as_property',
  'service_type',
  'service_frequency',
];

describe('GET /customers parameters', () => {
  it('accepts limit 1..1000 and answers 400 Validation failed on the limit field otherwise', async () => {
    const server = await start({ customers: 5 });
    for (const bad of ['0', '1001', '-1', 'abc', '2.5', '']) {
      const answer = await call(server, `/customers?limit=${bad}`);
      expect(answer.status, `limit=${bad}`).toBe(400);
      expect(answer.body).toMatchObject({ status: 'error', message: 'Validation failed' });
      expect(answer.body?.errors).toEqual([{ field: 'limit', message: expect.stringContaining('1000') }]);
    }
    expect((await list(server, 'limit=1')).data).toHaveLength(1);
    expect((await list(server, 'limit=1000')).pagination.limit).toBe(1000);
  });

  it('rejects a page below 1 and unknown status or archived values', async () => {
    const server = await start({ customers: 5 });
    const page = await call(server, '/customers?page=0&limit=10');
    expect(page.status).toBe(400);
    expect(page.body?.errors).toEqual([{ field: 'page', message: expect.any(String) }]);
    const status = await call(server, '/customers?status=deleted&limit=10');
    expect(status.body?.errors).toEqual([{ field: 'status', message: expect.any(String) }]);
    const archived = await call(server, '/customers?archived=maybe&limit=10');
    expect(archived.body?.errors).toEqual([{ field: 'archived', message: expect.any(String) }]);
  });

  it('defaults to page 1 and 50 rows when they are not sent (an assumption from the docs example)', async () => {
    const server = await start({ customers: 80 });
    const body = await list(server, '');
    expect(body.pagination).toMatchObject({ page: 1, limit: 50 });
    expect(body.data).toHaveLength(50);
  });
});

describe('GET /customers paging and order', () => {
  it('pages through every non-archived customer once, with total and has_more', async () => {
    const server = await start({ customers: 130, seed: 5 });
    const visible = server.control.customers().filter((c) => !c.archived);
    const pages = [];
    for (let page = 1; page <= 3; page++) pages.push(await list(server, `limit=50&page=${page}`));
    expect(pages.map((p) => p.data.length)).toEqual([50, 50, visible.length - 100]);
    expect(pages.map((p) => p.pagination.has_more)).toEqual([true, true, false]);
    for (const p of pages) expect(p.pagination.total).toBe(visible.length);
    expect(pages.every((p) => p.status === 'success')).toBe(true);
    const ids = pages.flatMap((p) => p.data.map((c) => c.id));
    expect(new Set(ids).size).toBe(visible.length);
    expect(new Set(ids)).toEqual(new Set(visible.map((c) => c.id)));

    const beyond = await list(server, 'limit=50&page=9');
    expect(beyond.data).toEqual([]);
    expect(beyond.pagination).toEqual({ has_more: false, limit: 50, page: 9, total: visible.length });
  });

  it('says has_more is false when the last page is exactly full', async () => {
    const server = await start();
    for (let i = 0; i < 4; i++) server.control.addCustomer({ first_name: `C${i}` });
    expect((await list(server, 'limit=2&page=2')).pagination.has_more).toBe(false);
    expect((await list(server, 'limit=2&page=1')).pagination.has_more).toBe(true);
  });

  it('lists newest first, breaking created_at ties by id', async () => {
    const server = await start({ customers: 200, seed: 9 });
    const rows = await listAll(server, 'archived=true', 1000);
    const times = rows.map((r) => Date.parse(r.created_at as string));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeLessThanOrEqual(times[i - 1] as number);

    const at = '2030-01-01T00:00:00.000Z';
    server.control.addCustomer({ id: 'tie-b', created_at: at });
    server.control.addCustomer({ id: 'tie-a', created_at: at });
    server.control.addCustomer({ id: 'tie-c', created_at: at });
    const top = await list(server, 'limit=3');
    expect(top.data.map((c) => c.id)).toEqual(['tie-a', 'tie-b', 'tie-c']);
  });

  it('puts a customer created through the API at the top, and keeps order when created_at is edited', async () => {
    const server = await start({ customers: 50, now: () => Date.UTC(2026, 0, 1) });
    const created = await call(server, '/customers', { method: 'POST', body: { first_name: 'Newest' } });
    const top = await list(server, 'limit=1');
    expect(top.data[0]?.id).toBe(created.body?.id);

    server.control.updateCustomerRaw(created.body?.id as string, { created_at: '2000-01-01T00:00:00.000Z' });
    const all = await listAll(server, 'archived=true');
    expect(all.at(-1)?.id).toBe(created.body?.id);
  });
});

describe('GET /customers filters', () => {
  it('searches first name, last name, company, email and phone, case-insensitively', async () => {
    const server = await start({ customers: 20 });
    const chloe = server.control.addCustomer({
      first_name: 'Chloé',
      last_name: "O'Brien-Zylstra",
      company_name: 'Quixotic Windows',
      email: 'Chloe.Unique@Example.com',
      phone: '(612) 555-0199',
    });
    const queries = [
      'CHLOÉ',
      "o'brien-zyl",
      'quixotic',
      'chloe.unique@example',
      '555-0199',
      '6125550199',
      '+1 612 555 0199',
    ];
    for (const q of queries) {
      const body = await list(server, `limit=100&search=${encodeURIComponent(q)}`);
      expect(
        body.data.map((c) => c.id),
        q,
      ).toEqual([chloe.id]);
      expect(body.pagination.total).toBe(1);
    }
    // Notes are not searched.
    server.control.updateCustomerRaw(chloe.id, { notes: 'zebra-crossing' });
    expect((await list(server, 'limit=10&search=zebra-crossing')).data).toEqual([]);
  });

  it('filters by status', async () => {
    const server = await start({ customers: 150, seed: 3 });
    const active = await listAll(server, 'status=active');
    const inactive = await listAll(server, 'status=inactive');
    expect(active.length).toBeGreaterThan(0);
    expect(inactive.length).toBeGreaterThan(0);
    expect(active.every((c) => c.status === 'active')).toBe(true);
    expect(inactive.every((c) => c.status === 'inactive')).toBe(true);
    expect(active.length + inactive.length).toBe(server.control.customerCount());
  });

  it('filters by tags: comma-separated, any of them, case-insensitive', async () => {
    const server = await start();
    const a = server.control.addCustomer({ tags: ['gutters'] });
    const b = server.control.addCustomer({ tags: ['lawn', 'VIP'] });
    server.control.addCustomer({ tags: ['pest'] });
    server.control.addCustomer({ tags: null });
    server.control.addCustomer({ tags: [] });
    const ids = async (q: string) => (await listAll(server, q)).map((c) => c.id).sort();
    expect(await ids('tags=gutters')).toEqual([a.id]);
    expect(await ids('tags=gutters,vip')).toEqual([a.id, b.id].sort());
    expect(await ids('tags=%20gutters%20,%20')).toEqual([a.id]);
    expect(await ids('tags=window-cleaning')).toEqual([]);
    expect(await ids('tags=')).toHaveLength(5);
  });

  it('leaves archived customers out unless archived=true', async () => {
    const server = await start({ customers: 10 });
    const [first] = server.control.customers();
    expect(server.control.archiveCustomer(first?.id as string)).toBe(true);
    const defaults = await listAll(server, '');
    const explicit = await listAll(server, 'archived=false');
    const included = await listAll(server, 'archived=true');
    expect(defaults.map((c) => c.id)).not.toContain(first?.id);
    expect(explicit.map((c) => c.id)).not.toContain(first?.id);
    expect(included.map((c) => c.id)).toContain(first?.id);
    expect(included.length).toBe(server.control.customerCount({ archived: true }));
    server.control.archiveCustomer(first?.id as string, false);
    expect((await listAll(server, '')).map((c) => c.id)).toContain(first?.id);
  });

  it('combines filters', async () => {
    const server = await start();
    const hit = server.control.addCustomer({ first_name: 'Zoë', status: 'inactive', tags: ['vip'] });
    server.control.addCustomer({ first_name: 'Zoë', status: 'active', tags: ['vip'] });
    server.control.addCustomer({ first_name: 'Zoë', status: 'inactive', tags: ['lawn'] });
    server.control.addCustomer({ first_name: 'Zoë', status: 'inactive', tags: ['vip'], archived: true });
    const rows = await listAll(server, 'search=zo%C3%AB&status=inactive&tags=vip');
    expect(rows.map((c) => c.id)).toEqual([hit.id]);
  });
});

describe('read shape', () => {
  it('matches the documented read shape, with documented nulls and no server-only fields', async () => {
    const server = await start({ customers: 400, seed: 11 });
    const rows = await listAll(server, 'archived=true');
    for (const row of rows) {
      expect(() => ApiCustomerSchema.parse(row)).not.toThrow();
      for (const field of SERVER_ONLY_FIELDS) expect(row).not.toHaveProperty(field);
      expect(typeof row.is_auto_pay).toBe('boolean');
    }
    expect(rows.some((r) => r.tags === null)).toBe(true);
    expect(rows.some((r) => r.notes === null)).toBe(true);
    expect(rows.some((r) => r.location === null)).toBe(true);
    expect(rows.some((r) => r.company_name === null)).toBe(true);
    expect(rows.some((r) => r.email === null)).toBe(true);
    const addresses = rows.map((r) => r.address as Record<string, unknown>);
    expect(addresses.some((a) => !('street2' in a))).toBe(true);
    expect(addresses.some((a) => typeof a.street2 === 'string')).toBe(true);

    const stored = server.control.customers()[0];
    const row = rows.find((r) => r.id === stored?.id);
    expect(row?.address).toMatchObject({
      street1: stored?.property_street1,
      city: stored?.property_city,
      state: stored?.property_state,
      zip: stored?.property_zip,
      country: stored?.property_country,
    });
  });

  it('gives address null for a customer without any property field', async () => {
    const server = await start();
    const c = server.control.addCustomer({ first_name: 'Nowhere' });
    const answer = await call(server, `/customers/${c.id}`);
    expect((answer.body?.data as Record<string, unknown>).address).toBeNull();
  });

  it('can name the auto-pay flag has_payment_method, as newer docs do', async () => {
    const server = await start({ customers: 3, autoPayField: 'has_payment_method' });
    const [row] = (await list(server, 'limit=1')).data;
    expect(typeof row?.has_payment_method).toBe('boolean');
    expect(row).not.toHaveProperty('is_auto_pay');
  });
});

describe('GET /customers/:id', () => {
  it('answers {data, status} for a known id, archived or not', async () => {
    const server = await start({ customers: 5 });
    const [c] = server.control.customers();
    server.control.archiveCustomer(c?.id as string);
    const answer = await call(server, `/customers/${c?.id}`);
    expect(answer.status).toBe(200);
    expect(answer.body?.status).toBe('success');
    expect(ApiCustomerSchema.parse(answer.body?.data)).toMatchObject({
      id: c?.id,
      first_name: c?.first_name,
    });
  });

  it('answers 404 {"status":"error","message":"Not found"} for an unknown id', async () => {
    const server = await start({ customers: 5 });
    const answer = await call(server, '/customers/00000000-0000-4000-8000-000000000000');
    expect(answer).toMatchObject({ status: 404, body: { status: 'error', message: 'Not found' } });
    server.control.deleteCustomer(server.control.customers()[0]?.id as string);
    expect(server.control.customerCount({ archived: true })).toBe(4);
  });
});

describe('large books', () => {
  // Speed is measured in `npm run bench`; here only that 1000-row pages of 50,000 stay correct.
  it('pages 50,000 customers in 1000-row pages without gaps', async () => {
    const server = await start({ initialCustomers: seedCustomers(50_000, 2) });
    const total = server.control.customerCount();
    const last = Math.ceil(total / 1000);
    for (const page of [1, 2, last]) {
      const body = await list(server, `limit=1000&page=${page}`);
      expect(body.data).toHaveLength(page < last ? 1000 : total - (last - 1) * 1000);
      expect(body.pagination).toMatchObject({ page, total, has_more: page < last });
    }
  });
});
