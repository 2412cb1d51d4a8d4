/**
 * The one place that knows how Rotor's two customer shapes line up: the flat write shape
 * (`property_*`, `billing_*`, as the upsert takes and returns it) and the read shape (`address.*`, as
 * list/get return it). Everything else in the data layer reads and writes fields through here. The
 * layout comes from the field table (electron/contract/fields.ts): a local record keeps each field at
 * its `localPath` (`address.city`, `billing.city`, `service_type`).
 */
import type { ApiUpsertResponse, RotorCustomer } from '@contract/customer';
import { CUSTOMER_FIELDS, localPath, READ_ONLY_FIELDS } from '@contract/fields';
import type { FieldKind } from '@contract/fields';
import { uniqueTags } from '@contract/rules';
import type { EditableField, EditableFields, LocalCustomer } from './types';

export { uniqueTags };

/** A customer's data without the sync bookkeeping: what the server copy and the local view share. */
export type CustomerData = Omit<LocalCustomer, 'serverTags' | 'syncState' | 'fetchedAt' | 'missingOnServer'>;

export type { Billing } from '@contract/customer';

// Records are built by walking the table, so inside this module they are plain records.
type Rec = Record<string, unknown>;
type Box = Record<string, unknown> | null | undefined;

interface Accessor {
  readonly field: EditableField;
  readonly kind: FieldKind;
  /** The top-level key of the local record that holds it (`address` for `address.city`). */
  readonly top: string;
  /** Its key inside that object, or null when the field is the top-level value itself. */
  readonly part: string | null;
}

const ACCESSORS: readonly Accessor[] = CUSTOMER_FIELDS.map((f) => {
  const [top = f.write, part = null, ...deeper] = localPath(f).split('.');
  if (deeper.length) throw new Error(`${f.write}: local paths are at most two deep`);
  return { field: f.write, kind: f.kind, top, part };
});
const BY_FIELD: ReadonlyMap<string, Accessor> = new Map(ACCESSORS.map((a) => [a.field, a]));
const READABLE: ReadonlySet<string> = new Set(CUSTOMER_FIELDS.filter((f) => f.read).map((f) => f.write));

/** Every editable field, in form order. */
export const EDITABLE_FIELDS: readonly EditableField[] = ACCESSORS.map((a) => a.field);

/** Fields list/get never return: a refresh can neither confirm nor contradict them. */
export const WRITE_ONLY_FIELDS: ReadonlySet<EditableField> = new Set(
  EDITABLE_FIELDS.filter((f) => !READABLE.has(f)),
);

/** The parts of each nested object of the record (`address`, `billing`), in table order. */
const BOX_PARTS = new Map<string, string[]>();
for (const a of ACCESSORS)
  if (a.part !== null) BOX_PARTS.set(a.top, [...(BOX_PARTS.get(a.top) ?? []), a.part]);

/**
 * Every top-level key of the record and where a refresh takes it from: the read shape for what
 * list/get carry, the previous server copy for what they never return. A nested object is one or the
 * other as a whole, so `fromRead` can copy it in one piece.
 */
const TOP_KEYS: readonly { key: string; fromRead: boolean; tags: boolean }[] = (() => {
  const keys = new Map<string, { key: string; fromRead: boolean; tags: boolean }>();
  keys.set('id', { key: 'id', fromRead: true, tags: false });
  for (const a of ACCESSORS) {
    const fromRead = READABLE.has(a.field);
    const seen = keys.get(a.top);
    if (seen && seen.fromRead !== fromRead) throw new Error(`${a.top} mixes read and write-only fields`);
    keys.set(a.top, { key: a.top, fromRead, tags: a.kind === 'tags' });
  }
  for (const f of READ_ONLY_FIELDS) keys.set(f, { key: f, fromRead: true, tags: false });
  return [...keys.values()];
})();

const emptyBox = (top: string): Rec => {
  const box: Rec = {};
  for (const part of BOX_PARTS.get(top) ?? []) box[part] = null;
  return box;
};

/** A copy deep enough that callers may mutate the result: nested objects and arrays are new. */
const copy = (v: unknown): unknown =>
  v === null || typeof v !== 'object' ? v : Array.isArray(v) ? v.slice() : { ...v };

const READ_KEYS = TOP_KEYS.filter((k) => k.fromRead && !k.tags).map((k) => k.key);
const KEPT_KEYS = TOP_KEYS.filter((k) => !k.fromRead).map((k) => k.key);
const TAG_KEYS = TOP_KEYS.filter((k) => k.tags).map((k) => k.key);

/** Every key null: built once with Object.fromEntries so records spread from it share one fast shape. */
const BLANK: Readonly<Rec> = Object.fromEntries(TOP_KEYS.map(({ key }) => [key, null]));

export function emptyCustomer(id: string): CustomerData {
  const out: Rec = { ...BLANK, id };
  for (const { key, tags } of TOP_KEYS) if (tags) out[key] = [];
  return out as CustomerData;
}

/** Strips sync bookkeeping; copies the nested objects so callers may mutate the result. */
export function dataOf(c: CustomerData): CustomerData {
  const src = c as unknown as Rec;
  const out: Rec = { ...BLANK };
  for (const { key } of TOP_KEYS) out[key] = copy(src[key]);
  return out as CustomerData;
}

/**
 * Read shape → server copy. List/get never carry billing or service fields, so those are kept from
 * what this app already knew (`prev`), never blanked.
 */
export function fromRead(c: RotorCustomer, prev: CustomerData | null): CustomerData {
  const read = c as unknown as Rec;
  const kept = prev as unknown as Rec | null;
  const out: Rec = { ...BLANK };
  // Runs for every row of a full refresh: plain loops over keys worked out once.
  for (const key of READ_KEYS) out[key] = copy(read[key]) ?? null;
  for (const key of KEPT_KEYS) out[key] = copy(kept?.[key]) ?? null;
  for (const key of TAG_KEYS) out[key] = uniqueTags(read[key] as string[] | null);
  return out as CustomerData;
}

/** Sets one field on a record this module owns (its nested objects already copied). */
function put(out: Rec, a: Accessor, value: unknown): void {
  if (a.part === null) out[a.top] = value;
  else ((out[a.top] as Rec | null) ?? (out[a.top] = emptyBox(a.top)))[a.part] = value;
}

/**
 * Upsert response → server copy. Starts from what Rotor had (`prev`) with what was sent applied, then
 * lays the response over it: a field the response leaves out was still accepted as sent.
 */
export function fromUpsert(
  resp: ApiUpsertResponse,
  prev: CustomerData | null,
  sent: EditableFields,
): CustomerData {
  const out = applyChanges(prev ?? emptyCustomer(resp.id), sent) as unknown as Rec;
  const answer = resp as Rec;
  out.id = resp.id;
  for (const a of ACCESSORS) {
    const v = answer[a.field];
    // Rotor merges tags; if the answer omits them the merge of old and sent is the best knowledge.
    if (a.kind === 'tags') {
      if (Array.isArray(v)) out[a.top] = uniqueTags(v as string[]);
    } else if (v !== undefined) put(out, a, v);
  }
  if (resp.created_at !== undefined && resp.created_at !== null) out.created_at = resp.created_at;
  return out as unknown as CustomerData;
}

/** The value of one write-shape field as a record holds it (read shape underneath). */
export function fieldValue(c: CustomerData, field: EditableField): unknown {
  const a = BY_FIELD.get(field);
  if (!a) return undefined;
  const v = (c as unknown as Rec)[a.top];
  return a.part === null ? v : ((v as Box)?.[a.part] ?? null);
}

/**
 * Whether the record knows anything of `field`: false when the field's home (the value itself, or the
 * nested object it lives in) is null, as for billing and service fields Rotor never returned.
 */
export function holdsField(c: CustomerData, field: EditableField): boolean {
  const a = BY_FIELD.get(field);
  return !!a && (c as unknown as Rec)[a.top] !== null;
}

/**
 * Applies write-shape changes onto a record (returns a new one). `tags` in changes are tags to add:
 * Rotor merges them, so this merges too. Names outside the table are not fields and are ignored.
 */
export function applyChanges(c: CustomerData, changes: EditableFields): CustomerData {
  const out = dataOf(c) as unknown as Rec;
  for (const [key, value] of Object.entries(changes)) {
    const a = BY_FIELD.get(key);
    if (value === undefined || !a) continue;
    if (a.kind === 'tags') out[a.top] = uniqueTags([...(out[a.top] as string[]), ...(value as string[])]);
    else put(out, a, value);
  }
  return out as unknown as CustomerData;
}

/**
 * Whether two values of `field` mean the same. Text: null, undefined and '' are all "empty" (a form
 * shows both as a blank box, and sending '' over an unknown null would overwrite server data for
 * nothing). Tags compare as sets.
 */
export function sameValue(field: EditableField, a: unknown, b: unknown): boolean {
  switch (BY_FIELD.get(field)?.kind) {
    case 'tags': {
      const x = new Set((a as string[] | null | undefined) ?? []);
      const y = new Set((b as string[] | null | undefined) ?? []);
      return x.size === y.size && [...x].every((t) => y.has(t));
    }
    case 'boolean':
    case 'status':
      return (a ?? null) === (b ?? null);
    default:
      return (a ?? '') === (b ?? '');
  }
}

/**
 * The fields of a form (write shape) that differ from a record. `tags` in the form is the full wanted
 * list; it is reported when the set differs (outbox.ts turns it into tags to add).
 */
export function changedFields(c: CustomerData, form: EditableFields): EditableFields {
  const out: Rec = {};
  for (const [key, value] of Object.entries(form) as [EditableField, unknown][]) {
    if (value === undefined) continue;
    if (!sameValue(key, fieldValue(c, key), value)) out[key] = value;
  }
  return out as EditableFields;
}

/** A record's editable values as a full form (non-empty fields only), e.g. to recreate it. */
export function toWriteFields(c: CustomerData): EditableFields {
  const out: Rec = {};
  for (const f of EDITABLE_FIELDS) {
    const v = fieldValue(c, f);
    if (v === null || v === undefined || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) out[f] = [...(v as unknown[])];
    } else out[f] = v;
  }
  return out as EditableFields;
}
