/**
 * Which columns an export writes: every column of columns.ts unless the user unticked it. What is
 * remembered is the unticked set, so a column added to the field table later is exported by default,
 * and a remembered key the table no longer has is ignored.
 */
import { TRANSFER_COLUMNS } from './columns';
import type { TransferColumn } from './columns';

export type ColumnKey = TransferColumn['key'];

export const EXPORT_COLUMNS_KEY = 'rotor-desk:export-columns-off';

export const NO_COLUMN_MESSAGE = 'Tick at least one column to export.';

export type ColumnStorage = Pick<Storage, 'getItem' | 'setItem'>;

const KEYS: ReadonlySet<string> = new Set(TRANSFER_COLUMNS.map((c) => c.key));

/** The remembered unticked columns, known ones only (anything unreadable counts as none). */
export function loadUnticked(storage: ColumnStorage | null): ColumnKey[] {
  let saved: unknown;
  try {
    saved = JSON.parse(storage?.getItem(EXPORT_COLUMNS_KEY) ?? 'null');
  } catch {
    saved = null;
  }
  const keys = Array.isArray(saved) ? saved : [];
  return [...new Set(keys.filter((k): k is ColumnKey => typeof k === 'string' && KEYS.has(k)))];
}

export function saveUnticked(storage: ColumnStorage | null, unticked: readonly ColumnKey[]): void {
  try {
    storage?.setItem(EXPORT_COLUMNS_KEY, JSON.stringify(unticked));
  } catch {
    // A full or refused storage only loses the remembering; this export still uses the choice.
  }
}

/** The ticked columns, in the table's order (the order of the file), whatever order they were ticked in. */
export function tickedColumns(unticked: readonly ColumnKey[]): TransferColumn[] {
  return TRANSFER_COLUMNS.filter((c) => !unticked.includes(c.key));
}
