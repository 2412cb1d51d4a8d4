/**
 * A view of the cache as a CSV file: the customers in the order shown, the columns the user keeps,
 * written in slices so a 50,000-row export never holds the window for more than a slice and can be
 * stopped. Costs no request: everything comes from the cache.
 */
import type { CustomerData } from '../data/mapping';
import { csvFile, csvLine } from './csv';
import { cellOf, TRANSFER_COLUMNS } from './columns';
import type { TransferColumn } from './columns';

/** Rows written between two yields to the event loop: well under a frame on a cheap laptop. */
export const EXPORT_SLICE = 2000;

export interface ExportProgress {
  written: number;
  total: number;
}

export interface ExportRequest {
  /** The customers, in the order they are shown (a search result's ids). */
  ids: readonly string[];
  customer: (id: string) => CustomerData | undefined;
  /** Columns to write, in file order; default every column. */
  columns?: readonly TransferColumn[];
  onProgress?: (p: ExportProgress) => void;
  signal?: AbortSignal;
  /** Lets the window breathe between slices (default: a macrotask). */
  yieldToUi?: () => Promise<void>;
}

export interface ExportedFile {
  text: string;
  /** Rows written: ids the cache no longer holds (deleted meanwhile) are left out. */
  rows: number;
}

const macrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** The file's text (BOM, header, one CRLF-ended line a customer); rejects with an AbortError when stopped. */
export async function exportCsv(req: ExportRequest): Promise<ExportedFile> {
  const columns = req.columns ?? TRANSFER_COLUMNS;
  const breathe = req.yieldToUi ?? macrotask;
  const lines: string[] = [csvLine(columns.map((c) => c.header))];
  const total = req.ids.length;
  let rows = 0;
  for (let start = 0; start < total; start += EXPORT_SLICE) {
    if (start > 0) await breathe();
    req.signal?.throwIfAborted();
    const end = Math.min(total, start + EXPORT_SLICE);
    for (let i = start; i < end; i++) {
      const c = req.customer(req.ids[i] ?? '');
      if (!c) continue;
      lines.push(csvLine(columns.map((col) => cellOf(c, col))));
      rows++;
    }
    req.onProgress?.({ written: end, total });
  }
  return { text: csvFile(lines), rows };
}

/** What an export holds: the whole book, a view narrowed by search or filters, or a selection. */
export type ExportScope = 'all' | 'filtered' | 'selected';

/** "customers-2026-12-03.csv", "customers-filtered-2026-12-03.csv", "customers-selected-2026-12-03.csv". */
export function exportFileName(now: number, scope: ExportScope): string {
  const day = new Date(now).toISOString().slice(0, 10);
  return `customers${scope === 'all' ? '' : `-${scope}`}-${day}.csv`;
}
