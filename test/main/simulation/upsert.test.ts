import { describe, expect, it } from 'vitest';
import { ApiUpsertResponseSchema } from '@contract/customer';
import { call, post, start } from './helpers';

const WRITE_FIELDS = [
  'billing_city',
  'billing_country',
  'billing_state',
  'billing_street1',
  'billing_street2',
  'billing_zip',
  'billing_same_as_property',
  'company_name',
  'created_at',
  'email',
  'first_name',
  'id',
  'last_name',
  'message',
  'notes',
  'phone',
  'property_city',
  'property_country',
  'property_state',
  'property_street1',
  'property_street2',
  'property_zip',
  'service_frequency',
  'service_type',
  'source',
  'status',
  'tags',
].sort();

describe('POST /customers create', () => {
  it('creates an unmatched customer: 201, flat write shape, message, billing null, not wrapped in data', async () => {
    const now = Date.UTC(2026, 3, 5, 6, 7, 8);
    const server = await start({ customers: 10, now: () => now });
    const answer = await post(server, {
      first_name: 'Siobhán',
      last_name: "O'Neill",
      phone: '(999) 201-0001',
      email: 'siobhan@example.com',
      property_street1: '1 Main St',
      service_type: 'Window Cleaning',
      tags: ['vip'],
    });
    expect(answer.status).toBe(201);
    expect(answer.contentType).toContain('application/json');
    const body = ApiUpsertResponseSchema.parse(answer.body);
    expect(Object.keys(answer.body ?? {}).sort()).toEqual(WRITE_FIELDS);
    expect(answer.body).not.toHaveProperty('data');
    expect(body).toMatchObject({
      message: 'Customer created successfully',
      first_name: 'Siobhán',
      last_name: "O'Neill",
      status: 'active',
      tags: ['vip'],
      service_type: 'Window Cleaning',
      billing_street1: null,
      billing_same_as_property: null,
      created_at: '2026-04-05T06:07:08.000Z',
    });
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.control.getCustomer(body.id)).toMatchObject({ first_name: 'Siobhán', archived: false });
    expect(server.control.upsertsApplied()).toBe(1);
    expect(server.control.customerCount()).toBe(server.control.customers().filter((c) => !c.archived).length);
  });

  it('creates a duplicate when a body with neither phone nor email is sent twice', async () => {
    const server = await start();
    const first = await post(server, { first_name: 'Nobody' });
    const second = await post(server, { first_name: 'Nobody' });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(first.body?.id).not.toBe(second.body?.id);
    expect(server.control.customerCount()).toBe(2);
  });

  it("treats an empty body as {} (the docs' own example) and creates a blank customer", async () => {
    const server = await start();
    const answer = await call(server, '/customers', { method: 'POST', body: '' });
    expect(answer.status).toBe(201);
    expect(server.control.customerCount()).toBe(1);
  });
});

describe('POST /customers update', () => {
  it('updates by id with 200, changing only the fields given', async () => {
    const server = await start({ customers: 20, seed: 4 });
    const before = server.control.customers().find((c) => c.service_type !== null && c.notes !== null);
    if (!before) throw new Error('seed should contain a customer with a service type and notes');
    const answer = await post(server, { id: before.id, first_name: 'Renamed' });
    expect(answer.status).toBe(200);
    expect(answer.body?.message).toBe('Customer updated successfully');
    const after = server.control.getCustomer(before.id);
    expect(after).toEqual({ ...before, first_name: 'Renamed' });
    // The answer carries server-only fields the list never shows.
    expect(answer.body).toMatchObject({
      id: before.id,
      created_at: before.created_at,
      service_type: before.service_type,
      notes: before.notes,
      billing_same_as_property: before.billing_same_as_property,
    });
  });

  it('answers 404 for an unknown id and writes nothing', async () => {
    const server = await start({ customers: 3 });
    const answer = await post(server, { id: 'no-such-id', first_name: 'X', phone: '(612) 555-0000' });
    expect(answer).toMatchObject({ status: 404, body: { status: 'error', message: 'Not found' } });
    expect(server.control.upsertsApplied()).toBe(0);
    expect(server.control.customerCount({ archived: true })).toBe(3);
  });

  it('matches by phone whatever its formatting, and answers the existing id', async () => {
    const server = await start();
    const existing = server.control.addCustomer({
      first_name: 'Ana',
      phone: '(612) 555-1234',
      email: 'ana@example.com',
    });
    for (const phone of ['612-555-1234', '+1 612 555 1234', '6125551234']) {
      const answer = await post(server, { phone, last_name: phone });
      expect(answer.status).toBe(200);
      expect(answer.body?.id).toBe(existing.id);
    }
    expect(server.control.customerCount()).toBe(1);
    // The stored phone is what was sent last: the upsert writes what it is given.
    expect(server.control.getCustomer(existing.id)?.phone).toBe('6125551234');
  });

  it('matches by email, case-insensitively, when no phone matches', async () => {
    const server = await start();
    const existing = server.control.addCustomer({ email: 'Chloe@Example.com', phone: '(612) 555-7777' });
    const answer = await post(server, { email: 'chloe@EXAMPLE.com', phone: '(999) 000-1111', notes: 'hi' });
    expect(answer.status).toBe(200);
    expect(answer.body?.id).toBe(existing.id);
    expect(server.control.getCustomer(existing.id)).toMatchObject({ notes: 'hi', phone: '(999) 000-1111' });
  });

  it('prefers a phone match over an email match', async () => {
    const server = await start();
    const byPhone = server.control.addCustomer({ phone: '(612) 555-2000', email: 'a@example.com' });
    const byEmail = server.control.addCustomer({ phone: '(612) 555-3000', email: 'b@example.com' });
    const answer = await post(server, { phone: '612 555 2000', email: 'b@example.com', first_name: 'Who' });
    expect(answer.body?.id).toBe(byPhone.id);
    expect(server.control.getCustomer(byPhone.id)?.first_name).toBe('Who');
    expect(server.control.getCustomer(byEmail.id)?.first_name).toBeNull();
  });

  it('lets an id win over phone and email', async () => {
    const server = await start();
    const target = server.control.addCustomer({ phone: '(612) 555-4000' });
    const other = server.control.addCustomer({ phone: '(612) 555-5000' });
    const answer = await post(server, { id: target.id, phone: '(612) 555-5000' });
    expect(answer.body?.id).toBe(target.id);
    expect(server.control.getCustomer(other.id)?.phone).toBe('(612) 555-5000');
  });

  it('matches archived customers too, and leaves them archived', async () => {
    const server = await start();
    const archived = server.control.addCustomer({ phone: '(612) 555-6000', archived: true });
    const answer = await post(server, { phone: '(612) 555-6000', first_name: 'Back' });
    expect(answer).toMatchObject({ status: 200, body: { id: archived.id } });
    expect(server.control.getCustomer(archived.id)?.archived).toBe(true);
  });

  it('merges tags as a union and never removes one', async () => {
    const server = await start();
    const c = server.control.addCustomer({ tags: ['gutters', 'vip'] });
    expect((await post(server, { id: c.id, tags: ['vip', 'lawn'] })).body?.tags).toEqual([
      'gutters',
      'vip',
      'lawn',
    ]);
    expect((await post(server, { id: c.id, tags: [] })).body?.tags).toEqual(['gutters', 'vip', 'lawn']);
    expect((await post(server, { id: c.id, first_name: 'No tags sent' })).body?.tags).toEqual([
      'gutters',
      'vip',
      'lawn',
    ]);
    const bare = server.control.addCustomer({ tags: null });
    expect((await post(server, { id: bare.id, notes: 'x' })).body?.tags).toBeNull();
    expect((await post(server, { id: bare.id, tags: ['pest'] })).body?.tags).toEqual(['pest']);
  });
});

describe('POST /customers validation', () => {
  it('answers the documented body for a bad email', async () => {
    const server = await start();
    const answer = await post(server, { email: 'not-an-email', first_name: 'X' });
    expect(answer).toMatchObject({
      status: 400,
      body: {
        status: 'error',
        message: 'Validation failed',
        errors: [{ field: 'email', message: 'Invalid email format' }],
      },
    });
  });

  it('reports every bad field at once and writes nothing', async () => {
    const server = await start({ customers: 2 });
    const [c] = server.control.customers();
    const answer = await post(server, {
      id: c?.id,
      first_name: 5,
      status: 'deleted',
      tags: 'vip',
      billing_same_as_property: 'yes',
      notes: null,
    });
    expect(answer.status).toBe(400);
    const fields = (answer.body?.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['billing_same_as_property', 'first_name', 'notes', 'status', 'tags']);
    expect(server.control.getCustomer(c?.id as string)).toEqual(c);
    expect(server.control.upsertsApplied()).toBe(0);
  });

  it('rejects malformed JSON, arrays and tags that are not strings', async () => {
    const server = await start();
    for (const body of ['{"first_name":', '[]', JSON.stringify({ tags: ['ok', 3] })]) {
      const answer = await call(server, '/customers', { method: 'POST', body });
      expect(answer.status, body).toBe(400);
      expect(answer.body?.message).toBe('Validation failed');
    }
    expect(server.control.customerCount()).toBe(0);
  });

  it('accepts an empty email (clearing it) and ignores unknown fields', async () => {
    const server = await start();
    const c = server.control.addCustomer({ email: 'old@example.com' });
    const answer = await post(server, { id: c.id, email: '', favourite_colour: 'blue' });
    expect(answer.status).toBe(200);
    expect(server.control.getCustomer(c.id)?.email).toBe('');
    expect(answer.body).not.toHaveProperty('favourite_colour');
  });
});

describe('Idempotency-Key', () => {
  it('is recorded in the request log but not used to deduplicate', async () => {
    const server = await start();
    const headers = { 'idempotency-key': 'idem-12345678' };
    const first = await post(server, { first_name: 'Twice' }, headers);
    const second = await post(server, { first_name: 'Twice' }, headers);
    expect(first.body?.id).not.toBe(second.body?.id);
    expect(server.control.upsertsApplied()).toBe(2);
    const posts = server.control.requestLog().filter((e) => e.method === 'POST');
    expect(posts.map((e) => e.idempotencyKey)).toEqual(['idem-12345678', 'idem-12345678']);
  });
});
