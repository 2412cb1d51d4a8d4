import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BOM, csvLine, csvText, neutralise, restoreCell } from '$lib/transfer/csv';

describe('csv writing', () => {
  it('quotes by RFC 4180 and starts with a BOM, lines ended by CRLF', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines'])).toBe('a,"b,c","say ""hi""","two\nlines"');
    expect(csvText(['h1', 'h2'], [['1', '2']])).toBe(`${BOM}h1,h2\r\n1,2\r\n`);
  });

  it('neutralises formula starts and restores exactly them', () => {
    for (const s of ['=SUM(A1)', '+1 555 0100', '-5', '@cmd', '\tx', '\rx'])
      expect(neutralise(s)).toBe(`'${s}`);
    expect(neutralise("'plain")).toBe("'plain");
    expect(neutralise("'+1")).toBe("''+1");
    expect(restoreCell("''+1")).toBe("'+1");
    expect(restoreCell("'plain")).toBe("'plain");
    expect(restoreCell("'=1")).toBe('=1');
  });

  it('what it writes a parser reads back cell for cell', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', ',', '"', '\n', '\r', '=', '+', "'", ' ', 'é', '-'),
    });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { maxLength: 8 }), (rows) => {
        const text = csvText(['x', 'y'], rows);
        const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: false }).data;
        const back = parsed.slice(1, 1 + rows.length).map((r) => r.map(restoreCell));
        expect(back).toEqual(rows);
      }),
    );
  });
});
