import { describe, expect, it } from 'vitest';
import CustomerOption from '$lib/components/list/CustomerOption.svelte';
import type { LocalCustomer } from '$lib/data/types';
import { customer } from './fakes';
import { all, renderHtml, textOf } from './html';
import type { El } from './html';

function row(c: LocalCustomer, brief = false): El {
  return renderHtml(CustomerOption, {
    id: c.id,
    customer: c,
    domId: `customer-option-${c.id}`,
    index: 0,
    setsize: 1,
    active: false,
    selected: false,
    brief,
  });
}

const lines = (root: El): El[] => all(root, (e) => (e.attrs.class ?? '').split(' ').includes('line'));
const chips = (root: El): El[] => all(root, (e) => (e.attrs.class ?? '').split(' ').includes('chip'));

describe('a customer row', () => {
  it('shows the whole phone in an element of its own', () => {
    const root = row(customer({ phone: '(651) 940-1234', tags: ['a', 'b', 'c', 'd', 'e', 'f'] }));
    const phone = all(root, (e) => e.attrs['data-testid'] === 'row-phone');
    expect(phone.map(textOf)).toEqual(['(651) 940-1234']);
  });

  it('flags a warning tag (the default list) first, with its name said', () => {
    const root = row(customer({ tags: ['vip', 'gutters', 'dog'] }));
    expect(chips(root).map(textOf)).toEqual(['⚠Warning: dog', 'vip', 'gutters']);
    expect(all(root, (e) => e.attrs['data-warning-tag'] === 'dog')).toHaveLength(1);
    // Chip text sits in its own element, so a long tag ends in "…" instead of being cut.
    for (const chip of chips(root))
      expect(all(chip, (e) => e.attrs.class === 'chip-label').length, textOf(chip)).toBe(1);
  });

  it('has no second line for a customer with nothing to put on it', () => {
    const bare = customer({ company_name: null, phone: null, address: null, tags: [], first_name: 'Ada' });
    expect(lines(row(bare))).toHaveLength(1);
    expect(lines(row(customer()))).toHaveLength(2);
  });

  it('shows the first line only, above a blank second line, while the list is skimmed', () => {
    const c = customer({ phone: '(651) 940-1234', tags: ['dog', 'vip'] });
    const root = row(c, true);
    const [first, second] = lines(root);
    expect(first && textOf(first)).toBe(textOf(lines(row(c))[0] as El));
    expect(second?.attrs.class).toContain('brief');
    expect(second && textOf(second)).toBe('');
    expect(chips(root)).toHaveLength(0);
    const bare = customer({ company_name: null, phone: null, address: null, tags: [], first_name: 'Ada' });
    expect(lines(row(bare, true))).toHaveLength(1);
  });
});
