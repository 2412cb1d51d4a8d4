/**
 * Checks an edit before it is queued, so the outbox only holds changes Rotor (and main's contract
 * schema) will accept. Messages are written for the person filling the form.
 */
import { CUSTOMER_STATUSES } from '@contract/customer';
import type { EditableField, EditableFields } from '../api';
import { EDITABLE_FIELDS } from '../mapping';
import type { CustomerData } from '../mapping';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_TEXT = 10_000;
const MAX_TAG = 200;
const MAX_TAGS = 200;

export const IDENTITY_MESSAGE = 'Enter a first or last name, a company, a phone number or an email address';

const KNOWN = new Set<string>(EDITABLE_FIELDS);

/**
 * Keeps only known fields; `null` for a text field means "cleared" and becomes '' (what Rotor's write
 * shape takes). Values of the wrong type are reported rather than dropped silently.
 */
export function sanitize(input: EditableFields): { fields: EditableFields; errors: Record<string, string> } {
  const fields: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const [key, raw] of Object.entries(input as Record<string, unknown>)) {
    if (!KNOWN.has(key) || raw === undefined) continue;
    if (key === 'tags') {
      if (raw === null) fields.tags = [];
      else if (Array.isArray(raw) && raw.every((t) => typeof t === 'string')) fields.tags = raw;
      else errors.tags = 'Tags must be a list of words';
    } else if (key === 'billing_same_as_property') {
      if (typeof raw === 'boolean') fields[key] = raw;
      else if (raw !== null) errors[key] = 'Choose yes or no';
    } else if (raw === null) {
      if (key !== 'status') fields[key] = '';
    } else if (typeof raw === 'string') {
      fields[key] = raw;
    } else {
      errors[key] = 'Enter text';
    }
  }
  return { fields: fields as EditableFields, errors };
}

const blank = (v: string | null | undefined): boolean => !v || v.trim() === '';

const IDENTITY = ['first_name', 'last_name', 'company_name', 'phone', 'email'] as const;

/**
 * `result` is the record as it would be after the edit; `changes` the fields the user touched.
 * Format rules apply to touched fields only (an edit is not blocked by an odd value already in Rotor).
 * The identity rule looks at the whole resulting record, for a create or when an identifying field
 * is touched (a customer Rotor already holds without one can still get a note).
 */
export function validateEdit(
  result: CustomerData,
  changes: EditableFields,
  opts: { create: boolean },
): Record<string, string> | null {
  const errors: Record<string, string> = {};
  for (const [key, value] of Object.entries(changes) as [EditableField, unknown][]) {
    if (typeof value === 'string' && value.length > MAX_TEXT)
      errors[key] = `Keep this under ${MAX_TEXT.toLocaleString('en-US')} characters`;
  }
  if (typeof changes.email === 'string' && changes.email.trim() !== '' && !EMAIL.test(changes.email.trim()))
    errors.email = 'Enter a valid email address, like name@example.com';
  if (changes.status !== undefined && !(CUSTOMER_STATUSES as readonly string[]).includes(changes.status))
    errors.status = 'Status must be active or inactive';
  if (changes.tags) {
    if (changes.tags.some((t) => t.trim().length > MAX_TAG))
      errors.tags = `A tag can be at most ${MAX_TAG} characters`;
    else if (result.tags.length > MAX_TAGS) errors.tags = `A customer can have at most ${MAX_TAGS} tags`;
  }
  if (
    (opts.create || IDENTITY.some((f) => changes[f] !== undefined)) &&
    blank(result.first_name) &&
    blank(result.last_name) &&
    blank(result.company_name) &&
    blank(result.phone) &&
    blank(result.email)
  )
    errors.first_name = IDENTITY_MESSAGE;
  return Object.keys(errors).length ? errors : null;
}

export function validationMessage(errors: Record<string, string>): string {
  const first = Object.values(errors)[0];
  const count = Object.keys(errors).length;
  return count === 1 && first ? first : `Fix ${count} fields before saving`;
}
