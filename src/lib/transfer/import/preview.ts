/**
 * What Rotor will do with each row of an import, worked out against the cache with Rotor's own rule
 * (the simulation's store.ts upsert): a Rotor ID picks that customer; else phone first, then email,
 * by the shared match keys; several customers on one key: the oldest. Rows are played in file order
 * onto a working copy of the book, so a row sees what earlier rows did, exactly as the server will.
 * Values come through columns.ts's cell codec and are checked by the form's rules (rules.ts).
 */
import { CREATED_STATUS } from '@contract/fields';
import { emailKey, phoneKey } from '@contract/match-keys';
import { changeProblems, uniqueTags } from '@contract/rules';
import type { Problems } from '@contract/rules';
import { applyChanges, changedFields, emptyCustomer, fieldValue } from '../../data/mapping';
import type { CustomerData } from '../../data/mapping';
import type { EditableField, EditableFields } from '../../data/types';
import { valueOfCell } from '../columns';
import type { ColumnMapping } from './mapping';

export type MatchedBy = 'id' | 'phone' | 'email';

/** `row` is 1-based among data rows (as parse.ts counts them). */
export type RowPreview = { row: number } & (
  | {
      kind: 'update';
      customerId: string;
      matchedBy: MatchedBy;
      /** What is sent: only the fields that change; `tags` only the tags to add. */
      changes: EditableFields;
      /** Tags the customer has and the row lacks: they stay, as the API only ever adds tags. */
      tagsKept: string[];
    }
  | { kind: 'unchanged'; customerId: string; matchedBy: MatchedBy }
  | { kind: 'create'; changes: EditableFields }
  | {
      kind: 'duplicate';
      /** The earlier row that matched (or created) the same customer. */
      of: number;
      /** The cached customer, or null when row `of` creates it. */
      customerId: string | null;
      matchedBy: MatchedBy;
      /** Sent like an update; empty when it adds nothing to what row `of` did (then it costs nothing). */
      changes: EditableFields;
      tagsKept: string[];
    }
  | { kind: 'invalid'; problems: Problems }
);

export type RowKind = RowPreview['kind'];

export const ID_PROBLEMS = {
  unknown: 'No customer with this Rotor ID is in the book',
} as const;

/** Whether the row costs a request. */
export function sends(p: RowPreview): boolean {
  return p.kind === 'update' || p.kind === 'create' || (p.kind === 'duplicate' && hasChanges(p.changes));
}

const hasChanges = (c: EditableFields): boolean => Object.keys(c).length > 0;

interface Slot {
  c: CustomerData;
  /** Rotor's created_at in ms, for the oldest-wins rule, parsed only when a key is shared. */
  ms: number | null;
  /** The row that first matched or created it. */
  firstRow: number | null;
}

/** Most keys belong to one customer: a bare slot, an array only when shared (as store.ts does). */
type KeyIndex = Map<string, Slot | Slot[]>;

function add(index: KeyIndex, key: string, s: Slot): void {
  if (!key) return;
  const found = index.get(key);
  if (!found) index.set(key, s);
  else if (Array.isArray(found)) found.push(s);
  else index.set(key, [found, s]);
}

function drop(index: KeyIndex, key: string, s: Slot): void {
  const found = key ? index.get(key) : undefined;
  if (found === s) index.delete(key);
  else if (Array.isArray(found)) {
    const at = found.indexOf(s);
    if (at >= 0) found.splice(at, 1);
  }
}

const msOf = (s: Slot): number => {
  if (s.ms === null) {
    const ms = typeof s.c.created_at === 'string' ? Date.parse(s.c.created_at) : NaN;
    s.ms = Number.isNaN(ms) ? 0 : ms;
  }
  return s.ms;
};

/** Mirrors store.ts's `match`: the smallest created_at, ties to the larger id. */
function oldest(index: KeyIndex, key: string): Slot | undefined {
  const found = key ? index.get(key) : undefined;
  if (!Array.isArray(found)) return found;
  let best: Slot | undefined;
  for (const s of found)
    if (!best || msOf(s) < msOf(best) || (msOf(s) === msOf(best) && s.c.id > best.c.id)) best = s;
  return best;
}

/** A row's given values (write shape), blank cells left out; `id` apart. */
export function rowValues(
  cells: readonly string[],
  mapping: ColumnMapping,
): { id: string | null; values: EditableFields } {
  let id: string | null = null;
  const values: Record<string, unknown> = {};
  mapping.forEach((target, i) => {
    const cell = cells[i] ?? '';
    if (target === 'id') id = cell.trim() || null;
    else if (target !== null) {
      const v = valueOfCell(target, cell);
      if (v !== undefined) values[target] = Array.isArray(v) ? uniqueTags(v as string[]) : v;
    }
  });
  return { id, values: values as EditableFields };
}

/** The part of `values` that changes `c`; tags: only those to add. */
function changesFor(
  c: CustomerData,
  values: EditableFields,
): { changes: EditableFields; tagsKept: string[] } {
  const current = (fieldValue(c, 'tags') as string[] | null) ?? [];
  const rowTags = values.tags;
  const { tags: _all, ...rest } = values;
  void _all;
  const changes = changedFields(c, rest as EditableFields) as Record<string, unknown>;
  let tagsKept: string[] = [];
  if (rowTags) {
    const have = new Set(current);
    const wanted = new Set(rowTags);
    const toAdd = rowTags.filter((t) => !have.has(t));
    if (toAdd.length) changes.tags = toAdd;
    tagsKept = current.filter((t) => !wanted.has(t));
  }
  return { changes: changes as EditableFields, tagsKept };
}

/**
 * The preview of every row. `customers` is the cached book (the local view); it is read, never changed.
 * Indexes are built once; each row is then a few map look-ups.
 */
export function previewImport(
  rows: readonly (readonly string[])[],
  mapping: ColumnMapping,
  customers: readonly CustomerData[],
): RowPreview[] {
  const byId = new Map<string, Slot>();
  const byPhone: KeyIndex = new Map();
  const byEmail: KeyIndex = new Map();
  const index = (s: Slot): void => {
    add(byPhone, phoneKey(fieldValue(s.c, 'phone') as string | null), s);
    add(byEmail, emailKey(fieldValue(s.c, 'email') as string | null), s);
  };
  const unindex = (s: Slot): void => {
    drop(byPhone, phoneKey(fieldValue(s.c, 'phone') as string | null), s);
    drop(byEmail, emailKey(fieldValue(s.c, 'email') as string | null), s);
  };
  for (const c of customers) {
    const s: Slot = { c, ms: null, firstRow: null };
    byId.set(c.id, s);
    index(s);
  }
  let created = 0;
  return rows.map((cells, i): RowPreview => {
    const row = i + 1;
    const { id, values } = rowValues(cells, mapping);
    let target: Slot | undefined;
    let matchedBy: MatchedBy | null = null;
    if (id !== null) {
      target = byId.get(id);
      if (!target || target.c.id.startsWith('local:'))
        return { row, kind: 'invalid', problems: { id: ID_PROBLEMS.unknown } };
      matchedBy = 'id';
    } else {
      target = oldest(byPhone, phoneKey(values.phone));
      if (target) matchedBy = 'phone';
      else {
        target = oldest(byEmail, emailKey(values.email));
        if (target) matchedBy = 'email';
      }
    }
    if (!target || !matchedBy) {
      // As Rotor creates it: a later row of the file for the same customer is matched against that.
      const fresh = { ...emptyCustomer(`import:${++created}`), status: CREATED_STATUS };
      const problems = changeProblems(values, (f) => (values as Record<string, unknown>)[f], {
        create: true,
      });
      if (Object.keys(problems).length) return { row, kind: 'invalid', problems };
      const s: Slot = { c: applyChanges(fresh, values), ms: Number.POSITIVE_INFINITY, firstRow: row };
      index(s);
      return { row, kind: 'create', changes: values };
    }
    const { changes, tagsKept } = changesFor(target.c, values);
    const next = applyChanges(target.c, changes);
    const problems = changeProblems(changes, (f) => fieldValue(next, f as EditableField), { create: false });
    if (Object.keys(problems).length) return { row, kind: 'invalid', problems };
    const first = target.firstRow;
    if (first === null) target.firstRow = row;
    if (hasChanges(changes)) {
      unindex(target);
      target.c = next;
      index(target);
    }
    const customerId = target.c.id.startsWith('import:') ? null : target.c.id;
    if (first !== null)
      return { row, kind: 'duplicate', of: first, customerId, matchedBy, changes, tagsKept };
    if (!hasChanges(changes)) return { row, kind: 'unchanged', customerId: target.c.id, matchedBy };
    return { row, kind: 'update', customerId: target.c.id, matchedBy, changes, tagsKept };
  });
}

/** How many rows of each kind, and how many requests the import costs. */
export function previewCounts(
  previews: readonly RowPreview[],
): Record<RowKind, number> & { rows: number; requests: number } {
  const counts = { update: 0, unchanged: 0, create: 0, duplicate: 0, invalid: 0, rows: 0, requests: 0 };
  for (const p of previews) {
    counts[p.kind]++;
    if (!sends(p)) continue;
    counts.rows++;
    // A duplicate's changes join the change its row `of` queued (same customer, same import, coalesced
    // by the outbox), so it adds no request of its own.
    if (p.kind !== 'duplicate') counts.requests++;
  }
  return counts;
}
