import { describe, expect, it } from 'vitest';
import {
  addTag,
  CONTACT_ERROR,
  diffDraft,
  draftFromCustomer,
  emptyDraft,
  FIELD_LABELS,
  FIELD_ORDER,
  mapServerFieldErrors,
  newCustomerDraft,
  orderedFields,
  unknownFields,
  validateDraft,
} from '$lib/state/fields';
import { customer } from './fakes';

describe('labels', () => {
  it('labels every writable field with a human name, in one form order', () => {
    expect(FIELD_LABELS.property_zip).toBe('Property ZIP');
    expect(FIELD_LABELS.billing_same_as_property).toBe('Billing same as property');
    expect(new Set(FIELD_ORDER).size).toBe(Object.keys(FIELD_LABELS).length);
    expect(orderedFields(['tags', 'email', 'first_name', 'bogus'])).toEqual(['first_name', 'email', 'tags']);
  });
});

describe('drafts', () => {
  it('maps the read shape onto the flat write fields', () => {
    const d = draftFromCustomer(customer());
    expect(d.property_street1).toBe('1 Main St');
    expect(d.property_street2).toBe('');
    expect(d.billing_street1).toBe('');
    expect(d.status).toBe('active');
    expect(d.tags).toEqual(['vip']);
  });

  it('marks what Rotor never returns as unknown', () => {
    const unknown = unknownFields(customer());
    expect(unknown.has('service_type')).toBe(true);
    expect(unknown.has('billing_city')).toBe(true);
    expect(unknown.has('first_name')).toBe(false);
    const known = unknownFields(
      customer({
        service_type: 'Lawn',
        service_frequency: 'Weekly',
        billing: {
          street1: 'x',
          street2: null,
          city: null,
          state: null,
          zip: null,
          country: null,
          same_as_property: false,
        },
      }),
    );
    expect(known.size).toBe(0);
  });

  it('starts a new customer as active', () => {
    expect(newCustomerDraft().status).toBe('active');
  });
});

describe('diffDraft', () => {
  const initial = draftFromCustomer(customer());

  it('sends nothing when nothing changed', () => {
    expect(diffDraft(initial, structuredClone(initial))).toEqual({});
  });

  it('sends only the changed fields, trimmed', () => {
    const draft = { ...structuredClone(initial), phone: ' 555-0199 ', property_city: 'Shelbyville' };
    expect(diffDraft(initial, draft)).toEqual({ phone: '555-0199', property_city: 'Shelbyville' });
  });

  it('ignores whitespace-only edits', () => {
    expect(diffDraft(initial, { ...structuredClone(initial), email: ' ada@example.com  ' })).toEqual({});
  });

  it('keeps line breaks in notes but normalises CRLF and trailing space', () => {
    expect(
      diffDraft(initial, { ...structuredClone(initial), notes: 'Gate code 1234\r\nDog: friendly  ' }),
    ).toEqual({});
    expect(diffDraft(initial, { ...structuredClone(initial), notes: 'Gate code 9999\n\nDog' })).toEqual({
      notes: 'Gate code 9999\n\nDog',
    });
  });

  it('never sends an unknown field left blank, but sends a known field cleared on purpose', () => {
    const draft = { ...structuredClone(initial), company_name: '' };
    expect(diffDraft(initial, draft)).toEqual({ company_name: '' });
    expect('service_type' in diffDraft(initial, draft)).toBe(false);
  });

  it('drops billing lines when billing is the same as the property', () => {
    const draft = { ...structuredClone(initial), billing_same_as_property: true, billing_city: 'Elsewhere' };
    expect(diffDraft(initial, draft)).toEqual({ billing_same_as_property: true });
    const separate = { ...structuredClone(initial), billing_city: 'Elsewhere' };
    expect(diffDraft(initial, separate)).toEqual({ billing_city: 'Elsewhere' });
  });

  it('compares tags as a set and sends the full list when it changed', () => {
    const withTwo = { ...initial, tags: ['vip', 'gate'] };
    expect(diffDraft(withTwo, { ...withTwo, tags: ['gate', 'vip'] })).toEqual({});
    expect(diffDraft(initial, withTwo)).toEqual({ tags: ['vip', 'gate'] });
  });

  it('sends a status change, and a new customer’s status', () => {
    expect(diffDraft(initial, { ...structuredClone(initial), status: 'inactive' })).toEqual({
      status: 'inactive',
    });
    const created = diffDraft(emptyDraft(), { ...newCustomerDraft(), first_name: 'New' });
    expect(created).toEqual({ first_name: 'New', status: 'active' });
  });
});

describe('validateDraft', () => {
  it('accepts a customer with only a phone', () => {
    expect(validateDraft({ ...newCustomerDraft(), phone: '555' })).toEqual({});
  });

  it('needs at least a name, company, phone or email', () => {
    expect(validateDraft(newCustomerDraft())[CONTACT_ERROR]).toMatch(/at least/);
    expect(validateDraft({ ...newCustomerDraft(), last_name: 'Solo' })[CONTACT_ERROR]).toBeUndefined();
  });

  it('checks the email format', () => {
    expect(validateDraft({ ...newCustomerDraft(), email: 'ada@' }).email).toBeDefined();
    expect(validateDraft({ ...newCustomerDraft(), email: 'ada@example' }).email).toBeDefined();
    expect(validateDraft({ ...newCustomerDraft(), email: 'ada@example.co.uk' }).email).toBeUndefined();
  });

  it('does not block other edits over an email Rotor already holds in another form', () => {
    const stored = { ...newCustomerDraft(), email: 'legacy@localhost', last_name: 'Old' };
    expect(validateDraft({ ...stored, notes: 'new gate code' }, stored).email).toBeUndefined();
    expect(validateDraft({ ...stored, email: 'still@bad' }, stored).email).toBeDefined();
  });

  it('rejects a status Rotor does not know', () => {
    const bad = { ...newCustomerDraft(), first_name: 'x', status: 'archived' as never };
    expect(validateDraft(bad).status).toBeDefined();
  });

  it('limits field and tag lengths', () => {
    expect(
      validateDraft({ ...newCustomerDraft(), notes: 'x'.repeat(10_001), phone: '1' }).notes,
    ).toBeDefined();
    expect(validateDraft({ ...newCustomerDraft(), phone: '1', tags: ['x'.repeat(201)] }).tags).toBeDefined();
  });
});

describe('tags', () => {
  it('adds cleaned tags once; case tells tags apart, as in Rotor', () => {
    expect(addTag(['vip'], '  gate   code ')).toEqual(['vip', 'gate code']);
    const same = ['vip'];
    expect(addTag(same, ' vip ')).toBe(same);
    expect(addTag(same, 'VIP')).toEqual(['vip', 'VIP']);
    expect(addTag(same, '   ')).toBe(same);
  });
});

describe('server field errors', () => {
  it('puts Rotor’s messages on the form’s fields and keeps the rest', () => {
    const mapped = mapServerFieldErrors([
      { field: 'email', message: 'Invalid email format' },
      { field: 'address.zip', message: 'Bad ZIP' },
      { field: 'email', message: 'Already used' },
      { field: 'mystery', message: 'Something' },
    ]);
    expect(mapped.byField).toEqual({ email: 'Invalid email format; Already used', property_zip: 'Bad ZIP' });
    expect(mapped.other).toEqual(['mystery: Something']);
    expect(mapServerFieldErrors(undefined)).toEqual({ byField: {}, other: [] });
  });
});
