/**
 * The CSV parser adapter over PapaParse: header row plus rows as string arrays (not objects, so
 * duplicate headers survive), empty lines skipped, cells restored from the export's neutralising.
 * Refusals and row errors come back as data.
 */
import Papa from 'papaparse';
import { restoreCell } from '../csv';
import { PARSE_MESSAGES } from './parse-messages';
import type { ParseError } from './parse-messages';

export const MAX_IMPORT_ROWS = 100_000;

/** A row PapaParse complained about; `row` is 1-based among data rows (the header is row 0). */
export type RowError = { row: number; message: string };

export type ParseResult =
  { ok: true; header: string[]; rows: string[][]; rowErrors: RowError[] } | { ok: false; error: ParseError };

export function parseCsv(text: string): ParseResult {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const result = Papa.parse<string[]>(body, { skipEmptyLines: 'greedy' });
  const [first, ...rest] = result.data;
  if (!first) return { ok: false, error: { kind: 'empty', message: PARSE_MESSAGES.empty } };
  if (rest.length > MAX_IMPORT_ROWS) {
    return { ok: false, error: { kind: 'too_many_rows', message: PARSE_MESSAGES.too_many_rows } };
  }
  const rowErrors = result.errors.map((e) => ({ row: e.row ?? 0, message: e.message }));
  return {
    ok: true,
    header: first.map((h) => restoreCell(h).trim()),
    rows: rest.map((r) => r.map(restoreCell)),
    rowErrors,
  };
}
