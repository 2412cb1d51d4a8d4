import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApiUpsertResponse } from '../../../../electron/contract/customer';
import { blankCustomer, cloneCustomer } from '../../../../electron/main/simulation/customer';
import type { ServerCustomer, WriteBody } from '../../../../electron/main/simulation/customer';
import { writeShape } from '../../../../electron/main/simulation/shapes';
import { CustomerStore } from '../../../../electron/main/simulation/store';
import { validateWriteBody } from '../../../../electron/main/simulation/validate';
import { fromUpsert } from '../../../../src/lib/data/mapping';
import type { CustomerData } from '../../../../src/lib/data/mapping';
import { guessMapping } from '../../../../src/lib/transfer/import/mapping';
import {
  ID_PROBLEMS,
  previewCounts,
  previewImport,
  rowValues,
  sends,
} from '../../../../src/lib/transfer/import/preview';
import type { RowPreview } from '../../../../src/lib/transfer/import/preview';

const HEADERS = ['Rotor ID', 'First Name', 'Mobile', 'E-mail', 'Tags', 'Status', 'Notes'];
const MAPPING = guessMapping(HEADERS);

const cacheOf = (book: readonly ServerCustomer[]): CustomerData[] =>
  book.map((c) => fromUpsert(writeShape(c, '') as unknown as ApiUpsertResponse, null, {}));

const serverCustomer = (id: string, created: string, over: Partial<ServerCustomer>): ServerCustomer => ({
  ...blankCustomer(id, created),
  ...over,
});

describe('previewImport, by example', () => {
  const book = [
    serverCustomer('c1', '2024-01-01T00:00:00.000Z', {
      first_name: 'Ann',
      phone: '(555) 000-1111',
      email: 'ann@x.com',
      tags: ['vip'],
    }),
    serverCustomer('c2', '2024-02-01T00:00:00.000Z', { first_name: 'Bob', email: 'Bob@Y.org' }),
  ];
  const run = (rows: string[][]): RowPreview[] => previewImport(rows, MAPPING, cacheOf(book));

  it('matches by id, then phone digits, then email case-insensitively', () => {
    const [byId, byPhone, byEmail, fresh] = run([
      ['c2', 'Bobby', '', '', '', '', ''],
      ['', 'Ann', '+1 555 000 1111', '', 'lead', '', ''],
      ['', '', '', 'BOB@y.org ', '', 'inactive', ''],
      ['', 'Cy', '555 999 0000', '', '', '', ''],
    ]);
    expect(byId).toMatchObject({
      kind: 'update',
      customerId: 'c2',
      matchedBy: 'id',
      changes: { first_name: 'Bobby' },
    });
    expect(byPhone).toMatchObject({
      kind: 'update',
      customerId: 'c1',
      matchedBy: 'phone',
      changes: { tags: ['lead'] },
    });
    expect(byPhone?.kind === 'update' && byPhone.tagsKept).toEqual(['vip']);
    expect(byEmail).toMatchObject({ kind: 'duplicate', of: 1, customerId: 'c2', matchedBy: 'email' });
    expect(fresh).toMatchObject({ kind: 'create', changes: { first_name: 'Cy', phone: '555 999 0000' } });
  });

  it('counts a customer the file creates as active, as Rotor creates it', () => {
    const [created, active, inactive] = run([
      ['', 'Di', '555 777 0000', '', '', '', ''],
      ['', '', '555 777 0000', '', '', 'active', ''],
      ['', '', '555 777 0000', '', '', 'inactive', ''],
    ]);
    expect(created).toMatchObject({ kind: 'create' });
    // Active already: Rotor changes nothing, so the row sends nothing.
    expect(active).toMatchObject({ kind: 'duplicate', of: 1, changes: {} });
    expect(active && sends(active)).toBe(false);
    expect(inactive).toMatchObject({ kind: 'duplicate', of: 1, changes: { status: 'inactive' } });
  });

  it('skips a row that changes nothing and never removes tags', () => {
    const [same, reformatted] = run([
      ['', 'Ann', '(555) 000-1111', 'ann@x.com', 'vip', '', ''],
      ['', 'Ann', '5550001111', '', '', '', ''],
    ]);
    expect(same).toMatchObject({ kind: 'unchanged', customerId: 'c1', matchedBy: 'phone' });
    // Rotor stores the phone as sent: matched by its digits, but the new spelling is a change.
    expect(reformatted).toMatchObject({ kind: 'duplicate', of: 1, changes: { phone: '5550001111' } });
    expect(same && sends(same)).toBe(false);
  });

  it('names invalid fields with the form’s rules, and unknown ids', () => {
    const [badEmail, noIdentity, unknown, badStatus] = run([
      ['', 'Zed', '', 'not-an-email', '', '', ''],
      ['', '', '', '', 'x', '', 'only a note'],
      ['nope', 'A', '', '', '', '', ''],
      ['', 'Q', '5551112222', '', '', 'gone', ''],
    ]);
    expect(badEmail).toMatchObject({ kind: 'invalid', problems: { email: expect.any(String) } });
    expect(noIdentity).toMatchObject({ kind: 'invalid', problems: { first_name: expect.any(String) } });
    expect(unknown).toMatchObject({ kind: 'invalid', problems: { id: ID_PROBLEMS.unknown } });
    expect(badStatus).toMatchObject({ kind: 'invalid', problems: { status: expect.any(String) } });
  });

  it('calls a second create with the same phone a duplicate of the first', () => {
    const rows = run([
      ['', 'New', '555-123-4567', '', '', '', ''],
      ['', '', '(555) 123 4567', 'new@z.com', '', '', ''],
    ]);
    expect(rows.map((r) => r.kind)).toEqual(['create', 'duplicate']);
    expect(rows[1]).toMatchObject({ of: 1, customerId: null });
    expect(previewCounts(rows)).toMatchObject({ create: 1, duplicate: 1, rows: 2, requests: 1 });
  });
});

const DIGITS = ['5550001111', '5550002222', '5550003333', '5550004444'];
const phoneFormat = fc.constantFrom(
  (d: string) => d,
  (d: string) => `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`,
  (d: string) => `+1 ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`,
  (d: string) => `1${d}`,
  (d: string) => `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`,
);
const phone = fc.oneof(
  fc.constant(''),
  fc.tuple(fc.constantFrom(...DIGITS), phoneFormat).map(([d, f]) => f(d)),
);
const EMAILS = ['ann@x.com', 'bob@y.org', 'cy@z.net'];
const caseVariant = (s: string) =>
  fc
    .array(fc.boolean(), { minLength: s.length, maxLength: s.length })
    .map((up) => [...s].map((ch, i) => (up[i] ? ch.toUpperCase() : ch)).join(''));
const email = fc.oneof(fc.constant(''), fc.constant('bad@'), fc.constantFrom(...EMAILS).chain(caseVariant));
const tagsCell = fc.constantFrom('', 'vip', 'lead; vip', 'new,old', 'x; ');
const name = fc.constantFrom('', 'Ann', 'Bob', 'Cy');

const bookArb = fc
  .array(
    fc.record({
      first_name: fc.constantFrom(null, 'Ann', 'Bob'),
      phone: fc.oneof(
        fc.constant(null),
        phone.filter((p) => p !== ''),
      ),
      email: fc.oneof(fc.constant(null), fc.constantFrom(...EMAILS).chain(caseVariant)),
      tags: fc.constantFrom<string[] | null>(null, [], ['vip'], ['lead', 'old']),
      day: fc.integer({ min: 1, max: 5 }),
    }),
    { maxLength: 8 },
  )
  .map((cs) =>
    cs.map((c, i) =>
      serverCustomer(`c${i}`, `2024-01-0${c.day}T00:00:00.000Z`, {
        first_name: c.first_name,
        phone: c.phone,
        email: c.email,
        tags: c.tags,
      }),
    ),
  );

const fileArb = (ids: string[]) =>
  fc.array(
    fc
      .tuple(
        fc.oneof({ weight: 5, arbitrary: fc.constant('') }, fc.constantFrom('nope', ...ids)),
        name,
        phone,
        email,
        tagsCell,
        fc.constantFrom('', 'active', 'Inactive', 'gone'),
        fc.constantFrom('', 'a note'),
      )
      .map((t) => [...t]),
    { maxLength: 12 },
  );

describe('previewImport predicts the Rotor-faithful server', () => {
  it('creates, updates, unchanged rows and duplicates come out as the server does them', () => {
    fc.assert(
      fc.property(
        bookArb.chain((book) => fc.tuple(fc.constant(book), fileArb(book.map((c) => c.id)))),
        ([book, rows]) => {
          const previews = previewImport(rows, MAPPING, cacheOf(book));
          let n = 0;
          const store = new CustomerStore(
            book,
            () => `new${++n}`,
            () => Date.parse('2026-01-01T00:00:00Z'),
          );
          const createdBy = new Map<number, string>();
          let creates = 0;
          previews.forEach((p, i) => {
            if (p.kind === 'invalid') return;
            const { id, values } = rowValues(rows[i] ?? [], MAPPING);
            const body = { ...values, ...(id !== null ? { id } : {}) };
            const checked = validateWriteBody(body);
            expect(checked.ok).toBe(true);
            const expectedId =
              p.kind === 'create'
                ? null
                : p.kind === 'duplicate'
                  ? (p.customerId ?? createdBy.get(p.of))
                  : p.customerId;
            const held = expectedId ? store.get(expectedId) : undefined;
            const before = held ? cloneCustomer(held) : null;
            const out = store.upsert(body as WriteBody);
            if (out.kind === 'not_found') throw new Error(`row ${p.row}: not found`);
            if (p.kind === 'create') {
              expect(out.kind).toBe('created');
              createdBy.set(p.row, out.customer.id);
              creates++;
              return;
            }
            expect(out.kind).toBe('updated');
            expect(out.customer.id).toBe(expectedId);
            if (p.kind !== 'duplicate') expect(out.matchedBy).toBe(p.matchedBy);
            const changesNothing = p.kind === 'unchanged' || (p.kind === 'duplicate' && !sends(p));
            if (changesNothing) expect(cloneCustomer(out.customer)).toEqual(before);
            else expect(cloneCustomer(out.customer)).not.toEqual(before);
          });
          expect(store.count(true)).toBe(book.length + creates);
          expect(creates).toBe(previewCounts(previews).create);
        },
      ),
      { numRuns: 500 },
    );
  });
});
