import { describe, expect, it, vi } from 'vitest';
import { createRawSnippet } from 'svelte';
import { CUSTOMER_FIELDS } from '@contract/fields';
import CustomerDetail from '$lib/components/customer/CustomerDetail.svelte';
import { DETAIL_CARDS, localValue } from '$lib/components/customer/detail-layout';
import type { LocalCustomer, OutboxEntry } from '$lib/data/types';
import { customer, entry } from './fakes';
import { all, byId, renderHtml, tagged, textOf } from './html';
import type { El } from './html';

const notice = createRawSnippet((e: () => OutboxEntry) => ({
  render: () => `<p data-testid="sync-state">notice for ${e().id}</p>`,
}));

function detail(c: LocalCustomer | undefined, opts: { entry?: OutboxEntry } = {}): El {
  return renderHtml(CustomerDetail, {
    id: c?.id ?? 'c-gone',
    customer: c,
    entry: opts.entry,
    syncNotice: notice,
    online: true,
    now: Date.parse('2025-03-12T12:00:00Z'),
    focusHeading: false,
    onfocused: vi.fn(),
    onedit: vi.fn(),
    onrefresh: vi.fn(async () => undefined),
    onclose: vi.fn(),
  });
}

/** The value a `<dt>` names in a definition list. */
function definition(root: El, term: string): string | undefined {
  for (const dt of tagged(root, 'dt')) {
    if (textOf(dt) !== term || !dt.parent) continue;
    const siblings = dt.parent.children.filter((c): c is El => typeof c !== 'string');
    const dd = siblings[siblings.indexOf(dt) + 1];
    return dd ? textOf(dd) : undefined;
  }
  return undefined;
}

/** Every field known, each with a value found nowhere else. */
function fullCustomer(): LocalCustomer {
  return customer({
    first_name: 'Vfirst',
    last_name: 'Vlast',
    company_name: 'Vcompany',
    email: 'v@example.com',
    phone: '555-0142',
    notes: 'Vnotes line',
    source: 'Vsource',
    tags: ['Vtag-a', 'Vtag-b'],
    address: { street1: 'Vp1', street2: 'Vp2', city: 'Vpcity', state: 'VS', zip: '90001', country: 'Vpland' },
    billing: {
      street1: 'Vb1',
      street2: 'Vb2',
      city: 'Vbcity',
      state: 'VB',
      zip: '90002',
      country: 'Vbland',
      same_as_property: false,
    },
    service_type: 'Vservice',
    service_frequency: 'Vmonthly',
  });
}

describe('the customer detail, from the field table', () => {
  it('shows every field the record knows', () => {
    const c = fullCustomer();
    const root = detail(c);
    const text = textOf(root);
    for (const spec of CUSTOMER_FIELDS) {
      const value = localValue(c, spec);
      if (spec.kind === 'boolean') continue; // said as "Same as property address" when on (below)
      const shown = spec.kind === 'status' ? ['Active'] : Array.isArray(value) ? value : [String(value)];
      for (const v of shown) expect(text, spec.write).toContain(v);
    }
  });

  it('names each plain field with its label beside its value', () => {
    const root = detail(fullCustomer());
    expect(definition(root, 'Company')).toBe('Vcompany');
    expect(definition(root, 'Email')).toBe('v@example.com');
    expect(definition(root, 'Phone')).toBe('555-0142');
    expect(definition(root, 'Service type')).toBe('Vservice');
    expect(definition(root, 'Service frequency')).toBe('Vmonthly');
    expect(definition(root, 'Status')).toBe('Active');
    expect(definition(root, 'Source')).toBe('Vsource');
    // Phone and email are links a laptop can follow.
    const hrefs = tagged(root, 'a').map((a) => a.attrs.href);
    expect(hrefs).toContain('tel:5550142');
    expect(hrefs).toContain('mailto:v@example.com');
  });

  it('keeps the cards and their titles where they were', () => {
    expect(DETAIL_CARDS.map((c) => c.title)).toEqual([
      'Contact',
      'Property address',
      'Billing',
      'Service',
      'Tags',
      'Notes',
      'Record',
    ]);
    const root = detail(fullCustomer());
    expect(tagged(root, 'h3').map(textOf)).toEqual(DETAIL_CARDS.map((c) => c.title));
    for (const card of DETAIL_CARDS) expect(byId(root, card.id), card.id).toBeDefined();
  });

  it('keeps the read-only record facts in the record card', () => {
    const root = detail(customer({ is_auto_pay: false }));
    const record = byId(root, 'sec-record')?.parent as El;
    expect(tagged(record, 'dt').map(textOf)).toEqual([
      'Status',
      'Source',
      'Created',
      'Auto-pay',
      'Last fetched',
      'Rotor ID',
    ]);
    expect(definition(record, 'Auto-pay')).toBe('No');
    expect(definition(record, 'Rotor ID')).toBe('c1');
    expect(definition(record, 'Last fetched')).toBe('1 hour ago');
  });

  it('says what Rotor’s API never returned instead of showing it as empty', () => {
    const root = detail(customer({ billing: null, service_type: null, service_frequency: null }));
    const unknown = 'Not returned by Rotor’s API';
    expect(definition(root, 'Service type')).toBe(unknown);
    expect(definition(root, 'Service frequency')).toBe(unknown);
    expect(textOf(byId(root, 'sec-billing')?.parent as El)).toBe(`Billing ${unknown}`);
  });

  it('says what is empty, and hides the company row when there is none', () => {
    const root = detail(
      customer({
        phone: null,
        email: '',
        company_name: null,
        tags: [],
        notes: null,
        source: null,
        address: null,
      }),
    );
    expect(definition(root, 'Phone')).toBe('None');
    expect(definition(root, 'Email')).toBe('None');
    expect(definition(root, 'Source')).toBe('None');
    expect(definition(root, 'Company')).toBeUndefined();
    expect(textOf(byId(root, 'sec-tags')?.parent as El)).toBe('Tags No tags');
    expect(textOf(byId(root, 'sec-notes')?.parent as El)).toBe('Notes No notes');
    expect(textOf(byId(root, 'sec-property')?.parent as El)).toBe('Property address No address');
  });

  it('reads billing the same as the property as that, and offers a map only for the property', () => {
    const c = fullCustomer();
    const root = detail({
      ...c,
      billing: { ...(c.billing as NonNullable<LocalCustomer['billing']>), same_as_property: true },
    });
    expect(textOf(byId(root, 'sec-billing')?.parent as El)).toBe('Billing Same as property address');
    const maps = all(
      root,
      (e) => e.tag === 'a' && (e.attrs.href ?? '').startsWith('https://www.openstreetmap.org/'),
    );
    expect(maps).toHaveLength(1);
    expect(textOf(maps[0] as El)).toMatch(/^Open in maps/);
  });

  it('shows a queued change through the view’s notice, and a local-only customer as such', () => {
    expect(textOf(detail(customer(), { entry: entry({ id: 'e7' }) }))).toContain('notice for e7');
    const local = textOf(detail(customer({ id: 'local:1', fetchedAt: null })));
    expect(local).toContain('Created on this computer and not yet on Rotor.');
    expect(local).not.toContain('Refresh from Rotor');
  });

  it('says the customer is gone when it is not on this computer', () => {
    expect(textOf(detail(undefined))).toContain('Customer not found');
  });
});
