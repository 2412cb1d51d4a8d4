import { describe, expect, it } from 'vitest';
import { CUSTOMER_FIELDS, localPath } from '@contract/fields';
import type { FieldSpec } from '@contract/fields';
import type { LocalCustomer } from '$lib/data/types';
import { haystackOf, LONG_TEXT_INDEXED, longTextOf } from '$lib/search/haystack';
import { SearchIndex } from '$lib/search/index';
import { customer } from './customer';

const FIELDS: readonly FieldSpec[] = CUSTOMER_FIELDS;

/** A copy of `c` with `value` at a dotted local path, creating the parent object if it is null. */
function withAt(c: LocalCustomer, path: string, value: unknown): LocalCustomer {
  const copy = structuredClone(c) as unknown as Record<string, unknown>;
  const keys = path.split('.');
  const last = keys.pop() ?? '';
  let at = copy;
  for (const k of keys) {
    const next = at[k];
    at = typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : (at[k] = {});
  }
  at[last] = value;
  return copy as unknown as LocalCustomer;
}

/** A word found nowhere else: letters only, so no word is a prefix of another. */
const wordFor = (i: number): string => `zq${String.fromCharCode(97 + i)}${String.fromCharCode(97 + i)}x`;

function valueFor(f: FieldSpec, i: number): { value: unknown; query: string } | null {
  if (f.kind === 'tags') return { value: [wordFor(i)], query: wordFor(i) };
  // As written, found by its digits: the phone rule.
  if (f.kind === 'phone') return { value: '(651) 555-0199', query: '6515550199' };
  if (f.kind === 'boolean' || f.kind === 'status') return null;
  return { value: `Ab ${wordFor(i).toUpperCase()}`, query: wordFor(i) };
}

describe('searched fields come from the field table', () => {
  it('pins the haystacks: table order, folded, the phone followed by its digits, then tags; notes apart', () => {
    const c = customer('1', {
      first_name: 'Chloé',
      last_name: "O'Brien",
      company_name: 'Acme HVAC',
      email: 'chloe@example.com',
      phone: '(612) 555-1234',
      notes: 'Gate code 4821 — dog!',
      source: 'Referral',
      address: {
        street1: '77 Lakeshore Dr',
        street2: null,
        city: 'Duluth',
        state: 'MN',
        zip: '55802',
        country: 'US',
      },
      service_type: 'Gutters',
      tags: ['VIP', 'gate-code'],
    });
    expect(haystackOf(c)).toBe(
      '\u0001 chloe o brien acme hvac chloe example com 612 555 1234 6125551234' +
        ' 77 lakeshore dr duluth mn 55802 us vip gate code',
    );
    expect(haystackOf(customer('2'))).toBe('\u0001');
    // Notes are their own, later-ranked haystack.
    expect(longTextOf(c)).toBe('\u0001 gate code 4821 dog');
    expect(longTextOf(customer('2'))).toBe('');
  });

  it('indexes only the first LONG_TEXT_INDEXED characters of notes', () => {
    const notes = 'x'.repeat(LONG_TEXT_INDEXED - 6) + ' early ' + 'y'.repeat(50) + ' late';
    const index = new SearchIndex();
    index.load([customer('1', { notes })]);
    expect(index.search({ text: 'early' }).ids).toEqual(['1']);
    expect(index.search({ text: 'late' }).ids).toEqual([]);
  });

  it('finds a word in every field the table marks searchable, and in no other field', () => {
    const records = FIELDS.flatMap((f, i) => {
      const v = valueFor(f, i);
      return v ? [{ f, query: v.query, record: withAt(customer(f.write), localPath(f), v.value) }] : [];
    });
    const index = new SearchIndex();
    index.load(records.map((r) => r.record));
    const searched = records.filter((r) => r.f.search !== undefined);
    expect(searched.map((r) => r.f.write)).toContain('phone');
    for (const r of records) {
      expect({ field: r.f.write, ids: index.search({ text: r.query }).ids }).toEqual({
        field: r.f.write,
        ids: r.f.search !== undefined ? [r.f.write] : [],
      });
    }
  });
});
