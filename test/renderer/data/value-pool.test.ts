import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EMPTY_META, localOf } from '$lib/data/db/schema';
import type { CustomerRow } from '$lib/data/db/schema';
import { applyChanges, emptyCustomer } from '$lib/data/mapping';
import type { EditableFields } from '$lib/data/types';
import { composeRow } from '$lib/data/outbox/rebase';
import { CacheView } from '$lib/data/store/cache-view';
import { MAX_VALUES, ValuePool } from '$lib/data/store/value-pool';

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
