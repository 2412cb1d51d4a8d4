import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LocalCustomer, SearchQuery, SortKey } from '$lib/data/types';
import { haystackOf, longTextOf } from '$lib/search/haystack';
import { SearchIndex } from '$lib/search/index';
import { digitsOnly, foldText, isPhoneLike } from '$lib/search/normalize';
import { SlotSet } from '$lib/search/slot-set';
import { customer } from './customer';

/**
 * The index against the plainest reading of the rules: split each record's haystacks into words, and
 * rank a token by the best word it is in (start of a main word, inside a main word, inside a notes
 * word). A wrong gram set, a stale one after an update, or a wrong narrowing shows up as a difference.
 */
function tierOfRecord(c: LocalCustomer, tokens: readonly string[]): number {
  const main = haystackOf(c).slice(1).split(' ').filter(Boolean);
  const long = longTextOf(c).slice(1).split(' ').filter(Boolean);
  let tier = 3;
  for (const t of tokens) {
    const here = main.some((w) => w.startsWith(t))
      ? 3
      : main.some((w) => w.includes(t))
        ? 2
        : long.some((w) => w.includes(t))
          ? 1
          : 0;
    tier = Math.min(tier, here);
  }
  return tier;
}

function reference(book: readonly LocalCustomer[], q: SearchQuery, order: readonly string[]): string[] {
  const norm = foldText(q.text);
  const alts: string[][] = [];
  if (norm) alts.push(norm.split(' '));
  const digits = isPhoneLike(q.text) ? digitsOnly(q.text) : '';
  if (digits) alts.push([digits]);
  const byId = new Map(book.map((c) => [c.id, c]));
  const tiers = new Map<string, number>();
  for (const id of order) {
    const c = byId.get(id);
    if (!c) continue;
    const tier = q.text === '' ? 3 : Math.max(0, ...alts.map((a) => tierOfRecord(c, a)));
    if (tier > 0) tiers.set(id, tier);
  }
  return [3, 2, 1].flatMap((t) => order.filter((id) => tiers.get(id) === t));
}

// Few letters, so grams repeat across records and sets grow dense (bitsets) as well as stay sparse.
const text = fc.string({
  unit: fc.constantFrom('a', 'b', 'n', 'o', 'é', 'ø', '1', '2', ' ', '-', 'A'),
  maxLength: 10,
});
const maybe = fc.option(text, { nil: null });
const record = fc
  .record({
    id: fc.integer({ min: 0, max: 59 }).map((n) => `c${n}`),
    first: maybe,
    last: maybe,
    company: maybe,
    phone: fc.option(fc.constantFrom('612-555-0101', '(651) 555 0199', '12'), { nil: null }),
    notes: maybe,
    tags: fc.array(fc.constantFrom('vip', 'nob', 'a1'), { maxLength: 2 }),
    status: fc.constantFrom('active', 'inactive') as fc.Arbitrary<'active' | 'inactive'>,
  })
  .map((r): LocalCustomer =>
    customer(r.id, {
      first_name: r.first,
      last_name: r.last,
      company_name: r.company,
      phone: r.phone,
      notes: r.notes,
      tags: r.tags,
      status: r.status,
    }),
  );
const query = fc.oneof(text, fc.constantFrom('612', '555 01', '(651) 5', 'vip', 'ob', 'a1 n'));
const step = fc.oneof(
  { weight: 2, arbitrary: fc.array(record, { maxLength: 30 }).map((rs) => ({ upsert: rs })) },
  {
    weight: 1,
    arbitrary: fc.array(fc.integer({ min: 0, max: 59 }), { maxLength: 20 }).map((ns) => ({ remove: ns })),
  },
);
type Step = { upsert: LocalCustomer[] } | { remove: number[] };
const SORTS: SortKey[] = ['name', 'newest', 'company'];

describe('search against a naive reference scan', () => {
  it('gives the same ids, order and total for random books, edits and queries (typed on or pasted)', () => {
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 60 }),
        fc.array(step, { maxLength: 3 }),
        fc.array(fc.tuple(query, fc.constantFrom(...SORTS), fc.boolean()), { minLength: 1, maxLength: 8 }),
        (start, steps, queries) => {
          const index = new SearchIndex();
          index.load(start);
          const book = new Map(start.map((c) => [c.id, c]));
          const check = () => {
            for (const [q, sort, active] of queries) {
              const status = active ? ('active' as const) : null;
              const order = index.search({ text: '', sort, status }).ids;
              // Every prefix as typed, so narrowing from the previous keystroke is checked too.
              for (let k = 1; k <= q.length; k++) {
                const sq: SearchQuery = { text: q.slice(0, k), sort, status };
                const r = index.search(sq);
                const want = reference([...book.values()], sq, order);
                expect(r.ids).toEqual(want);
                expect(r.total).toBe(want.length);
              }
            }
          };
          check();
          for (const s of steps as Step[]) {
            if ('upsert' in s) {
              index.upsertMany(s.upsert);
              for (const c of s.upsert) book.set(c.id, c);
            } else {
              index.removeMany(s.remove.map((n) => `c${n}`));
              for (const n of s.remove) book.delete(`c${n}`);
            }
            check();
          }
        },
      ),
      { numRuns: 150 },
    );
    // A shared 2-core machine runs this in a few seconds: room so a busy moment is not a failure.
  }, 60_000);
});

describe('slot sets', () => {
  it('answer like a Set through adds and deletes, sparse list or dense bitset', () => {
    const op = fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 700 }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const set = new SlotSet();
        const ref = new Set<number>();
        for (const [add, s] of ops) {
          if (add) {
            set.add(s);
            ref.add(s);
          } else {
            set.delete(s);
            ref.delete(s);
          }
        }
        expect(set.size).toBe(ref.size);
        const out = new Int32Array(set.size);
        expect(set.into(out)).toBe(ref.size);
        expect([...out]).toEqual([...ref].sort((a, b) => a - b));
        for (let s = 0; s <= 700; s++) expect(set.has(s)).toBe(ref.has(s));
        // As a bitset OR-ed into words that already hold other bits: those stay, the members join.
        const words = new Uint32Array(23).fill(0x80000000);
        set.orInto(words);
        for (let s = 0; s < words.length * 32; s++)
          expect(((words[s >>> 5] ?? 0) >>> (s & 31)) & 1).toBe(ref.has(s) || (s & 31) === 31 ? 1 : 0);
      }),
      { numRuns: 200 },
    );
  });
});
