/**
 * CSV as spreadsheets read it: RFC 4180 quoting, CRLF line ends, UTF-8 with a byte-order mark so
 * Excel takes it as UTF-8. A cell a spreadsheet would run as a formula gets a leading apostrophe
 * (CSV injection); an import takes exactly that apostrophe off again (`restoreCell`), so a phone
 * like "+1 555 0100" survives the round trip.
 */

export const BOM = '\uFEFF';

/** A formula start behind any apostrophes: such a cell gets one more, so restoring is exact. */
const GUARDED = /^'*[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** A cell made safe to open in a spreadsheet. */
export function neutralise(cell: string): string {
  return GUARDED.test(cell) ? `'${cell}` : cell;
}

/** The value an exported cell stood for: the apostrophe `neutralise` added is taken off. */
export function restoreCell(cell: string): string {
  return cell.startsWith("'") && GUARDED.test(cell.slice(1)) ? cell.slice(1) : cell;
}

function quote(cell: string): string {
  return NEEDS_QUOTES.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** One record line (without its line end). */
export function csvLine(cells: readonly string[]): string {
  return cells.map((c) => quote(neutralise(c))).join(',');
}

/** A whole file from its record lines (header first): BOM, each line ended by CRLF. */
export function csvFile(lines: readonly string[]): string {
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** A whole file: BOM, header, rows, each line ended by CRLF. */
export function csvText(header: readonly string[], rows: Iterable<readonly string[]>): string {
  const lines = [csvLine(header)];
  for (const row of rows) lines.push(csvLine(row));
  return csvFile(lines);
}
