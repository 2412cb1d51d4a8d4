import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LocalCustomer } from '$lib/data/types';
import { SearchIndex } from '$lib/search/index';
import { digitsOnly, foldText, isPhoneLike, sortName } from '$lib/search/normalize';
import { customer } from './customer';

const address = (street1: string, city: string, zip: string) => ({
  street1,
  street2: null,
  city,
  state: 'MN',
  zip,
  country: 'US',
});

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

function build(list: LocalCustomer[]): SearchIndex {
  const index = new SearchIndex();
  index.load(list);
  return index;
}

describe('normalisation', () => {
  it('folds accents and case, and punctuation to single spaces', () => {
    expect(foldText('Chloé  Dupont-Ébert')).toBe('chloe dupont ebert');
    expect(foldText('(612) 555-1234')).toBe('612 555 1234');
    expect(foldText(null)).toBe('');
    expect(digitsOnly('+1 (612) 555-1234')).toBe('16125551234');
    expect(isPhoneLike('(612) 555')).toBe(true);
    expect(isPhoneLike('612 main')).toBe(false);
    expect(
      sortName({ first_name: 'Ann', last_name: 'Lee', company_name: null, email: null, phone: null }),
    ).toBe('lee ann');
    expect(
      sortName({ first_name: null, last_name: null, company_name: 'Acme', email: null, phone: null }),
    ).toBe('acme');
  });

  it('folds ASCII by its shortcut exactly as the full Unicode pipeline does', () => {
    const full = (v: string) =>
      v
        .normalize('NFD')
        .replace(/\p{M}+/gu, '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
    const text = fc.oneof(fc.string({ unit: 'binary-ascii' }), fc.string({ unit: 'grapheme' }));
    fc.assert(
      fc.property(text, (v) => foldText(v) === full(v)),
      { numRuns: 2000 },
    );
  });
});

describe('search over each field', () => {
  const index = build([
    customer('1', { first_name: 'Chloé', last_name: 'Martin' }),
    customer('2', { company_name: 'Northwind Plumbing' }),
    customer('3', { email: 'dave.k@example.com' }),
    customer('4', { phone: '(612) 555-1234' }),
    customer('5', { address: address('77 Lakeshore Dr', 'Duluth', '55802') }),
    customer('6', { first_name: 'Eve', tags: ['gold-plan'] }),
  ]);
  const ids = (text: string) => index.search({ text }).ids;

  it('finds first/last name, accent-insensitive both ways', () => {
    expect(ids('chloe')).toEqual(['1']);
    expect(ids('CHLOÉ')).toEqual(['1']);
    expect(ids('mart')).toEqual(['1']);
  });
  it('finds company, email, address parts and tags', () => {
    expect(ids('northwind')).toEqual(['2']);
    expect(ids('plumb')).toEqual(['2']);
    expect(ids('dave.k@exa')).toEqual(['3']);
    expect(ids('example.com')).toEqual(['3']);
    expect(ids('lakeshore')).toEqual(['5']);
    expect(ids('duluth')).toEqual(['5']);
    expect(ids('55802')).toEqual(['5']);
    expect(ids('gold')).toEqual(['6']);
  });
  it('finds a phone by its digits, however either side is formatted', () => {
    expect(ids('6125551234')).toEqual(['4']);
    expect(ids('612-555-1234')).toEqual(['4']);
    expect(ids('(612) 555')).toEqual(['4']);
    expect(ids('5551234')).toEqual(['4']);
    expect(ids('555 1234')).toEqual(['4']);
  });
  it('requires every word of a multi-word query', () => {
    expect(ids('chloe martin')).toEqual(['1']);
    expect(ids('martin chloe')).toEqual(['1']);
    expect(ids('chloe northwind')).toEqual([]);
  });
  it('returns everything for an empty query', () => {
    expect(index.search({ text: '' }).total).toBe(6);
  });
});

describe('ranking and sorting', () => {
  it('puts prefix and word-start matches before other substring matches', () => {
    const index = build([
      customer('a', { first_name: 'Ann', last_name: 'Dean' }), // "an" inside dean: substring
      customer('b', { first_name: 'Andrew', last_name: 'Zimmer' }), // word start
      customer('c', { company_name: 'Hannah Co' }), // substring
      customer('d', { first_name: 'Bo', last_name: 'Anderson' }), // word start (last name)
    ]);
    // Word-start tier sorted by name (Anderson, Dean(Ann), Zimmer), then substring tier.
    expect(index.search({ text: 'an' }).ids).toEqual(['d', 'a', 'b', 'c']);
    expect(index.search({ text: 'nn' }).ids).toEqual(['a', 'c']);
  });

  it('sorts stably by name, newest and company, with the id as tiebreak', () => {
    const index = build([
      customer('id-2', {
        first_name: 'Sam',
        last_name: 'Smith',
        company_name: 'Beta',
        created_at: '2025-01-02T00:00:00Z',
      }),
      customer('id-1', {
        first_name: 'Sam',
        last_name: 'Smith',
        company_name: 'alpha',
        created_at: '2025-01-02T00:00:00Z',
      }),
      customer('id-3', { first_name: 'Al', last_name: 'Adams', created_at: '2025-01-03T00:00:00Z' }),
      customer('local:x', { first_name: 'New', last_name: 'Person', created_at: null }),
    ]);
    expect(index.search({ text: '', sort: 'name' }).ids).toEqual(['id-3', 'local:x', 'id-1', 'id-2']);
    expect(index.search({ text: '', sort: 'newest' }).ids).toEqual(['local:x', 'id-3', 'id-1', 'id-2']);
    expect(index.search({ text: '', sort: 'company' }).ids).toEqual(['id-1', 'id-2', 'id-3', 'local:x']);
  });
});

describe('filters', () => {
  const index = build([
    customer('1', { first_name: 'Ann', status: 'active', tags: ['vip', 'spring'] }),
    customer('2', { first_name: 'Andy', status: 'inactive', tags: ['vip'] }),
    customer('3', { first_name: 'Anna', status: 'active', tags: ['spring'], syncState: 'pending' }),
  ]);
  it('combines text with status, all selected tags, and pending only', () => {
    expect(index.search({ text: 'an', status: 'active' }).ids).toEqual(['1', '3']);
    expect(index.search({ text: 'an', tags: ['vip'] }).ids).toEqual(['2', '1']); // Andy before Ann
    expect(index.search({ text: '', tags: ['vip', 'spring'] }).ids).toEqual(['1']);
    expect(index.search({ text: 'an', pendingOnly: true }).ids).toEqual(['3']);
    expect(index.search({ text: 'zzz', status: 'active' }).total).toBe(0);
  });
});

describe('incremental behaviour', () => {
  it('narrows a query that extends the previous one to the previous matches', () => {
    const list = Array.from({ length: 200 }, (_, i) =>
      customer(`c${i}`, { first_name: i % 2 ? 'John' : 'Jane', last_name: `Smith${i}` }),
    );
    const index = build(list);
    index.search({ text: 'j' });
    expect(index.debugState().narrowedFrom).toBeNull();
    const jo = index.search({ text: 'jo' });
    expect(index.debugState().narrowedFrom).toBe(200);
    expect(jo.ids).toEqual(build(list).search({ text: 'jo' }).ids);
    index.search({ text: 'joh' });
    expect(index.debugState().narrowedFrom).toBe(100);
    expect(index.search({ text: 'john smith1' }).ids).toEqual(
      build(list).search({ text: 'john smith1' }).ids,
    );
    // Backspace: the earlier match set of "jo" (100 Johns) is reused as it was.
    expect(index.search({ text: 'jo', sort: 'newest' }).ids).toEqual(
      build(list).search({ text: 'jo', sort: 'newest' }).ids,
    );
    expect(index.debugState().narrowedFrom).toBe(100);
    // A change to the data drops the remembered sets.
    index.upsert(customer('c0', { first_name: 'Joan', last_name: 'Smith0' }));
    index.search({ text: 'jo' });
    expect(index.debugState().narrowedFrom).toBeNull();
  });

  it('updates one record without a rebuild, and results match a fresh index after many changes', () => {
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const names = ['Ann', 'Bob', 'Chloé', 'Dan', 'Émile', 'Fay'];
    const make = (i: number) =>
      customer(`r${i}`, {
        first_name: must(names[Math.floor(rand() * names.length)]),
        last_name: `L${Math.floor(rand() * 50)}`,
        phone: `612555${String(Math.floor(rand() * 10_000)).padStart(4, '0')}`,
        created_at: new Date(Date.UTC(2024, 0, 1 + Math.floor(rand() * 300))).toISOString(),
        syncState: rand() < 0.2 ? 'pending' : 'synced',
      });
    const live = new Map<string, LocalCustomer>();
    for (let i = 0; i < 300; i++) live.set(`r${i}`, make(i));
    const index = build([...live.values()]);
    index.search({ text: '', sort: 'newest' });
    index.search({ text: '', sort: 'company' });

    for (let step = 0; step < 1500; step++) {
      const i = Math.floor(rand() * 400);
      if (rand() < 0.2) {
        live.delete(`r${i}`);
        index.remove(`r${i}`);
      } else {
        const c = make(i);
        live.set(c.id, c);
        index.upsert(c);
      }
      if (step % 300 === 0) {
        // Interleaved searches: each change must be visible at once.
        const q = { text: must(names[step % names.length]).slice(0, 2) };
        expect(index.search(q).ids).toEqual(build([...live.values()]).search(q).ids);
      }
    }
    const fresh = build([...live.values()]);
    for (const q of [
      { text: 'ann' },
      { text: 'chloe l1' },
      { text: '5551' },
      { text: 'e', sort: 'newest' as const },
      { text: '', sort: 'company' as const, pendingOnly: true },
      { text: 'l2', status: 'active' as const },
    ]) {
      expect(index.search(q).ids).toEqual(fresh.search(q).ids);
    }
    expect(index.search({ text: '' }).total).toBe(live.size);
  });

  it('reflects an edit to a record at once, even mid-typing', () => {
    const index = build([customer('1', { first_name: 'Ann' }), customer('2', { first_name: 'Bob' })]);
    expect(index.search({ text: 'an' }).ids).toEqual(['1']);
    index.upsert(customer('2', { first_name: 'Anders' }));
    expect(index.search({ text: 'and' }).ids).toEqual(['2']);
    index.remove('2');
    expect(index.search({ text: 'and' }).ids).toEqual([]);
    index.upsert(customer('3', { first_name: 'Andrea' }));
    expect(index.search({ text: 'andr' }).ids).toEqual(['3']);
  });
});
