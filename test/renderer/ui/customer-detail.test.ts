import { describe, expect, it, vi } from 'vitest';
import { createRawSnippet } from 'svelte';
import { CUSTOMER_FIELDS } from '@contract/fields';
import CustomerDetail from '$lib/components/customer/CustomerDetail.svelte';
import { DETAIL_CARDS, localValue, rowValue, WRITE_ONLY_NOTE } from '$lib/components/customer/detail-layout';
import { copyText } from '$lib/components/customer/clipboard';
import type { CopyDeps } from '$lib/components/customer/clipboard';
import { warningMatcher } from '$lib/state/warning-tags';
import type { IsWarningTag } from '$lib/state/warning-tags';
import type { LocalCustomer, OutboxEntry } from '$lib/data/types';
import { customer, entry } from './fakes';
import { all, byId, renderHtml, tagged, textOf } from './html';
import type { El } from './html';

const notice = createRawSnippet((e: () => OutboxEntry) => ({
  render: () => `<p data-testid="sync-state">notice for ${e().id}</p>`,
}));

function detail(
  c: LocalCustomer | undefined,
  opts: { entry?: OutboxEntry; isWarning?: IsWarningTag } = {},
): El {
  return renderHtml(CustomerDetail, {
    id: c?.id ?? 'c-gone',
    customer: c,
    entry: opts.entry,
    syncNotice: notice,
    online: true,
    now: Date.parse('2025-03-12T12:00:00Z'),
    isWarning: opts.isWarning ?? warningMatcher([]),
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
    return dd ? textOf(dd).replace(/ Copy$/, '') : undefined;
  }
  return undefined;
}

const SPEC = (write: string) => {
  const spec = CUSTOMER_FIELDS.find((f) => f.write === write);
  if (!spec) throw new Error(write);
  return spec;
};

/** The card titles in the order they are shown. */
const cardTitles = (root: El): string[] => tagged(root, 'h3').map(textOf);

/** Buttons by accessible name (aria-label, else text). */
const buttons = (root: El): string[] => tagged(root, 'button').map((b) => b.attrs['aria-label'] ?? textOf(b));

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

describe('the customer detail, laid out for the field', () => {
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
    expect(text).not.toContain(WRITE_ONLY_NOTE);
  });

  it('names each plain field with its label beside its value, phone first', () => {
    const root = detail(fullCustomer());
    expect(definition(root, 'Email')).toBe('v@example.com');
    expect(definition(root, 'Phone')).toBe('555-0142');
    expect(definition(root, 'Service type')).toBe('Vservice');
    expect(definition(root, 'Service frequency')).toBe('Vmonthly');
    expect(definition(root, 'Status')).toBe('Active');
    expect(definition(root, 'Source')).toBe('Vsource');
    const contact = byId(root, 'sec-contact')?.parent as El;
    expect(tagged(contact, 'dt').map(textOf)).toEqual(['Phone', 'Email']);
    // The company is under the name, not repeated in a row.
    expect(definition(root, 'Company')).toBeUndefined();
    expect(textOf(all(root, (e) => (e.attrs.class ?? '').split(' ').includes('company'))[0] as El)).toBe(
      'Vcompany',
    );
    // Phone and email are links a laptop can follow.
    const hrefs = tagged(root, 'a').map((a) => a.attrs.href);
    expect(hrefs).toContain('tel:5550142');
    expect(hrefs).toContain('mailto:v@example.com');
  });

  it('puts phone, address, notes and tags first, the rest after, the record last', () => {
    const order = ['Contact', 'Property address', 'Notes', 'Tags', 'Billing', 'Service', 'Record'];
    expect(DETAIL_CARDS.map((c) => c.title)).toEqual(order);
    const root = detail(fullCustomer());
    expect(cardTitles(root)).toEqual(order);
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

  it('hides billing and service when Rotor never returned them, and says so once', () => {
    const root = detail(customer({ billing: null, service_type: null, service_frequency: null }));
    expect(cardTitles(root)).toEqual(['Contact', 'Property address', 'Notes', 'Tags', 'Record']);
    const text = textOf(root);
    expect(text).not.toContain('Not returned');
    expect(text.split(WRITE_ONLY_NOTE)).toHaveLength(2);
    expect(WRITE_ONLY_NOTE).toBe(
      'Rotor’s API doesn’t return billing or service details, so they show here only once they are entered on this computer.',
    );
  });

  it('shows a write-only card once something is known here, with only the known rows', () => {
    const root = detail(
      customer({ billing: null, service_type: 'Gutter Cleaning', service_frequency: null }),
    );
    expect(cardTitles(root)).toContain('Service');
    expect(cardTitles(root)).not.toContain('Billing');
    const service = byId(root, 'sec-service')?.parent as El;
    expect(tagged(service, 'dt').map(textOf)).toEqual(['Service type']);
    expect(textOf(root)).toContain(WRITE_ONLY_NOTE);
  });

  it('offers Add phone, Add email, Add address and Add notes instead of "None"', () => {
    const empty = customer({
      phone: null,
      email: '',
      company_name: null,
      tags: [],
      notes: null,
      source: null,
      address: null,
    });
    const root = detail(empty);
    expect(definition(root, 'Phone')).toBe('Add phone');
    expect(definition(root, 'Email')).toBe('Add email');
    expect(definition(root, 'Source')).toBe('None');
    expect(definition(root, 'Company')).toBeUndefined();
    expect(buttons(root)).toEqual(
      expect.arrayContaining(['Add phone', 'Add email', 'Add address', 'Add notes']),
    );
    expect(buttons(root).filter((b) => b.startsWith('Copy'))).toEqual([]);
    expect(textOf(byId(root, 'sec-tags')?.parent as El)).toBe('Tags No tags');
    // Each action opens the editor on its own field.
    expect(rowValue(empty, SPEC('phone'))?.add).toEqual({ label: 'Add phone', field: 'phone' });
    expect(rowValue(empty, SPEC('email'))?.add).toEqual({ label: 'Add email', field: 'email' });
    const property = DETAIL_CARDS.find((c) => c.id === 'sec-property');
    expect(property?.show === 'address' && property.add).toEqual({
      label: 'Add address',
      field: 'property_street1',
    });
  });

  it('offers Copy on the phone, the email and the address, each pointing at the text it copies', () => {
    const root = detail(fullCustomer());
    expect(buttons(root).filter((b) => b.startsWith('Copy'))).toEqual([
      'Copy phone',
      'Copy email',
      'Copy address',
    ]);
    expect(textOf(byId(root, 'val-phone') as El)).toBe('555-0142');
    expect(textOf(byId(root, 'val-email') as El)).toBe('v@example.com');
    expect(textOf(byId(root, 'val-sec-property') as El)).toBe('Vp1Vp2Vpcity, VS 90001Vpland');
    // Each Copy has a polite status beside it, present before anything is copied.
    expect(all(root, (e) => e.attrs.role === 'status')).toHaveLength(3);
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

  it('flags warning tags in red with their name said, first, under the heading and in the tags card', () => {
    const c = customer({ tags: ['vip', 'Dog', 'gutters'] });
    const root = detail(c, { isWarning: warningMatcher(['dog']) });
    const strip = all(root, (e) => e.attrs['data-testid'] === 'detail-warnings')[0] as El;
    expect(textOf(strip)).toBe('⚠Warning: Dog');
    expect(strip.attrs['aria-label']).toBe('Warning tags');
    const tags = byId(root, 'sec-tags')?.parent as El;
    expect(tagged(tags, 'li').map(textOf)).toEqual(['⚠Warning: Dog', 'vip', 'gutters']);
    expect(all(root, (e) => e.attrs['data-warning-tag'] === 'Dog')).toHaveLength(2);
    // Without a matching setting nothing is flagged.
    const plain = detail(c, { isWarning: warningMatcher([]) });
    expect(all(plain, (e) => 'data-warning-tag' in e.attrs)).toEqual([]);
    expect(all(plain, (e) => e.attrs['data-testid'] === 'detail-warnings')).toEqual([]);
  });

  it('keeps a long name whole for the tooltip and screen readers', () => {
    const long = 'Bartholomew Alexander Montgomery-Fitzwilliam of Lakeside Hts'; // 60 characters
    expect(long).toHaveLength(60);
    const heading = byId(detail(customer({ first_name: long, last_name: null })), 'detail-name') as El;
    expect(textOf(heading)).toBe(long);
    expect(heading.attrs.title).toBe(long);
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

describe('copying', () => {
  const el = {} as HTMLElement;
  function deps(over: Partial<CopyDeps> = {}): CopyDeps & { selected: unknown[] } {
    const selected: unknown[] = [];
    return {
      selected,
      writeText: vi.fn(async () => undefined),
      select: (target) => (selected.push(target), target !== null),
      copySelection: () => false,
      ...over,
    };
  }

  it('uses the clipboard when it is allowed', async () => {
    const d = deps();
    expect(await copyText('555-0100', el, d)).toBe('copied');
    expect(d.writeText).toHaveBeenCalledWith('555-0100');
    expect(d.selected).toEqual([]);
  });

  it('selects the text on screen when the clipboard is refused, copying it the old way if it can', async () => {
    const refused = vi.fn(async () => Promise.reject(new DOMException('denied', 'NotAllowedError')));
    const d = deps({ writeText: refused });
    expect(await copyText('555-0100', el, d)).toBe('selected');
    expect(d.selected).toEqual([el]);
    expect(await copyText('555-0100', el, deps({ writeText: refused, copySelection: () => true }))).toBe(
      'copied',
    );
    expect(await copyText('555-0100', el, deps({ writeText: undefined }))).toBe('selected');
    expect(await copyText('555-0100', null, deps({ writeText: refused }))).toBe('failed');
  });
});
