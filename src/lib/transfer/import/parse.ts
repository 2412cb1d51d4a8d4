/**
 * The CSV parser adapter over PapaParse: header row plus rows as string arrays (not objects, so
 * duplicate headers survive), empty lines skipped, cells restored from the export's neutralising.
 * Refusals and row errors come back as data.
 */
import Papa from 'papaparse';
import { restoreCell } from '../csv';

export const MAX_IMPORT_ROWS = 100_000;

export const PARSE_MESSAGES = {
  too_many_rows:
    'The file has more than 100,000 rows. Split it into smaller files and import them one by one.',
  empty: 'The file has no header row.',
  reader_failed:
    'The file could not be read: the reader stopped before it finished. Try again; if it happens again, split the file into smaller ones.',
} as const;

export type ParseError = { kind: keyof typeof PARSE_MESSAGES; message: string };

/** The reader (the worker, or the parser in-thread) threw or died: told as data, never a hang. */
export function readerFailed(cause?: unknown): { ok: false; error: ParseError } {
  // The cause is for the developer's console; the user gets the sentence.
  if (cause !== undefined) console.warn('import reader failed', cause);
  return { ok: false, error: { kind: 'reader_failed', message: PARSE_MESSAGES.reader_failed } };
}

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
