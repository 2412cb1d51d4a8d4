import { describe, expect, it } from 'vitest';
import { TRANSFER_COLUMNS } from '../../../../src/lib/transfer/columns';
import {
  guessField,
  guessMapping,
  headerSetKey,
  loadMapping,
  normalizeHeader,
  saveMapping,
} from '../../../../src/lib/transfer/import/mapping';

class MemoryStorage {
  data = new Map<string, string>();
  getItem(k: string): string | null {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.data.set(k, v);
  }
}

describe('guessField', () => {
  it.each([
    ['First Name', 'first_name'],
    ['first_name', 'first_name'],
    ['FNAME', 'first_name'],
    ['Given name', 'first_name'],
    ['FirstName', 'first_name'],
    ['Last Name', 'last_name'],
    ['Surname', 'last_name'],
    ['last-name', 'last_name'],
    ['Mobile', 'phone'],
    ['Cell', 'phone'],
    ['Phone', 'phone'],
    ['Phone Number', 'phone'],
    ['Mobile Phone', 'phone'],
    ['E-mail', 'email'],
    ['E-Mail Address', 'email'],
    ['Email Address', 'email'],
    ['email', 'email'],
    ['Street', 'property_street1'],
    ['Address 1', 'property_street1'],
    ['Address Line 1', 'property_street1'],
    ['City', 'property_city'],
    ['State', 'property_state'],
    ['State/Province', 'property_state'],
    ['Zip/Postal code', 'property_zip'],
    ['Postcode', 'property_zip'],
    ['ZIP Code', 'property_zip'],
    ['Tags', 'tags'],
    ['Labels', 'tags'],
    ['Notes', 'notes'],
    ['Status', 'status'],
    ['Rotor ID', 'id'],
    ['  rotor   id ', 'id'],
    ['Company', 'company_name'],
    ['Prénom', null],
    ['Favourite colour', null],
  ])('%s → %s', (header, field) => {
    expect(guessField(header)).toBe(field);
  });

  it('maps every label an export writes to its own column exactly', () => {
    for (const c of TRANSFER_COLUMNS) expect(guessField(c.header)).toBe(c.key);
    expect(guessMapping(TRANSFER_COLUMNS.map((c) => c.header))).toEqual(TRANSFER_COLUMNS.map((c) => c.key));
  });
});

describe('guessMapping', () => {
  it('gives each field to the first header only', () => {
    expect(guessMapping(['Mobile', 'Phone', 'Email', 'E-mail', 'Other'])).toEqual([
      'phone',
      null,
      'email',
      null,
      null,
    ]);
  });
});

describe('saved mappings', () => {
  it('keys by the normalised header list', () => {
    expect(headerSetKey(['First Name', 'E-mail'])).toBe(headerSetKey([' first name', 'e mail ']));
    expect(headerSetKey(['First Name', 'E-mail'])).not.toBe(headerSetKey(['E-mail', 'First Name']));
    expect(normalizeHeader('Zip/Postal  Code')).toBe('zip postal code');
  });

  it('loads what was saved for the same header set, else guesses', () => {
    const s = new MemoryStorage();
    const headers = ['Name', 'Mobile', 'Misc'];
    expect(loadMapping(s, headers)).toEqual([null, 'phone', null]);
    saveMapping(s, headers, ['first_name', 'phone', 'notes']);
    expect(loadMapping(s, ['name', 'MOBILE', 'misc'])).toEqual(['first_name', 'phone', 'notes']);
    expect(loadMapping(s, ['Name', 'Mobile'])).toEqual([null, 'phone']);
  });

  it('ignores a saved value that no longer fits', () => {
    const s = new MemoryStorage();
    s.setItem(headerSetKey(['A', 'Phone']), JSON.stringify(['nonsense', 'phone']));
    expect(loadMapping(s, ['A', 'Phone'])).toEqual([null, 'phone']);
    s.setItem(headerSetKey(['A', 'Phone']), '{broken');
    expect(loadMapping(s, ['A', 'Phone'])).toEqual([null, 'phone']);
  });
});
