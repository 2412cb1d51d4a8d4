import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EMPTY_META, localOf } from '$lib/data/db/schema';
import type { CustomerRow } from '$lib/data/db/schema';
import { applyChanges, emptyCustomer } from '$lib/data/mapping';
import type { EditableFields } from '$lib/data/types';
import { composeRow } from '$lib/data/outbox/rebase';
import { CacheView } from '$lib/data/store/cache-view';
import { MAX_LISTS, MAX_VALUES, ValuePool } from '$lib/data/store/value-pool';

function row(
  id: string,
  fields: EditableFields,
  fetchedAt: string | null = '2025-03-03T15:00:00.000Z',
): CustomerRow {
  return composeRow({
    id,
    server: applyChanges(emptyCustomer(id), fields),
    entries: [],
    passId: 'p',
    serverStamp: 1,
    fetchedAt,
    missingOnServer: false,
  });
}

const CITIES = ['Minneapolis', 'St Paul', 'Duluth'];
const TAGS = ['vip', 'gutters', 'dog on site', 'gate code', 'monthly'];

describe('the value pool', () => {
  it('keeps every record exactly as read, however values repeat between them', () => {
    const fields = fc.record({
      first_name: fc.constantFrom('Ada', 'Grace', 'ada', ''),
      property_city: fc.option(fc.constantFrom(...CITIES, 'duluth', 'Duluth '), { nil: undefined }),
      property_zip: fc.option(fc.constantFrom('55401', '55402'), { nil: undefined }),
      billing_city: fc.option(fc.constantFrom(...CITIES), { nil: undefined }),
      status: fc.option(fc.constantFrom('active' as const, 'inactive' as const), { nil: undefined }),
      source: fc.option(fc.constantFrom('yelp', 'Yelp', 'referral'), { nil: undefined }),
      tags: fc.uniqueArray(fc.constantFrom(...TAGS, 'VIP')),
    });
    const fetched = fc.option(fc.constantFrom('2025-03-03T15:00:00.000Z', '2025-03-04T15:00:00.000Z'));
    fc.assert(
      fc.property(fc.array(fc.tuple(fields, fetched), { maxLength: 40 }), (list) => {
        const rows = list.map(([f, at], i) => row(`c-${i}`, f, at));
        // What each record must be, taken before the view sees (and pools) the rows.
        const expected = rows.map((r) => structuredClone(localOf(r)));
        const view = new CacheView();
        view.load(rows, [], { ...EMPTY_META });
        expect([...view.records.values()]).toStrictEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('holds the values customers share, not each customer’s own', () => {
    const pool = new ValuePool();
    for (let i = 0; i < 1_000; i++) {
      const r = row(`c-${i}`, {
        first_name: `Name ${i}`,
        phone: `612555${String(i).padStart(4, '0')}`,
        property_street1: `${i} Birch Rd`,
        property_city: CITIES[i % 3],
        status: i % 2 ? 'active' : 'inactive',
        tags: [TAGS[i % 5] ?? ''],
      });
      pool.intern(localOf(r));
    }
    // 3 cities, 2 statuses, 5 tags, "synced" and the one fetch time: no id, name, phone or street.
    expect(pool.size).toBe(3 + 2 + 5 + 2);
  });

  it('gives a record one tag array when its server tags are the same, and keeps them apart when not', () => {
    const pool = new ValuePool();
    const same = localOf(row('c-1', { first_name: 'A', tags: ['vip', 'gutters'] }));
    same.serverTags = [...same.tags];
    pool.intern(same);
    expect(same.serverTags).toBe(same.tags);
    const edited = localOf(row('c-2', { first_name: 'B', tags: ['vip'] }));
    edited.serverTags = ['vip', 'monthly'];
    pool.intern(edited);
    expect(edited.tags).toStrictEqual(['vip']);
    expect(edited.serverTags).toStrictEqual(['vip', 'monthly']);
  });

  it('holds one frozen array for each tag list customers share', () => {
    const pool = new ValuePool();
    const records = [0, 1, 2, 3, 4, 5].map((i) =>
      localOf(row(`c-${i}`, { first_name: `N${i}`, tags: i % 2 ? ['vip', 'gutters'] : [] })),
    );
    for (const r of records) pool.intern(r);
    expect(pool.listCount).toBe(2);
    const [empty, vip] = records;
    for (const [i, r] of records.entries()) expect(r.tags).toBe(i % 2 ? vip?.tags : empty?.tags);
    expect(vip?.tags).toStrictEqual(['vip', 'gutters']);
    expect(Object.isFrozen(vip?.tags)).toBe(true);
    // A shared list changed in place would change every customer holding it: it throws instead.
    expect(() => vip?.tags.push('monthly')).toThrow(TypeError);
    // Interned again (a record applied twice), a pooled list stays the same array.
    if (vip) pool.intern(vip);
    expect(vip?.tags).toBe(records[3]?.tags);
  });

  it('keeps tag lists apart that only their joined text would confuse', () => {
    const pool = new ValuePool();
    const a = localOf(row('c-a', { first_name: 'A', tags: ['x\0y', 'z'] }));
    const b = localOf(row('c-b', { first_name: 'B', tags: ['x', 'y\0z'] }));
    pool.intern(a);
    pool.intern(b);
    expect(a.tags).toStrictEqual(['x\0y', 'z']);
    expect(b.tags).toStrictEqual(['x', 'y\0z']);
  });

  it('keeps its tag lists within their bound', () => {
    const pool = new ValuePool();
    for (let i = 0; i < MAX_LISTS + 50; i++) {
      const record = localOf(row(`c-${i}`, { first_name: 'A', tags: [`t${i}`] }));
      pool.intern(record);
      expect(record.tags).toStrictEqual([`t${i}`]);
    }
    expect(pool.listCount).toBeLessThanOrEqual(MAX_LISTS);
  });

  it('stays within its bound, and still gives each value back unchanged', () => {
    const pool = new ValuePool();
    for (let i = 0; i < MAX_VALUES + 50; i++) {
      const record = localOf(row(`c-${i}`, { first_name: 'A', property_city: `City ${i}` }));
      pool.intern(record);
      expect(record.address?.city).toBe(`City ${i}`);
      expect(pool.size).toBeLessThanOrEqual(MAX_VALUES);
    }
  });
});
