/** The import screen's words: outcomes, details (old → new, tags added and kept, reasons), blocks. */
import { describe, expect, it } from 'vitest';
import {
  detailLines,
  IMPORT_TEXT,
  importBlock,
  movedNote,
  outcomeText,
  queuedText,
  skippedText,
} from '$lib/state/import-text';
import type { RowPreview } from '$lib/transfer/import/preview';
import { customer } from './fakes';

const jane = customer({ id: 'c1', first_name: 'Jane', last_name: 'Doe', phone: '555-0100', tags: ['vip'] });
const name = (id: string): string => (id === 'c1' ? 'Jane Doe' : '?');
const get = (id: string) => (id === 'c1' ? jane : undefined);

describe('import texts', () => {
  it('says what happens to each row', () => {
    const update: RowPreview = {
      row: 1,
      kind: 'update',
      customerId: 'c1',
      matchedBy: 'phone',
      changes: { phone: '555-0199', tags: ['lead'] },
      tagsKept: ['vip'],
    };
    expect(outcomeText(update, name)).toBe('Updates Jane Doe (matched by phone)');
    expect(detailLines(update, get)).toEqual([
      'Phone: 555-0100 → 555-0199',
      'Tags added: lead',
      'Tags kept: vip (tags are only ever added)',
    ]);
    expect(outcomeText({ row: 2, kind: 'create', changes: {} }, name)).toBe('Creates a new customer');
    const dup: RowPreview = {
      row: 3,
      kind: 'duplicate',
      of: 1,
      customerId: null,
      matchedBy: 'email',
      changes: {},
      tagsKept: [],
    };
    expect(outcomeText(dup, name)).toBe('Duplicate of row 1');
    expect(detailLines(dup, get)).toEqual(['Adds nothing to row 1: skipped, no cost']);
    const invalid: RowPreview = { row: 4, kind: 'invalid', problems: { email: 'Enter an email address' } };
    expect(outcomeText(invalid, name)).toBe('Invalid: not sent');
    expect(detailLines(invalid, get)).toEqual(['Email: Enter an email address']);
  });

  it('counts, notes and blocks', () => {
    expect(queuedText(1240, 'leads.csv', 0)).toBe('Queued 1,240 changes from leads.csv');
    expect(queuedText(3, 'a.csv', 1)).toBe('Queued 3 changes from a.csv; 1 row was refused');
    expect(skippedText(0, 0, 0)).toBeNull();
    expect(skippedText(2, 1, 0)).toBe('Skipped, no cost: 2 rows unchanged, 1 row invalid.');
    expect(movedNote('email', 'E-mail', 'Work email')).toContain('“E-mail” is no longer imported');
    expect(importBlock({ demo: true, account: true })).toBe(IMPORT_TEXT.demo);
    expect(importBlock({ demo: false, account: false })).toBe(IMPORT_TEXT.noAccount);
    expect(importBlock({ demo: false, account: true })).toBeNull();
  });
});
