/**
 * The edit form's model: labels and grouping of Rotor's writable fields (from the field table,
 * electron/contract/fields.ts), the draft a form edits, the "only what changed" diff and validation
 * (the rule set, electron/contract/rules.ts). Pure, so it is tested without a DOM.
 */
import { CREATED_STATUS, CUSTOMER_FIELDS, FIELD_BY_WRITE, FIELD_GROUPS, isTextKind } from '@contract/fields';
import type { CustomerFieldSpec, CustomerStatus, FieldKind } from '@contract/fields';
import { changeProblems, normalizeTag, normalizeText, uniqueTags } from '@contract/rules';
import type { FieldError } from '@contract/result';
import type { EditableField, EditableFields, LocalCustomer } from '$lib/data/types';
import { EDITABLE_FIELDS, fieldValue, holdsField, sameValue, WRITE_ONLY_FIELDS } from '$lib/data/mapping';

export const FIELD_LABELS = Object.fromEntries(CUSTOMER_FIELDS.map((f) => [f.write, f.label])) as Record<
  EditableField,
  string
>;

/**
 * Every field, group by group (FIELD_GROUPS' order), in table order within a group: the order the form
 * shows them and focuses the first error. Group headings are the layouts' (components/customer).
 */
export const FIELD_ORDER: EditableField[] = FIELD_GROUPS.flatMap((g) =>
  CUSTOMER_FIELDS.filter((f) => f.group === g).map((f) => f.write),
);

/** Orders a change set's fields the way the form shows them. */
export function orderedFields(fields: Iterable<string>): EditableField[] {
  const present = new Set(fields);
  return FIELD_ORDER.filter((f) => present.has(f));
}

/** How a form holds a value of each kind: text as a string ('' = empty or unknown), the rest typed. */
type DraftValue<K extends FieldKind> = K extends 'status'
  ? CustomerStatus | ''
  : K extends 'boolean'
    ? boolean
    : K extends 'tags'
      ? string[]
      : string;

/** What a form edits: one value per writable field. */
export type Draft = { [S in CustomerFieldSpec as S['write']]: DraftValue<S['kind']> };

// A draft is built and read by walking the table, so inside this module it is a plain record.
type DraftRecord = Record<string, unknown>;

const blankOf = (kind: FieldKind): unknown => (kind === 'tags' ? [] : kind === 'boolean' ? false : '');

export function emptyDraft(): Draft {
  const out: DraftRecord = {};
  for (const f of CUSTOMER_FIELDS) out[f.write] = blankOf(f.kind);
  return out as Draft;
}

/** A new customer starts active, the way Rotor's own UI creates them. */
export function newCustomerDraft(): Draft {
  return { ...emptyDraft(), status: CREATED_STATUS };
}

export function draftFromCustomer(c: LocalCustomer): Draft {
  const out: DraftRecord = {};
  for (const f of CUSTOMER_FIELDS) {
    const v = fieldValue(c, f.write);
    out[f.write] = Array.isArray(v) ? [...(v as string[])] : (v ?? blankOf(f.kind));
  }
  return out as Draft;
}

/** Fields Rotor's read API never returns: blank in the form means "unknown", not "empty". */
export function unknownFields(c: LocalCustomer | null): Set<EditableField> {
  const unknown = new Set<EditableField>();
  if (!c) return unknown;
  for (const f of WRITE_ONLY_FIELDS) if (!holdsField(c, f)) unknown.add(f);
  return unknown;
}

/** Billing address lines: Rotor derives them while "billing same as property" is on. */
const BILLING_LINES: ReadonlySet<string> = new Set(
  CUSTOMER_FIELDS.filter((f) => f.group === 'billing' && isTextKind(f.kind)).map((f) => f.write),
);

const kindOf = (field: string): FieldKind => FIELD_BY_WRITE.get(field)?.kind ?? 'text';

/**
 * Only the fields the user changed, in the write shape. An unknown field left blank is not a change,
 * so Rotor's value is never overwritten with nothing; a known field cleared on purpose is sent as ''.
 * With "billing same as property" on, the billing lines are not sent: Rotor derives them.
 */
export function diffDraft(initial: Draft, draft: Draft): EditableFields {
  const changes: Record<string, unknown> = {};
  const was = initial as DraftRecord;
  const now = draft as DraftRecord;
  for (const field of EDITABLE_FIELDS) {
    const kind = kindOf(field);
    if (isTextKind(kind)) {
      if (draft.billing_same_as_property && BILLING_LINES.has(field)) continue;
      const next = normalizeText(kind, now[field] as string);
      if (next !== normalizeText(kind, was[field] as string)) changes[field] = next;
    } else if (kind === 'tags') {
      if (!sameValue(field, now[field], was[field])) changes[field] = [...(now[field] as string[])];
    } else if (now[field] !== was[field] && now[field] !== '') changes[field] = now[field];
  }
  return changes as EditableFields;
}

/** Where a form-level message goes when no single field is at fault. */
export const CONTACT_ERROR = 'contact';

export type DraftErrors = Partial<Record<EditableField | typeof CONTACT_ERROR, string>>;

/**
 * The checks Rotor would make, done before the change is queued so the user fixes it now, not later.
 * `initial` is Rotor's copy for an edit (absent for a new customer): the rules apply to what the user
 * changed from it, so a customer whose stored email Rotor holds in another form still takes a new note.
 */
export function validateDraft(draft: Draft, initial?: Draft): DraftErrors {
  const changes: Record<string, unknown> = { ...diffDraft(initial ?? emptyDraft(), draft) };
  if (Array.isArray(changes.tags)) changes.tags = uniqueTags(changes.tags as string[]);
  const values = draft as DraftRecord;
  const value = (field: string): unknown => {
    const v = values[field];
    if (Array.isArray(v)) return uniqueTags(v as string[]);
    return typeof v === 'string' ? normalizeText(kindOf(field), v) : v;
  };
  return changeProblems(changes, value, { create: !initial, identityAt: CONTACT_ERROR }) as DraftErrors;
}

/** Adds a tag unless the same one is already there (the same text: Rotor tells case apart, rules.ts). */
export function addTag(tags: string[], raw: string): string[] {
  const tag = normalizeTag(raw);
  if (!tag || tags.includes(tag)) return tags;
  return [...tags, tag];
}

/** Rotor's read-shape names (as its field errors may use them) for the form's write-shape fields. */
const READ_TO_WRITE: Record<string, EditableField> = {
  company: 'company_name',
  ...Object.fromEntries(
    CUSTOMER_FIELDS.flatMap((f) => (f.read && f.read !== f.write ? [[f.read, f.write]] : [])),
  ),
};

function isEditableField(name: string): name is EditableField {
  return name in FIELD_LABELS;
}

/**
 * Rotor's per-field validation messages placed on the form's fields. Names Rotor uses that the form
 * doesn't have (or doesn't recognise) are kept as form-level messages rather than dropped.
 */
export function mapServerFieldErrors(fields: FieldError[] | undefined): {
  byField: Partial<Record<EditableField, string>>;
  other: string[];
} {
  const byField: Partial<Record<EditableField, string>> = {};
  const other: string[] = [];
  for (const { field, message } of fields ?? []) {
    const name = field.replace(/^(customer|body)\./, '');
    const target = isEditableField(name) ? name : READ_TO_WRITE[name];
    if (target) byField[target] = byField[target] ? `${byField[target]}; ${message}` : message;
    else other.push(field ? `${field}: ${message}` : message);
  }
  return { byField, other };
}
