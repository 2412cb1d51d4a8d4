import { describe, expect, it } from 'vitest';
import type { ApiUpsertResponse } from '../../../../electron/contract/customer';
import { blankCustomer } from '../../../../electron/main/simulation/customer';
import type { ServerCustomer } from '../../../../electron/main/simulation/customer';
import { writeShape } from '../../../../electron/main/simulation/shapes';
import { fromUpsert } from '../../../../src/lib/data/mapping';
import { guessMapping } from '../../../../src/lib/transfer/import/mapping';
import { planImport } from '../../../../src/lib/transfer/import/plan';
import { previewImport } from '../../../../src/lib/transfer/import/preview';
import type { RowPreview } from '../../../../src/lib/transfer/import/preview';

const HEADERS = ['First Name', 'Mobile', 'E-mail', 'Tags'];
const MAPPING = guessMapping(HEADERS);

const book = [
  { ...blankCustomer('c1', '2024-01-01T00:00:00.000Z'), first_name: 'Ann', phone: '(555) 000-1111' },
  { ...blankCustomer('c2', '2024-02-01T00:00:00.000Z'), first_name: 'Bob', email: 'bob@y.org' },
] satisfies ServerCustomer[];
const cache = book.map((c) => fromUpsert(writeShape(c, '') as unknown as ApiUpsertResponse, null, {}));
const tagsOf = (id: string): string[] => cache.find((c) => c.id === id)?.tags ?? [];
const preview = (rows: string[][]): RowPreview[] => previewImport(rows, MAPPING, cache);

describe('planImport', () => {
  it('keeps the rows that send, in file order, with their targets', () => {
    const previews = preview([
      ['Cy', '555 999 0000', '', ''], // 1 create
      ['Annie', '(555) 000-1111', '', ''], // 2 update c1 by phone
      ['Ann', '(555) 000-1111', '', ''], // 3 duplicate of 2 (changes the name back): sends
      ['', '', 'bob@y.org', ''], // 4 unchanged: left out
      ['', 'not a phone', 'nope', ''], // 5 invalid: left out
      ['', '', 'bob@y.org', 'lead'], // 6 duplicate of 4 that adds a tag: sends to c2
    ]);
    expect(previews.map((p) => p.kind)).toEqual([
      'create',
      'update',
      'duplicate',
      'unchanged',
      'invalid',
      'duplicate',
    ]);
    const plan = planImport('leads.csv', previews, tagsOf);
    expect(plan.fileName).toBe('leads.csv');
    expect(plan.rows).toEqual([
      { row: 1, target: null, changes: { first_name: 'Cy', phone: '555 999 0000' } },
      { row: 2, target: { customerId: 'c1' }, changes: { first_name: 'Annie' } },
      { row: 3, target: { customerId: 'c1' }, changes: { first_name: 'Ann' } },
      { row: 6, target: { customerId: 'c2' }, changes: { tags: ['lead'] } },
    ]);
  });

  it('points every link of a chain of duplicates at the row that creates the customer', () => {
    const previews = preview([
      ['Dee', '555 123 0000', '', ''], // 1 create
      ['Dee', '555 123 0000', 'dee@z.com', ''], // 2 duplicate of 1, adds an email
      ['', '', 'dee@z.com', 'vip'], // 3 matches by the email row 2 gave: still row 1's customer
      ['Dee', '555 123 0000', '', ''], // 4 adds nothing: costs nothing, left out
    ]);
    expect(previews.map((p) => (p.kind === 'duplicate' ? p.of : null))).toEqual([null, 1, 1, 1]);
    const plan = planImport('chain.csv', previews, tagsOf);
    expect(plan.rows.map((r) => [r.row, r.target])).toEqual([
      [1, null],
      [2, { createdByRow: 1 }],
      [3, { createdByRow: 1 }],
    ]);
  });

  it('carries each customer’s whole tag list: the cache’s, then what earlier rows added', () => {
    const withTags = cache.map((c) => (c.id === 'c1' ? { ...c, tags: ['old'] } : c));
    const previews = previewImport(
      [
        ['', '(555) 000-1111', '', 'a'], // 1 update c1: adds a
        ['', '(555) 000-1111', '', 'b; old'], // 2 duplicate: adds b
        ['Fay', '555 777 0000', '', 'x'], // 3 create with x
        ['', '555 777 0000', '', 'y'], // 4 duplicate of 3: adds y
      ],
      MAPPING,
      withTags,
    );
    const plan = planImport('tags.csv', previews, (id) => (id === 'c1' ? ['old'] : []));
    expect(plan.rows.map((r) => r.changes.tags)).toEqual([
      ['old', 'a'],
      ['old', 'a', 'b'],
      ['x'],
      ['x', 'y'],
    ]);
  });

  it('is empty when nothing sends', () => {
    expect(planImport('same.csv', preview([['Ann', '(555) 000-1111', '', '']]), tagsOf).rows).toEqual([]);
  });
});
