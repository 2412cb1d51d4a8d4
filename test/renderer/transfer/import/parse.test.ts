import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_ROWS, parseCsv } from '../../../../src/lib/transfer/import/parse';

describe('parseCsv', () => {
  it('handles quotes, CRLF, BOM, empty lines and duplicate headers', () => {
    const r = parseCsv('\uFEFFName,Tags,Tags\r\n"Doe, Jo","a ""b""",x\r\n\r\nAl,,y\r\n');
    expect(r).toEqual({
      ok: true,
      header: ['Name', 'Tags', 'Tags'],
      rows: [
        ['Doe, Jo', 'a "b"', 'x'],
        ['Al', '', 'y'],
      ],
      rowErrors: [],
    });
  });
  it('restores neutralised cells', () => {
    const r = parseCsv("Phone\n'+44 20\n");
    expect(r).toMatchObject({ ok: true, rows: [['+44 20']] });
  });
  it('refuses more than 100,000 rows', () => {
    const r = parseCsv('A\n' + 'x\n'.repeat(MAX_IMPORT_ROWS + 1));
    expect(r).toMatchObject({ ok: false, error: { kind: 'too_many_rows' } });
  });
});
