import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LocalCustomer, SearchQuery } from '$lib/data/types';
import { SearchIndex } from '$lib/search/index';
import { customer } from './customer';

/**
 * The index keeps its last answer (and its text matches) through updates that cannot change them: a
 * record's status, pending flag or tags changing under an unfiltered query. Each answer is checked
 * against a new index loaded with the book as it is then, which has no earlier answer to keep.
 */

// Few values, so queries, filters and edits keep meeting the same records.
const fields = fc.record({
  first: fc.constantFrom('ann', 'bob', 'ann b', null),
  company: fc.constantFrom('acme', 'bolt', null),
  status: fc.constantFrom('active' as const, 'inactive' as const),
  tags: fc.subarray(['vip', 'dog', 'gate']),
  pending: fc.boolean(),
  created: fc.constantFrom('2025-01-01T00:00:00.000Z', '2025-02-01T00:00:00.000Z'),
  // Searched, but no sort key: notes (the long haystack) and phone (the main one).
  notes: fc.constantFrom('gate code', 'bolt cutter', null),
  phone: fc.constantFrom('612-555-0101', null),
});
type Fields = typeof fields extends fc.Arbitrary<infer T> ? T : never;

const toCustomer = (id: string, f: Fields): LocalCustomer =>
  customer(id, {
    first_name: f.first,
    company_name: f.company,
    status: f.status,
    tags: f.tags,
    syncState: f.pending ? 'pending' : 'synced',
    created_at: f.created,
    notes: f.notes,
    phone: f.phone,
  });

const query: fc.Arbitrary<SearchQuery> = fc.record({
  text: fc.constantFrom('', 'an', 'b', 'acme', 'ann b', 'gate', '612'),
  // Unfiltered half the time or more: the answers an update may keep.
  status: fc.constantFrom(null, null, 'active' as const, 'inactive' as const),
  tags: fc.constantFrom([], [], ['vip'], ['dog', 'gate']),
  pendingOnly: fc.constantFrom(false, false, true),
  sort: fc.constantFrom('name' as const, 'newest' as const, 'company' as const),
});

/** Which of a record's fields an edit changes, by what they are to search. */
const PARTS = {
  filters: ['status', 'tags', 'pending'],
  text: ['notes', 'phone'],
  order: ['created'],
} as const satisfies Record<string, readonly (keyof Fields)[]>;
type Part = keyof typeof PARTS;

const id = fc.integer({ min: 0, max: 5 }).map((n) => `c${n}`);
type Op =
  | { put: string; f: Fields }
  | { edit: string; part: Part; f: Fields }
  | { remove: string }
  | { ask: SearchQuery };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ put: id, f: fields }),
  {
    weight: 4,
    arbitrary: fc.record({ edit: id, part: fc.constantFrom<Part>('filters', 'text', 'order'), f: fields }),
  },
  fc.record({ remove: id }),
  { weight: 3, arbitrary: fc.record({ ask: query }) },
);

/** `was` with only `part`'s fields taken from `f`. */
function edited(was: Fields, part: Part, f: Fields): Fields {
  const next = { ...was };
  for (const k of PARTS[part]) Object.assign(next, { [k]: f[k] });
  return next;
}

describe('answers kept through updates', () => {
  it('equal a fresh index’s, whatever the updates between them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(id, fields), { maxLength: 6 }),
        fc.array(op, { maxLength: 40 }),
        (start, ops) => {
          // The fields each id has now; the book is what they make.
          const now = new Map(start);
          const book = (): LocalCustomer[] => [...now].map(([i, f]) => toCustomer(i, f));
          const index = new SearchIndex();
          index.load(book());
          let last: SearchQuery | null = null;
          const check = (q: SearchQuery): void => {
            const fresh = new SearchIndex();
            fresh.load(book());
            const want = fresh.search(q);
            const got = index.search(q);
            expect(got.ids).toEqual(want.ids);
            expect(got.total).toBe(want.total);
          };
          for (const o of ops) {
            if ('ask' in o) {
              last = o.ask;
              check(o.ask);
              continue;
            }
            if ('remove' in o) {
              now.delete(o.remove);
              index.remove(o.remove);
            } else {
              const at = 'put' in o ? o.put : o.edit;
              const was = now.get(at);
              const next = 'put' in o || !was ? o.f : edited(was, o.part, o.f);
              now.set(at, next);
              index.upsert(toCustomer(at, next));
            }
            // The same query again: the answer it kept, if it kept one.
            if (last) check(last);
          }
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('keeps the same answer object when only a pending flag changed under an unfiltered query', () => {
    const index = new SearchIndex();
    const ann = customer('c1', { first_name: 'ann', syncState: 'pending' });
    index.load([ann, customer('c2', { first_name: 'bob' })]);
    const q: SearchQuery = { text: '', status: null, tags: [], pendingOnly: false, sort: 'name' };
    const before = index.search(q);
    index.upsert({ ...ann, syncState: 'synced' });
    expect(index.search(q)).toBe(before);
    const pendingOnly = { ...q, pendingOnly: true };
    expect(index.search(pendingOnly).ids).toEqual([]);
    index.upsert({ ...ann, syncState: 'pending' });
    expect(index.search(pendingOnly).ids).toEqual(['c1']);
  });

  it('sorts again when only a sort key changed (a created date), under any query', () => {
    const index = new SearchIndex();
    const at = (m: number): string => `2025-0${m}-01T00:00:00.000Z`;
    index.load([
      customer('c1', { first_name: 'ann', created_at: at(1) }),
      customer('c2', { first_name: 'anna', created_at: at(2) }),
    ]);
    for (const text of ['', 'an']) {
      const q: SearchQuery = { text, status: null, tags: [], pendingOnly: false, sort: 'newest' };
      const first = index.search(q).ids;
      const older = first[1] as string;
      index.upsert(
        customer(older, { first_name: older === 'c1' ? 'ann' : 'anna', created_at: at(text ? 5 : 3) }),
      );
      expect(index.search(q).ids).toEqual([older, first[0]]);
    }
  });
});
