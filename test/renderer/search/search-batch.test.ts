import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LocalCustomer, SearchQuery, SortKey } from '$lib/data/types';
import { SearchIndex } from '$lib/search/index';
import { customer } from './customer';

const SORTS: SortKey[] = ['name', 'newest', 'company'];
const QUERIES = ['', 'a', 'an', 'lee', 'acme', '5', '612', 'gate'];

const word = fc.constantFrom('Ann', 'Anna', 'Lee', 'Leon', 'Acme', 'Zed', 'Bo', null);
const record = fc
  .record({
    id: fc.integer({ min: 0, max: 39 }).map((n) => `c${n}`),
    first: word,
    last: word,
    company: fc.constantFrom('Acme', 'Acme Inc', 'Zed Co', null),
    phone: fc.constantFrom('612-555-0101', '(651) 555 0199', null),
    notes: fc.constantFrom('gate code 5', 'call first', null),
    day: fc.constantFrom('2025-01-01', '2025-02-01', null),
    status: fc.constantFrom('active', 'inactive') as fc.Arbitrary<'active' | 'inactive'>,
    pending: fc.boolean(),
  })
  .map((r): LocalCustomer =>
    customer(r.id, {
      first_name: r.first,
      last_name: r.last,
      company_name: r.company,
      phone: r.phone,
      notes: r.notes,
      created_at: r.day ? `${r.day}T00:00:00.000Z` : null,
      status: r.status,
      syncState: r.pending ? 'pending' : 'synced',
    }),
  );

/** A batch of upserts, or of removals by id. */
const step = fc.oneof(
  { weight: 3, arbitrary: fc.array(record, { maxLength: 40 }).map((rs) => ({ upsert: rs })) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.integer({ min: 0, max: 39 }), { maxLength: 24 })
      .map((ns) => ({ remove: ns.map((n) => `c${n}`) })),
  },
);

type Step = { upsert: LocalCustomer[] } | { remove: string[] };

function answers(index: SearchIndex): unknown[] {
  const out: unknown[] = [];
  for (const sort of SORTS)
    for (const text of QUERIES) {
      const q: SearchQuery = { text, sort };
      const r = index.search(q);
      out.push([sort, text, r.total, r.ids.slice(0, r.total)]);
      out.push(index.search({ ...q, status: 'active', pendingOnly: true }).ids);
    }
  return out;
}

describe('batched index changes', () => {
  it('upsertMany/removeMany give the same answers as one upsert/remove at a time, for every sort', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 40 }), fc.array(step, { maxLength: 6 }), (start, steps) => {
        const one = new SearchIndex();
        const many = new SearchIndex();
        // Build every order up front, so the batch merge (not a first sort) is what is compared.
        one.load(start);
        many.load(start);
        answers(one);
        answers(many);
        const final = new Map(start.map((c) => [c.id, c]));
        for (const s of steps as Step[]) {
          if ('upsert' in s) {
            for (const c of s.upsert) one.upsert(c);
            many.upsertMany(s.upsert);
            for (const c of s.upsert) final.set(c.id, c);
          } else {
            for (const id of s.remove) one.remove(id);
            many.removeMany(s.remove);
            for (const id of s.remove) final.delete(id);
          }
          expect(answers(many)).toEqual(answers(one));
        }
        const fresh = new SearchIndex();
        fresh.load(final.values());
        expect(answers(many)).toEqual(answers(fresh));
      }),
      { numRuns: 100 },
    );
    // A shared 2-core machine runs this in 1–3 s: room so a busy moment is not a failure.
  }, 30_000);

  it('loads in slices: clear() then upsertMany per chunk ends where one load does', () => {
    const list = Array.from({ length: 500 }, (_, i) =>
      customer(`id${i}`, {
        first_name: ['Ann', 'Bo', 'Cy'][i % 3] ?? null,
        last_name: `Lee${(i * 7919) % 500}`,
        created_at: `2025-01-${String((i % 28) + 1).padStart(2, '0')}T00:00:00.000Z`,
      }),
    );
    const whole = new SearchIndex();
    whole.load(list);
    const sliced = new SearchIndex();
    sliced.upsertMany(list.slice(0, 1));
    sliced.clear();
    expect(sliced.search({ text: '' }).total).toBe(0);
    for (let i = 0; i < list.length; i += 64) {
      sliced.upsertMany(list.slice(i, i + 64));
      // Search answers over what is in so far.
      expect(sliced.search({ text: '' }).total).toBe(Math.min(i + 64, list.length));
    }
    expect(answers(sliced)).toEqual(answers(whole));

    // A sync page's worth of rewrites and removals, merged at once, against one at a time.
    const page = list.slice(100, 300).map((c, i) => ({ ...c, last_name: `Ann${(i * 13) % 200}` }));
    const gone = list.slice(250, 320).map((c) => c.id);
    for (const c of page) whole.upsert(c);
    for (const id of gone) whole.remove(id);
    sliced.upsertMany(page);
    sliced.removeMany(gone);
    expect(answers(sliced)).toEqual(answers(whole));
  });
});

describe('result order, few matches or many', () => {
  it('ranks a small match set (sorted by position) exactly as walking the order does', () => {
    // 1,000 customers; 'zed' matches 40 of them three ways, far below the walk threshold.
    const list = Array.from({ length: 1000 }, (_, i) => {
      const kind = i % 25;
      return customer(`id${(i * 7919) % 1000}`, {
        first_name: kind === 0 ? 'Zed' : kind === 1 ? 'Ozed' : 'Ann',
        last_name: `Lee${(i * 31) % 97}`,
        notes: kind === 2 ? 'zed at the gate' : null,
        status: i % 3 ? 'active' : 'inactive',
        created_at: `2025-01-${String((i % 28) + 1).padStart(2, '0')}T00:00:00.000Z`,
      });
    });
    const index = new SearchIndex();
    index.load(list);
    const byId = new Map(list.map((c) => [c.id, c]));
    for (const sort of SORTS)
      for (const status of [null, 'active'] as const) {
        // The full order (every record matches '', so it is walked), filtered by hand per tier.
        const all = index.search({ text: '', sort, status }).ids;
        const of = (f: (c: LocalCustomer) => boolean) => all.filter((id) => f(byId.get(id) ?? customer(id)));
        const expected = [
          ...of((c) => c.first_name === 'Zed'),
          ...of((c) => c.first_name === 'Ozed'),
          ...of((c) => c.notes !== null),
        ];
        const r = index.search({ text: 'zed', sort, status });
        expect(r.ids).toEqual(expected);
        expect(r.total).toBe(expected.length);
      }
  });

  it('reads ids by position and finds an id without listing them all', () => {
    const list = Array.from({ length: 300 }, (_, i) => customer(`c${i}`, { last_name: `Lee${1000 + i}` }));
    const index = new SearchIndex();
    index.load(list);
    const r = index.search({ text: 'lee' });
    expect(r.total).toBe(300);
    expect(r.at(0)).toBe('c0');
    expect(r.at(-1)).toBe('c299');
    expect(r.at(300)).toBeUndefined();
    expect(r.slice(10, 13)).toEqual(['c10', 'c11', 'c12']);
    expect(r.slice(298, 400)).toEqual(['c298', 'c299']);
    expect(r.indexOf('c123')).toBe(123);
    expect(r.has('c123')).toBe(true);
    expect(r.indexOf('nope')).toBe(-1);
    const narrow = index.search({ text: 'lee1005' });
    expect(narrow.ids).toEqual(['c5']);
    expect(narrow.has('c6')).toBe(false);
    expect(narrow.indexOf('c5')).toBe(0);
  });
});
