/**
 * What the import screen says: the explanation, each row's outcome and detail, the mapping notes and
 * why an import cannot run. Plain strings, so the view and its tests read the same words.
 */
import { RULE_MESSAGES } from '@contract/rules';
import type { EditableField, EditableFields } from '$lib/data/types';
import type { CustomerData } from '$lib/data/mapping';
import { cellOf, TRANSFER_COLUMNS } from '$lib/transfer/columns';
import type { MapTarget } from '$lib/transfer/import/mapping';
import type { RowKind, RowPreview } from '$lib/transfer/import/preview';
import type { Encoding } from '$lib/transfer/import/decode';
import { formatCount } from '$lib/format/number';

export const IMPORT_TEXT = {
  intro:
    'Each row of a CSV file becomes a change in Pending changes: it updates the customer Rotor would match (by phone, then email) or creates a new one. Nothing is sent until you confirm, and each row that changes something costs one of the day’s requests.',
  pick: 'Choose a CSV file…',
  drop: 'or drop it here',
  noAccount: 'Connect to your Rotor account to import: the rows are sent with its API key.',
  demo: 'The demo cannot import: connect your own Rotor account to import a file.',
  noMatchKey:
    'Neither phone, email nor Rotor ID is mapped, so Rotor cannot match any row to a customer: every row creates a new customer.',
  tagsOnlyAdded: RULE_MESSAGES.tagOnRotor,
  nothingToSend: 'Nothing to queue: every row is unchanged or invalid.',
} as const;

export const ENCODING_LABELS: Record<Encoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252',
};

export type ImportFilter = 'all' | RowKind;

export const FILTER_LABELS: Record<ImportFilter, string> = {
  all: 'All',
  update: 'Updates',
  create: 'Creates',
  unchanged: 'Unchanged (skipped)',
  duplicate: 'Duplicates',
  invalid: 'Invalid',
};

const LABELS = new Map<string, string>(TRANSFER_COLUMNS.map((c) => [c.key, c.header]));

/** A field's label as the form shows it ("Phone", "Rotor ID"). */
export const fieldLabel = (key: string): string => LABELS.get(key) ?? key;

/** Why this window cannot import now, or null when it can. */
export function importBlock(state: { demo: boolean; account: boolean }): string | null {
  if (state.demo) return IMPORT_TEXT.demo;
  return state.account ? null : IMPORT_TEXT.noAccount;
}

/** When picking a field for one header took it from another (mapping.ts's one-header-per-field rule). */
export function movedNote(field: MapTarget, from: string, to: string): string {
  return `${fieldLabel(field)} now comes from “${to}”; “${from}” is no longer imported (a field takes one column).`;
}

const BY: Record<'id' | 'phone' | 'email', string> = { id: 'Rotor ID', phone: 'phone', email: 'email' };

/** What happens to the row, in a few words: "Updates Jane Doe (matched by phone)". */
export function outcomeText(p: RowPreview, name: (id: string) => string): string {
  switch (p.kind) {
    case 'update':
      return `Updates ${name(p.customerId)} (matched by ${BY[p.matchedBy]})`;
    case 'unchanged':
      return `Unchanged: ${name(p.customerId)} already has these values`;
    case 'create':
      return 'Creates a new customer';
    case 'duplicate':
      return `Duplicate of row ${p.of}${p.customerId ? ` (${name(p.customerId)})` : ''}`;
    case 'invalid':
      return 'Invalid: not sent';
  }
}

function valueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** The row's detail, one line each: "Phone: (555) 010-0000 → 555 010 0001", "Tags added: lead". */
export function detailLines(p: RowPreview, customer: (id: string) => CustomerData | undefined): string[] {
  if (p.kind === 'invalid')
    return Object.entries(p.problems).map(([field, message]) => `${fieldLabel(field)}: ${message}`);
  if (p.kind === 'unchanged') return [];
  const c = 'customerId' in p && p.customerId ? customer(p.customerId) : undefined;
  const lines = changeLines(p.changes, c);
  if (p.kind === 'duplicate' && lines.length === 0)
    lines.push(`Adds nothing to row ${p.of}: skipped, no cost`);
  if ((p.kind === 'update' || p.kind === 'duplicate') && p.tagsKept.length)
    lines.push(`Tags kept: ${p.tagsKept.join(', ')} (tags are only ever added)`);
  return lines;
}

function changeLines(changes: EditableFields, c: CustomerData | undefined): string[] {
  const lines: string[] = [];
  for (const [field, value] of Object.entries(changes) as [EditableField, unknown][]) {
    if (field === 'tags') {
      lines.push(`Tags added: ${valueText(value)}`);
      continue;
    }
    const label = fieldLabel(field);
    if (!c) lines.push(`${label}: ${valueText(value)}`);
    else lines.push(`${label}: ${valueText(cellOf(c, { key: field, header: label }))} → ${valueText(value)}`);
  }
  return lines;
}

/** "Queued 1,240 changes from leads.csv", with the refused rows counted when there are any. */
export function queuedText(queued: number, fileName: string, refused: number): string {
  const head = `Queued ${formatCount(queued, 'change', 'changes')} from ${fileName}`;
  return refused ? `${head}; ${formatCount(refused, 'row was', 'rows were')} refused` : head;
}

/** The pre-send reads (presend-check.ts) the schedule does not count. */
export function readsText(reads: number): string {
  return `Plus up to ${formatCount(reads, 'read', 'reads')} of Rotor’s copy first, where this computer’s is not fresh (a changed field there becomes a conflict, not an overwrite).`;
}

/** "Skipped, no cost: 12 unchanged, 3 invalid" (null when nothing is skipped). */
export function skippedText(unchanged: number, invalid: number, idle: number): string | null {
  const parts = [
    unchanged ? `${formatCount(unchanged, 'row', 'rows')} unchanged` : '',
    invalid ? `${formatCount(invalid, 'row', 'rows')} invalid` : '',
    idle ? `${formatCount(idle, 'duplicate adds', 'duplicates add')} nothing` : '',
  ].filter(Boolean);
  return parts.length ? `Skipped, no cost: ${parts.join(', ')}.` : null;
}
