/**
 * The edit form's model: human labels and grouping of Rotor's writable fields, the draft a form edits,
 * the "only what changed" diff and validation. Pure, so it is tested without a DOM.
 */
import { CUSTOMER_STATUSES, WRITE_TEXT_FIELDS } from '@contract/customer';
import type { CustomerStatus, WriteTextField } from '@contract/customer';
import type { FieldError } from '@contract/result';
import type { EditableField, EditableFields, LocalCustomer } from '$lib/data/api';

export const FIELD_LABELS: Record<EditableField, string> = {
  first_name: 'First name',
  last_name: 'Last name',
  company_name: 'Company',
  email: 'Email',
  phone: 'Phone',
  property_street1: 'Property street',
  property_street2: 'Property street line 2',
  property_city: 'Property city',
  property_state: 'Property state',
  property_zip: 'Property ZIP',
  property_country: 'Property country',
  billing_same_as_property: 'Billing same as property',
  billing_street1: 'Billing street',
  billing_street2: 'Billing street line 2',
  billing_city: 'Billing city',
  billing_state: 'Billing state',
  billing_zip: 'Billing ZIP',
  billing_country: 'Billing country',
  service_type: 'Service type',
  service_frequency: 'Service frequency',
  source: 'Source',
  status: 'Status',
  tags: 'Tags',
  notes: 'Notes',
};

export interface FieldGroup {
  id: 'contact' | 'property' | 'billing' | 'service' | 'account' | 'notes';
  title: string;
  fields: EditableField[];
}

/** Same grouping as the detail view, so the form reads like the record it edits. */
export const FIELD_GROUPS: FieldGroup[] = [
  { id: 'contact', title: 'Contact', fields: ['first_name', 'last_name', 'company_name', 'email', 'phone'] },
  {
    id: 'property',
    title: 'Property address',
    fields: [
      'property_street1',
      'property_street2',
      'property_city',
      'property_state',
      'property_zip',
      'property_country',
    ],
  },
  {
    id: 'billing',
    title: 'Billing address',
    fields: [
      'billing_same_as_property',
      'billing_street1',
      'billing_street2',
      'billing_city',
      'billing_state',
      'billing_zip',
      'billing_country',
    ],
  },
  { id: 'service', title: 'Service', fields: ['service_type', 'service_frequency'] },
  { id: 'account', title: 'Status and tags', fields: ['status', 'source', 'tags'] },
  { id: 'notes', title: 'Notes', fields: ['notes'] },
];

export const FIELD_ORDER: EditableField[] = FIELD_GROUPS.flatMap((g) => g.fields);

/** Orders a change set's fields the way the form shows them. */
export function orderedFields(fields: Iterable<string>): EditableField[] {
  const present = new Set(fields);
  return FIELD_ORDER.filter((f) => present.has(f));
}

export type TextDraft = Record<WriteTextField, string>;

/** What a form edits: every text field as a string ('' = empty or unknown), and the rest typed. */
export interface Draft extends TextDraft {
  status: CustomerStatus | '';
  billing_same_as_property: boolean;
  tags: string[];
}

const BILLING_TEXT: WriteTextField[] = [
  'billing_street1',
  'billing_street2',
  'billing_city',
  'billing_state',
  'billing_zip',
  'billing_country',
];

export function emptyDraft(): Draft {
  const text = Object.fromEntries(WRITE_TEXT_FIELDS.map((f) => [f, ''])) as TextDraft;
  return { ...text, status: '', billing_same_as_property: false, tags: [] };
}

/** A new customer starts active, the way Rotor's own UI creates them. */
export function newCustomerDraft(): Draft {
  return { ...emptyDraft(), status: 'active' };
}

export function draftFromCustomer(c: LocalCustomer): Draft {
  const a = c.address;
  const b = c.billing;
  return {
    first_name: c.first_name ?? '',
    last_name: c.last_name ?? '',
    company_name: c.company_name ?? '',
    email: c.email ?? '',
    phone: c.phone ?? '',
    notes: c.notes ?? '',
    source: c.source ?? '',
    service_type: c.service_type ?? '',
    service_frequency: c.service_frequency ?? '',
    property_street1: a?.street1 ?? '',
    property_street2: a?.street2 ?? '',
    property_city: a?.city ?? '',
    property_state: a?.state ?? '',
    property_zip: a?.zip ?? '',
    property_country: a?.country ?? '',
    billing_street1: b?.street1 ?? '',
    billing_street2: b?.street2 ?? '',
    billing_city: b?.city ?? '',
    billing_state: b?.state ?? '',
    billing_zip: b?.zip ?? '',
    billing_country: b?.country ?? '',
    billing_same_as_property: b?.same_as_property ?? false,
    status: c.status ?? '',
    tags: [...c.tags],
  };
}

/** Fields Rotor's read API never returns: blank in the form means "unknown", not "empty". */
export function unknownFields(c: LocalCustomer | null): Set<EditableField> {
  const unknown = new Set<EditableField>();
  if (!c) return unknown;
  if (c.service_type === null) unknown.add('service_type');
  if (c.service_frequency === null) unknown.add('service_frequency');
  if (c.billing === null) {
    for (const f of BILLING_TEXT) unknown.add(f);
    unknown.add('billing_same_as_property');
  }
  return unknown;
}

/** Notes keep their inner whitespace and line breaks; single-line fields are trimmed. */
function normalizeText(field: WriteTextField, value: string): string {
  return field === 'notes' ? value.replace(/\r\n?/g, '\n').replace(/\s+$/, '') : value.trim();
}

function sameTags(a: string[], b: string[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((t) => y.has(t));
}

/**
 * Only the fields the user changed, in the write shape. An unknown field left blank is not a change,
 * so Rotor's value is never overwritten with nothing; a known field cleared on purpose is sent as ''.
 * With "billing same as property" on, the billing lines are not sent: Rotor derives them.
 */
export function diffDraft(initial: Draft, draft: Draft): EditableFields {
  const changes: EditableFields = {};
  for (const field of WRITE_TEXT_FIELDS) {
    if (draft.billing_same_as_property && BILLING_TEXT.includes(field)) continue;
    const next = normalizeText(field, draft[field]);
    if (next !== normalizeText(field, initial[field])) changes[field] = next;
  }
  if (draft.status !== '' && draft.status !== initial.status) changes.status = draft.status;
  if (draft.billing_same_as_property !== initial.billing_same_as_property) {
    changes.billing_same_as_property = draft.billing_same_as_property;
  }
  if (!sameTags(draft.tags, initial.tags)) changes.tags = [...draft.tags];
  return changes;
}

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const MAX_TEXT = 10_000;
const MAX_TAG = 200;
const MAX_TAGS = 200;

/** Where a form-level message goes when no single field is at fault. */
export const CONTACT_ERROR = 'contact';

export type DraftErrors = Partial<Record<EditableField | typeof CONTACT_ERROR, string>>;

/**
 * The checks Rotor would make, done before the change is queued so the user fixes it now, not later.
 * Format rules apply to what the user changed from `initial`: a customer whose stored email Rotor
 * already holds in another form must still take a new note.
 */
export function validateDraft(draft: Draft, initial?: Draft): DraftErrors {
  const errors: DraftErrors = {};
  const email = draft.email.trim();
  const emailChanged = !initial || initial.email.trim() !== email;
  if (email && emailChanged && !EMAIL_PATTERN.test(email))
    errors.email = 'Enter an email address like name@example.com';
  if (draft.status !== '' && !(CUSTOMER_STATUSES as readonly string[]).includes(draft.status)) {
    errors.status = 'Choose Active or Inactive';
  }
  const identity = [draft.first_name, draft.last_name, draft.company_name, draft.phone, draft.email];
  if (identity.every((v) => v.trim() === '')) {
    errors[CONTACT_ERROR] = 'Enter at least a name, company, phone or email';
  }
  for (const field of WRITE_TEXT_FIELDS) {
    if (draft[field].length > MAX_TEXT && !errors[field]) {
      errors[field] = `Keep this under ${MAX_TEXT.toLocaleString()} characters`;
    }
  }
  if (draft.tags.length > MAX_TAGS) errors.tags = `At most ${MAX_TAGS} tags`;
  else if (draft.tags.some((t) => t.length > MAX_TAG))
    errors.tags = `Each tag must be under ${MAX_TAG} characters`;
  return errors;
}

/** Cleans a typed tag; null when there is nothing left to add. */
export function cleanTag(raw: string): string | null {
  const tag = raw.replace(/\s+/g, ' ').trim();
  return tag ? tag : null;
}

/** Adds a tag unless an equal one (ignoring case) is already there. */
export function addTag(tags: string[], raw: string): string[] {
  const tag = cleanTag(raw);
  if (!tag || tags.some((t) => t.toLowerCase() === tag.toLowerCase())) return tags;
  return [...tags, tag];
}

const READ_TO_WRITE: Record<string, EditableField> = {
  company: 'company_name',
  'address.street1': 'property_street1',
  'address.street2': 'property_street2',
  'address.city': 'property_city',
  'address.state': 'property_state',
  'address.zip': 'property_zip',
  'address.country': 'property_country',
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
