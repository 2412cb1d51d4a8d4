import { describe, expect, it, vi } from 'vitest';
import { CUSTOMER_FIELDS } from '@contract/fields';
import type { CustomerFieldSpec } from '@contract/fields';
import CustomerForm from '$lib/components/customer/CustomerForm.svelte';
import { FORM_GROUP_TITLES } from '$lib/components/customer/form-layout';
import type { LocalCustomer, OutboxEntry } from '$lib/data/types';
import type { EditorHost } from '$lib/state/editor.svelte';
import { customer, entry } from './fakes';
import { byId, closest, labelOf, legendOf, renderHtml, tagged, textOf } from './html';
import type { El } from './html';

const host: EditorHost = {
  online: true,
  findUpsertMatch: () => undefined,
  saveEdit: async (id) => ({ ok: true, data: { id } }),
  createCustomer: async () => ({ ok: true, data: { id: 'local:1' } }),
};

function form(opts: { customer?: LocalCustomer | null; entry?: OutboxEntry; id?: string | null } = {}): El {
  const c = opts.customer === undefined ? null : opts.customer;
  return renderHtml(CustomerForm, {
    customerId: opts.id !== undefined ? opts.id : (c?.id ?? null),
    customer: c,
    entry: opts.entry,
    host,
    tagSuggestions: ['vip', 'gutters'],
    dialogOpen: false,
    setGuard: vi.fn(() => () => {}),
    confirm: vi.fn(async () => true),
    onsaved: vi.fn(),
    onnavigate: vi.fn(),
  });
}

function control(root: El, spec: CustomerFieldSpec): El {
  const el = byId(root, `field-${spec.write}`);
  if (!el) throw new Error(`no control for ${spec.write}`);
  return el;
}

/** What a control is, as a reader of the markup would name it. */
function controlKind(el: El): string {
  if (el.tag !== 'input') return el.tag;
  if (el.attrs.list) return 'input[list]';
  return `input[${el.attrs.type ?? 'text'}]`;
}

const EXPECTED_CONTROL: Record<CustomerFieldSpec['kind'], string> = {
  text: 'input[text]',
  email: 'input[email]',
  phone: 'input[tel]',
  multiline: 'textarea',
  status: 'select',
  boolean: 'input[checkbox]',
  tags: 'input[list]',
};

describe('the customer form, from the field table', () => {
  it('has a control for every writable field, labelled with its label, in its group', () => {
    for (const root of [form(), form({ customer: customer() })]) {
      for (const spec of CUSTOMER_FIELDS) {
        const el = control(root, spec);
        expect(labelOf(root, el), spec.write).toBe(spec.label);
        expect(controlKind(el), spec.write).toBe(EXPECTED_CONTROL[spec.kind]);
        const fieldset = closest(el, 'fieldset');
        expect(fieldset && legendOf(fieldset), spec.write).toBe(FORM_GROUP_TITLES[spec.group]);
      }
    }
  });

  it('shows the groups under the headings it always had, in order, and nothing else', () => {
    const root = form();
    const fieldsets = tagged(root, 'fieldset');
    expect(fieldsets.map(legendOf)).toEqual([
      'Contact',
      'Property address',
      'Billing address',
      'Service',
      'Status and tags',
      'Notes',
    ]);
    const controls = fieldsets.flatMap((f) => [
      ...tagged(f, 'input'),
      ...tagged(f, 'select'),
      ...tagged(f, 'textarea'),
    ]);
    expect(controls.map((c) => c.attrs.id).sort()).toEqual(
      CUSTOMER_FIELDS.map((f) => `field-${f.write}`).sort(),
    );
  });

  it('fills each control with the customer’s value', () => {
    const root = form({ customer: customer({ status: 'inactive' }) });
    expect(control(root, CUSTOMER_FIELDS[0]).attrs.value).toBe('Ada');
    expect(byId(root, 'field-phone')?.attrs.value).toBe('555-0100');
    expect(textOf(byId(root, 'field-notes') as El)).toBe('Gate code 1234 Dog: friendly');
    const status = byId(root, 'field-status') as El;
    const chosen = tagged(status, 'option').filter((o) => 'selected' in o.attrs);
    expect(chosen.map(textOf)).toEqual(['Inactive']);
    // A status Rotor has is never offered back as "Not set".
    expect(tagged(status, 'option').map(textOf)).toEqual(['Active', 'Inactive']);
  });

  it('offers "Not set" only when Rotor has no status', () => {
    const root = form({ customer: customer({ status: null }) });
    expect(tagged(byId(root, 'field-status') as El, 'option').map(textOf)).toEqual([
      'Not set',
      'Active',
      'Inactive',
    ]);
  });

  it('hides the billing lines when billing is the same as the property', () => {
    const billing = {
      street1: '9 Bill Rd',
      street2: null,
      city: null,
      state: null,
      zip: null,
      country: null,
    };
    const same = form({ customer: customer({ billing: { ...billing, same_as_property: true } }) });
    expect('checked' in (byId(same, 'field-billing_same_as_property') as El).attrs).toBe(true);
    expect(byId(same, 'field-billing_street1')).toBeUndefined();
    expect(byId(same, 'field-billing_city')).toBeUndefined();

    const apart = form({ customer: customer({ billing: { ...billing, same_as_property: false } }) });
    expect(byId(apart, 'field-billing_street1')?.attrs.value).toBe('9 Bill Rd');
  });

  it('marks fields Rotor’s API never returned as unknown, not empty', () => {
    const root = form({ customer: customer({ billing: null, service_type: null }) });
    expect(textOf(byId(root, 'field-service_type-hint') as El)).toBe(
      'Not returned by Rotor’s API — leave blank to keep Rotor’s value',
    );
    const billing = closest(byId(root, 'field-billing_same_as_property') as El, 'fieldset') as El;
    expect(textOf(billing)).toContain('Rotor’s API does not return billing details.');
    // A field Rotor returns is never called unknown.
    expect(byId(root, 'field-first_name-hint')).toBeUndefined();
  });

  it('explains that tags on Rotor cannot be removed', () => {
    const root = form({ customer: customer() });
    expect(textOf(byId(root, 'field-tags-hint') as El)).toBe(
      'Rotor’s API adds tags but cannot remove them, so tags already on Rotor stay.',
    );
  });

  it('puts Rotor’s field errors from a failed send on their fields', () => {
    const failed = entry({
      state: 'failed',
      lastError: {
        kind: 'validation',
        message: 'Rejected',
        fields: [{ field: 'email', message: 'Email is taken' }],
      },
    });
    const root = form({ customer: customer(), entry: failed });
    expect(textOf(root)).toContain('Rotor rejected this change when it was sent. Fix the marked fields');
    expect(textOf(byId(root, 'field-email-error') as El)).toBe('Email is taken');
    expect(byId(root, 'field-email')?.attrs['aria-invalid']).toBe('true');
  });

  it('says the customer is gone when it is no longer on this computer', () => {
    const root = form({ customer: null, id: 'c-gone' });
    expect(textOf(root)).toContain('Customer not found');
    expect(tagged(root, 'form')).toHaveLength(0);
  });

  it('titles the form for what it does', () => {
    expect(textOf(tagged(form(), 'h1')[0] as El)).toBe('New customer');
    expect(textOf(tagged(form({ customer: customer() }), 'h1')[0] as El)).toBe('Edit Ada Lovelace');
  });
});
