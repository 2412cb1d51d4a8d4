import { describe, expect, it } from 'vitest';
import { applyChanges, emptyCustomer } from '$lib/data/mapping';
import { cellOf, cellTags, tagsCell, TRANSFER_COLUMNS, valueOfCell } from '$lib/transfer/columns';
import type { EditableFields } from '$lib/data/types';

describe('transfer columns', () => {
  it('has Rotor ID then every field of the table, labelled once', () => {
    expect(TRANSFER_COLUMNS[0]).toEqual({ key: 'id', header: 'Rotor ID' });
    expect(new Set(TRANSFER_COLUMNS.map((c) => c.header)).size).toBe(TRANSFER_COLUMNS.length);
    expect(TRANSFER_COLUMNS.map((c) => c.key)).toContain('property_zip');
  });

  it('tags survive a cell, commas in a tag included', () => {
    for (const tags of [['a', 'b c'], ['Smith, John'], ['x, y', 'z'], ['solo']])
      expect(cellTags(tagsCell(tags))).toEqual(tags);
    expect(cellTags('a, b;c')).toEqual(['a, b', 'c']);
    expect(cellTags('a, b , ,c')).toEqual(['a', 'b', 'c']);
  });

  it('a customer exported and read back gives the same values, blanks left out', () => {
    const fields: EditableFields = {
      first_name: 'Ada',
      email: 'ada@example.com',
      property_city: 'Leeds',
      billing_same_as_property: true,
      status: 'inactive',
      tags: ['VIP', 'gutters, front'],
      notes: 'line one\nline two',
    };
    const c = applyChanges(emptyCustomer('9b1d'), fields);
    const back: Record<string, unknown> = {};
    for (const col of TRANSFER_COLUMNS) {
      if (col.key === 'id') {
        expect(cellOf(c, col)).toBe('9b1d');
        continue;
      }
      const v = valueOfCell(col.key, cellOf(c, col));
      if (v !== undefined) back[col.key] = v;
    }
    expect(back).toEqual(fields);
  });

  it('reads loose spreadsheet spellings and hands unknown ones on for validation', () => {
    expect(valueOfCell('billing_same_as_property', 'Yes')).toBe(true);
    expect(valueOfCell('billing_same_as_property', 'maybe')).toBe('maybe');
    expect(valueOfCell('status', ' Active ')).toBe('active');
    expect(valueOfCell('status', 'gone')).toBe('gone');
    expect(valueOfCell('first_name', '  Bo ')).toBe('Bo');
    expect(valueOfCell('first_name', '   ')).toBeUndefined();
  });
});
