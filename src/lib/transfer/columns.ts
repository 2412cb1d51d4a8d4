/**
 * The spreadsheet columns of a customer, shared by export and import so that an exported file
 * imports back as a no-op: one column per field of the field table (header = its label, in table
 * order) after Rotor's id. A cell is plain text; this module is the one place that turns a field's
 * value into a cell and a cell back into a value.
 */
import { CUSTOMER_FIELDS, CUSTOMER_STATUSES } from '@contract/fields';
import { normalizeText } from '@contract/rules';
import { fieldValue } from '../data/mapping';
import type { CustomerData } from '../data/mapping';
import type { EditableField } from '../data/types';

export interface TransferColumn {
  /** `id` (Rotor's customer id) or an editable field's write name. */
  readonly key: 'id' | EditableField;
  readonly header: string;
}

export const ID_COLUMN: TransferColumn = { key: 'id', header: 'Rotor ID' };

/** Every column, in the order an export writes them. */
export const TRANSFER_COLUMNS: readonly TransferColumn[] = [
  ID_COLUMN,
  ...CUSTOMER_FIELDS.map((f) => ({ key: f.write as EditableField, header: f.label })),
];

const KIND = new Map<string, (typeof CUSTOMER_FIELDS)[number]['kind']>(
  CUSTOMER_FIELDS.map((f) => [f.write, f.kind]),
);

/** Tags go in one cell: "; " between them, so a tag may hold a comma (a lone such tag ends in ";"). */
export function tagsCell(tags: readonly string[]): string {
  const cell = tags.join('; ');
  return tags.length === 1 && cell.includes(',') ? `${cell};` : cell;
}

/** A tags cell: split on ";" when it has one, otherwise on ","; blanks dropped. */
export function cellTags(cell: string): string[] {
  const parts = cell.includes(';') ? cell.split(';') : cell.split(',');
  return parts.map((t) => t.trim()).filter((t) => t !== '');
}

const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0']);

/** The cell an export writes for one column of a customer ('' for nothing). */
export function cellOf(c: CustomerData, column: TransferColumn): string {
  if (column.key === 'id') return c.id.startsWith('local:') ? '' : c.id;
  const v = fieldValue(c, column.key);
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return tagsCell(v as string[]);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

/**
 * What a cell means for `field`: undefined for a blank cell (an import leaves that field as Rotor has
 * it: sending '' would wipe a value the file simply does not know), else the value in the write
 * shape. A value the rules refuse comes back as given, for validation to name (rules.ts).
 */
export function valueOfCell(field: EditableField, cell: string): unknown {
  const kind = KIND.get(field);
  if (cell.trim() === '') return undefined;
  switch (kind) {
    case 'tags':
      return cellTags(cell);
    case 'boolean': {
      const t = cell.trim().toLowerCase();
      return YES.has(t) ? true : NO.has(t) ? false : cell;
    }
    case 'status': {
      const t = cell.trim().toLowerCase();
      return (CUSTOMER_STATUSES as readonly string[]).includes(t) ? t : cell;
    }
    case undefined:
      return undefined;
    default:
      return normalizeText(kind, cell);
  }
}
