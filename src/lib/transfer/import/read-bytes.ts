/**
 * The work behind readImportFile, the same on either side of the worker boundary: bytes → decode →
 * parse, refusals as data. read.worker.ts runs it in a Web Worker; read-file.ts runs it in-thread where
 * there is no Worker.
 */
import { decode } from './decode';
import type { DecodeError, Encoding } from './decode';
import { parseCsv } from './parse';
import type { ParseError } from './parse-messages';
import type { RowError } from './parse';

export type ReadResult =
  | { ok: true; encoding: Encoding; bom: boolean; header: string[]; rows: string[][]; rowErrors: RowError[] }
  | { ok: false; error: DecodeError | ParseError };

/** What the page sends the worker: the file's bytes (transferred, not copied) and the user's encoding. */
export interface ReadRequest {
  bytes: ArrayBuffer;
  encoding?: Encoding;
}

/**
 * What the worker answers: the rows in slices, then the result without them. Each message is
 * deserialised on the window's thread in a task of its own, so one 50,000-row answer cloned at once
 * (about a quarter of a second) becomes many short tasks the window paints between.
 */
export type ReadAnswer = { kind: 'rows'; rows: string[][] } | { kind: 'done'; result: ReadResult };

/** Rows a `rows` message carries: a few milliseconds of cloning. */
export const ANSWER_SLICE = 500;

/** The answer to `result` as messages, in order (the page puts the rows back together). */
export function answersOf(result: ReadResult, slice = ANSWER_SLICE): ReadAnswer[] {
  if (!result.ok) return [{ kind: 'done', result }];
  const out: ReadAnswer[] = [];
  for (let i = 0; i < result.rows.length; i += slice) {
    out.push({ kind: 'rows', rows: result.rows.slice(i, i + slice) });
  }
  out.push({ kind: 'done', result: { ...result, rows: [] } });
  return out;
}

export function readBytes(bytes: ArrayBuffer, options: { encoding?: Encoding } = {}): ReadResult {
  const decoded = decode(new Uint8Array(bytes), options);
  if (!decoded.ok) return decoded;
  const parsed = parseCsv(decoded.text);
  if (!parsed.ok) return parsed;
  const { header, rows, rowErrors } = parsed;
  return { ok: true, encoding: decoded.encoding, bom: decoded.bom, header, rows, rowErrors };
}
