/**
 * An import file's bytes → header and rows: decode.ts then parse.ts, refusals as data. The one entry
 * point the import screen calls; where the work runs (this thread or a worker) is this file's business.
 */
import { decode } from './decode';
import type { DecodeError, Encoding } from './decode';
import { parseCsv } from './parse';
import type { ParseError, RowError } from './parse';

export type ReadResult =
  | { ok: true; encoding: Encoding; bom: boolean; header: string[]; rows: string[][]; rowErrors: RowError[] }
  | { ok: false; error: DecodeError | ParseError };

export async function readImportFile(
  bytes: ArrayBuffer,
  options: { encoding?: Encoding } = {},
): Promise<ReadResult> {
  const decoded = decode(new Uint8Array(bytes), options);
  if (!decoded.ok) return decoded;
  const parsed = parseCsv(decoded.text);
  if (!parsed.ok) return parsed;
  const { header, rows, rowErrors } = parsed;
  return { ok: true, encoding: decoded.encoding, bom: decoded.bom, header, rows, rowErrors };
}
