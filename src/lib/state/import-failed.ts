/**
 * "Export failed rows": the import's failed and conflicted rows as a CSV in the export's own columns
 * (transfer/columns.ts, so the import's mapping recognises every header), with the customer's values as
 * they would be sent (Rotor's copy with the queued change on top, as the cache holds it), the Rotor ID
 * for updates, and "Row" and "Error" at the end. The user fixes it in a spreadsheet and imports it again:
 * "Row" and "Error" map to nothing there.
 */
import type { LocalCustomer, OutboxEntry } from '$lib/data/types';
import { cellOf, TRANSFER_COLUMNS } from '$lib/transfer/columns';
import { csvText } from '$lib/transfer/csv';

export const ROW_HEADER = 'Row';
export const ERROR_HEADER = 'Error';

const CONFLICT_ERROR =
  'Changed in Rotor since this file was imported: pick which values to keep, or fix the row.';

/** The import's entries that need the user, in file order. */
export function failedOf(entries: readonly OutboxEntry[], importId: string): OutboxEntry[] {
  return entries
    .filter((e) => e.importId === importId && (e.state === 'failed' || e.state === 'conflict'))
    .sort((a, b) => (a.importRows?.[0] ?? 0) - (b.importRows?.[0] ?? 0));
}

/** The file's text, or null when no failed row's customer is still cached. */
export function failedRowsCsv(
  failed: readonly OutboxEntry[],
  customer: (id: string) => LocalCustomer | undefined,
): { text: string; rows: number } | null {
  const lines: string[][] = [];
  for (const e of failed) {
    const c = customer(e.customerId);
    if (!c) continue;
    const error = e.state === 'conflict' ? CONFLICT_ERROR : (e.lastError?.message ?? '');
    lines.push([...TRANSFER_COLUMNS.map((col) => cellOf(c, col)), (e.importRows ?? []).join(', '), error]);
  }
  if (lines.length === 0) return null;
  return {
    text: csvText([...TRANSFER_COLUMNS.map((c) => c.header), ROW_HEADER, ERROR_HEADER], lines),
    rows: lines.length,
  };
}
