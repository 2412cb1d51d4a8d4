import { describe, expect, it } from 'vitest';
import type { RotorCustomer } from '@contract/customer';
import {
  applyChanges,
  changedFields,
  emptyCustomer,
  fieldValue,
  fromRead,
  fromUpsert,
  sameValue,
  toWriteFields,
  uniqueTags,
} from '$lib/data/mapping';

const read: RotorCustomer = {
  id: 'c1',
  address: {
    street1: '1 Elm St',
    street2: null,
    city: 'Minneapolis',
    state: 'MN',
    zip: '55401',
    country: 'US',
  },
  company_name: 'Acme',
  created_at: '2025-01-01T00:00:00.000Z',
  email: 'ann@example.com',
  first_name: 'Ann',
  last_name: 'Lee',
  is_auto_pay: true,
  location: [44.9, -93.2],
  notes: null,
  phone: '(612) 555-1234',
  source: 'web',
  status: 'active',
  tags: ['vip', 'vip', ' spring '],
};

describe('read shape → local record', () => {
  it('maps address.* to the property_* write fields and normalises tags', () => {
    const c = fromRead(read, null);
    expect(fieldValue(c, 'property_street1')).toBe('1 Elm St');
    expect(fieldValue(c, 'property_city')).toBe('Minneapolis');
    expect(fieldValue(c, 'property_zip')).toBe('55401');
    expect(fieldValue(c, 'property_street2')).toBeNull();
    expect(c.tags).toEqual(['vip', 'spring']);
    expect(c.is_auto_pay).toBe(true);
    expect(c.location).toEqual([44.9, -93.2]);
  });

  it('keeps write-only fields (billing, service) from the previous server copy, never blanks them', () => {
    const prev = applyChanges(emptyCustomer('c1'), {
      billing_city: 'St Paul',
      billing_same_as_property: false,
      service_type: 'lawn',
    });
    const c = fromRead(read, prev);
    expect(fieldValue(c, 'billing_city')).toBe('St Paul');
    expect(fieldValue(c, 'billing_same_as_property')).toBe(false);
    expect(c.service_type).toBe('lawn');
    expect(fromRead(read, null).billing).toBeNull();
  });
});

describe('upsert response → local record', () => {
  it('maps property_* back to address and billing_* to billing, keeping what the response omits', () => {
    const prev = fromRead(read, null);
    const c = fromUpsert(
      {
        id: 'c1',
        property_city: 'Edina',
        billing_street1: '9 Oak',
        billing_same_as_property: false,
        service_frequency: 'weekly',
        tags: ['vip', 'spring', 'new'],
      },
      prev,
      { notes: 'gate code 12', property_city: 'Edina' },
    );
    expect(c.address).toMatchObject({ street1: '1 Elm St', city: 'Edina' });
    expect(c.billing).toMatchObject({ street1: '9 Oak', same_as_property: false });
    expect(c.service_frequency).toBe('weekly');
    // Sent but not echoed back: accepted as sent.
    expect(c.notes).toBe('gate code 12');
    expect(c.created_at).toBe(read.created_at);
    expect(c.tags).toEqual(['vip', 'spring', 'new']);
  });

  it('takes the new id and created_at of a create, and merges sent tags when the answer has none', () => {
    const c = fromUpsert({ id: 'srv-9', created_at: '2025-02-02T00:00:00Z' }, null, {
      first_name: 'Zed',
      tags: ['a'],
    });
    expect(c.id).toBe('srv-9');
    expect(c.created_at).toBe('2025-02-02T00:00:00Z');
    expect(c.first_name).toBe('Zed');
    expect(c.tags).toEqual(['a']);
  });
});

describe('applying write changes and diffing a form', () => {
  it('applies flat changes onto the read shape; tags are merged, not replaced', () => {
    const base = fromRead(read, null);
    const c = applyChanges(base, {
      property_state: 'WI',
      billing_zip: '53703',
      status: 'inactive',
      tags: ['new'],
    });
    expect(c.address?.state).toBe('WI');
    expect(c.address?.city).toBe('Minneapolis');
    expect(c.billing?.zip).toBe('53703');
    expect(c.status).toBe('inactive');
    expect(c.tags).toEqual(['vip', 'spring', 'new']);
    expect(base.address?.state).toBe('MN');
  });

  it('reports only fields that differ, treating empty text and null alike and tags as a set', () => {
    const base = fromRead(read, null);
    const form = {
      first_name: 'Ann',
      last_name: 'Leigh',
      notes: '',
      property_city: 'Minneapolis',
      property_street2: '',
      tags: ['spring', 'vip'],
      email: 'ann@example.com',
    };
    expect(changedFields(base, form)).toEqual({ last_name: 'Leigh' });
    expect(changedFields(base, { tags: ['vip'] })).toEqual({ tags: ['vip'] });
  });

  it('compares values per field kind', () => {
    expect(sameValue('notes', null, '')).toBe(true);
    expect(sameValue('notes', 'a', 'b')).toBe(false);
    expect(sameValue('billing_same_as_property', null, false)).toBe(false);
    expect(sameValue('tags', ['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameValue('tags', ['a'], ['a', 'b'])).toBe(false);
  });

  it('turns a record into the full write form of its non-empty fields', () => {
    const c = applyChanges(fromRead(read, null), { service_type: 'lawn' });
    const w = toWriteFields(c);
    expect(w).toMatchObject({
      first_name: 'Ann',
      property_street1: '1 Elm St',
      property_zip: '55401',
      service_type: 'lawn',
      tags: ['vip', 'spring'],
      status: 'active',
    });
    expect(w).not.toHaveProperty('notes');
    expect(w).not.toHaveProperty('property_street2');
  });

  it('dedupes and trims tags, dropping empty ones', () => {
    expect(uniqueTags([' a', 'a', '', 'b '])).toEqual(['a', 'b']);
  });
});
