/**
 * What a query's text asks for: nothing searchable is not "everything", and notes are searched but
 * ranked after every other field.
 */
import { describe, expect, it } from 'vitest';
import { SearchIndex } from '$lib/search/index';
import { textKind } from '$lib/search/query';
import { customer } from './customer';

function build(...list: Parameters<typeof customer>[]): SearchIndex {
  const index = new SearchIndex();
  index.load(list.map(([id, p]) => customer(id, p)));
  return index;
}

describe('a text with no letter or digit', () => {
  const index = build(
    ['1', { first_name: 'Ann', email: 'ann@example.com', phone: '(612) 555-0101' }],
    ['2', { first_name: 'Bob', notes: 'Dog — beware! 🐕' }],
    ['3', { company_name: 'A-1 Plumbing' }],
  );

  it.each(['@', '-', '🐕', '😀', '   ', '—', '@.', '#', '()'])('%j matches no customer', (text) => {
    expect(textKind(text)).toBe('unsearchable');
    expect(index.search({ text }).total).toBe(0);
    // Filters don't turn it back into "everything".
    expect(index.search({ text, status: 'active', sort: 'newest' }).total).toBe(0);
  });

  it('only an empty text lists everyone; punctuation around words is ignored', () => {
    expect(textKind('')).toBe('all');
    expect(index.search({ text: '' }).total).toBe(3);
    expect(textKind('@example')).toBe('words');
    expect(index.search({ text: '@example' }).ids).toEqual(['1']);
    expect(index.search({ text: 'a-1 plumb' }).ids).toEqual(['3']);
    expect(index.search({ text: '(612)' }).ids).toEqual(['1']);
  });

  it('going from words to punctuation and back still answers each exactly', () => {
    expect(index.search({ text: 'a' }).total).toBeGreaterThan(0);
    expect(index.search({ text: '-' }).total).toBe(0);
    expect(index.search({ text: 'ann' }).ids).toEqual(['1']);
  });
});

describe('notes', () => {
  it('are searched, and a notes match ranks after a name match whatever the sort', () => {
    const index = build(
      ['n', { first_name: 'Aaron', last_name: 'Abbot', notes: 'Side gate, the Kowalski dog barks' }],
      ['m', { first_name: 'Zed', last_name: 'Kowalski' }],
      ['s', { first_name: 'Yu', last_name: 'Rakowalskis' }],
    );
    // Word-start name match, then the other name match, then the notes one (which sorts first by name).
    expect(index.search({ text: 'kowalski' }).ids).toEqual(['m', 's', 'n']);
    expect(index.search({ text: 'kowalski', sort: 'newest' }).ids.at(-1)).toBe('n');
    expect(index.search({ text: 'barks' }).ids).toEqual(['n']);
    expect(index.search({ text: 'gate dog' }).ids).toEqual(['n']);
  });

  it('a query split between a name and the notes counts as a notes match', () => {
    const index = build(
      ['a', { first_name: 'Ann', notes: 'gate code 4821' }],
      ['b', { first_name: 'Ann', last_name: 'Gatewood' }],
    );
    expect(index.search({ text: 'ann gate' }).ids).toEqual(['b', 'a']);
  });

  it('rank single characters too: word start, inside a name, then notes only', () => {
    const index = build(
      ['notes', { first_name: 'Al', notes: 'quiet street' }],
      ['inside', { first_name: 'Al', last_name: 'Ziqi' }],
      ['start', { first_name: 'Zo', last_name: 'Quinn' }],
    );
    expect(index.search({ text: 'q' }).ids).toEqual(['start', 'inside', 'notes']);
  });

  it('rank several one-letter words by the lowest of them, whatever the sort', () => {
    // "o'b" is the words "o" and "b", answered from the gram sets alone. Padded with customers who
    // don't match, the three matches are few enough to be sorted rather than found by walking the order.
    for (const pad of [0, 12]) {
      const index = build(
        ['notes', { first_name: 'Al', last_name: 'Adams', notes: 'knob' }],
        ['inside', { first_name: 'Rob', last_name: 'Mason' }],
        ['start', { first_name: 'Oscar', last_name: 'Young', company_name: 'Bakery' }],
        ['one word', { first_name: 'Bea', last_name: 'Lee' }],
        ...Array.from({ length: pad }, (_, i): [string, { first_name: string }] => [
          `none ${i}`,
          { first_name: 'Tim' },
        ]),
      );
      for (const sort of ['name', 'newest', 'company'] as const) {
        const result = index.search({ text: "o'b", sort });
        expect(result.ids).toEqual(['start', 'inside', 'notes']);
        expect(result.total).toBe(3);
      }
      // Typing on narrows from that set: "o'bri" checks only its members' strings.
      expect(index.search({ text: "o'bri" }).ids).toEqual([]);
      expect(index.debugState().narrowedFrom).toBe(3);
    }
  });

  it('typing on from a query keeps notes-only matches', () => {
    const index = build(
      ['1', { first_name: 'Bo', notes: 'sprinkler shutoff in basement' }],
      ['2', { first_name: 'Sam' }],
    );
    expect(index.search({ text: 's' }).ids).toEqual(['2', '1']);
    expect(index.search({ text: 'sp' }).ids).toEqual(['1']);
    expect(index.debugState().narrowedFrom).toBe(2);
    expect(index.search({ text: 'sprinkler' }).ids).toEqual(['1']);
  });

  it('an edit to the notes is found at once', () => {
    const index = build(['1', { first_name: 'Bo', notes: null }]);
    expect(index.search({ text: 'mailbox' }).ids).toEqual([]);
    index.upsert(customer('1', { first_name: 'Bo', notes: 'Leave invoice in mailbox' }));
    expect(index.search({ text: 'mailbox' }).ids).toEqual(['1']);
  });
});
