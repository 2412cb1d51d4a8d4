import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ApiCustomerSchema,
  ApiUpsertResponseSchema,
  CustomerWriteSchema,
  normalizeCustomer,
  WRITE_TEXT_FIELDS,
} from '@contract/customer';
import type { Address, CustomerStatus, CustomerWrite, RotorCustomer } from '@contract/customer';
import { CUSTOMER_FIELDS } from '@contract/fields';

describe('the schemas built from the field table', () => {
  it('keep named keys and precise types', () => {
    expectTypeOf<keyof Address>().toEqualTypeOf<
      'street1' | 'street2' | 'city' | 'state' | 'zip' | 'country'
    >();
    expectTypeOf<Address['city']>().toEqualTypeOf<string | null>();
    expectTypeOf<RotorCustomer['tags']>().toEqualTypeOf<string[]>();
    expectTypeOf<RotorCustomer['status']>().toEqualTypeOf<CustomerStatus | null>();
    expectTypeOf<RotorCustomer['is_auto_pay']>().toEqualTypeOf<boolean | null>();
    expectTypeOf<RotorCustomer['location']>().toEqualTypeOf<number[] | null>();
    expectTypeOf<RotorCustomer['address']>().toEqualTypeOf<Address | null>();
    expectTypeOf<keyof RotorCustomer>().toEqualTypeOf<
      | 'id'
      | 'address'
      | 'company_name'
      | 'created_at'
      | 'email'
      | 'first_name'
      | 'last_name'
      | 'is_auto_pay'
      | 'location'
      | 'notes'
      | 'phone'
      | 'source'
      | 'status'
      | 'tags'
    >();
    expectTypeOf<keyof CustomerWrite>().toEqualTypeOf<'id' | (typeof CUSTOMER_FIELDS)[number]['write']>();
    expectTypeOf<CustomerWrite['billing_same_as_property']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<CustomerWrite['tags']>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<CustomerWrite['property_zip']>().toEqualTypeOf<string | undefined>();
  });

  it('the write schema takes every writable field and nothing else', () => {
    expect(Object.keys(CustomerWriteSchema.shape).sort()).toEqual(
      ['id', ...CUSTOMER_FIELDS.map((f) => f.write)].sort(),
    );
    expect(WRITE_TEXT_FIELDS).toContain('billing_zip');
    expect(WRITE_TEXT_FIELDS).not.toContain('tags');
  });

  it('the read schema is tolerant: unknown fields pass, nulls are accepted, a wrong type fails', () => {
    const row = { id: 'c1', address: { city: 'Edina', extra: 1 }, tags: null, colour: 'blue', notes: null };
    expect(ApiCustomerSchema.safeParse(row).success).toBe(true);
    expect(ApiCustomerSchema.safeParse({ ...row, first_name: 5 }).success).toBe(false);
    expect(ApiCustomerSchema.safeParse({ ...row, address: { city: 5 } }).success).toBe(false);
    expect(ApiCustomerSchema.safeParse({ ...row, status: 'archived' }).success).toBe(false);
  });

  it('normalises a read: nulls explicit, tags an array, has_payment_method read as is_auto_pay', () => {
    const c = normalizeCustomer(
      ApiCustomerSchema.parse({ id: 'c1', address: { city: 'Edina' }, has_payment_method: true }),
    );
    expect(c).toEqual({
      id: 'c1',
      address: { street1: null, street2: null, city: 'Edina', state: null, zip: null, country: null },
      first_name: null,
      last_name: null,
      company_name: null,
      email: null,
      phone: null,
      status: null,
      source: null,
      tags: [],
      notes: null,
      created_at: null,
      is_auto_pay: true,
      location: null,
    });
    expect(normalizeCustomer({ id: 'c2', is_auto_pay: false, has_payment_method: true }).is_auto_pay).toBe(
      false,
    );
  });

  it('the upsert answer: flat, billing may be null, unknown fields pass', () => {
    const answer = { id: 'c1', created_at: null, message: 'ok', billing_city: null, tags: ['a'], extra: 1 };
    expect(ApiUpsertResponseSchema.safeParse(answer).success).toBe(true);
    expect(ApiUpsertResponseSchema.safeParse({ ...answer, billing_same_as_property: 'yes' }).success).toBe(
      false,
    );
  });
});
