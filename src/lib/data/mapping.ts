/**
 * The one place that knows how Rotor's two customer shapes line up: the flat write shape
 * (`property_*`, `billing_*`, as the upsert takes and returns it) and the read shape (`address.*`, as
 * list/get return it). Everything else in the data layer reads and writes fields through here.
 */
import type { Address, ApiUpsertResponse, RotorCustomer } from '@contract/customer';
import type { EditableField, EditableFields, LocalCustomer } from './api';

/** A customer's data without the sync bookkeeping: what the server copy and the local view share. */
export type CustomerData = Omit<LocalCustomer, 'serverTags' | 'syncState' | 'fetchedAt' | 'missingOnServer'>;

export type Billing = NonNullable<LocalCustomer['billing']>;

const ADDRESS_PARTS = ['street1', 'street2', 'city', 'state', 'zip', 'country'] as const;
type AddressPart = (typeof ADDRESS_PARTS)[number];

const DIRECT_TEXT = [
  'first_name',
  'last_name',
  'company_name',
  'email',
  'phone',
  'notes',
  'source',
  'service_type',
  'service_frequency',
] as const;
type DirectText = (typeof DIRECT_TEXT)[number];

/** Every editable field, in form order. */
export const EDITABLE_FIELDS: readonly EditableField[] = [
  ...DIRECT_TEXT,
  ...ADDRESS_PARTS.map((p) => `property_${p}` as const),
  ...ADDRESS_PARTS.map((p) => `billing_${p}` as const),
  'billing_same_as_property',
  'status',
  'tags',
];

/** Fields list/get never return: a refresh can neither confirm nor contradict them. */
export const WRITE_ONLY_FIELDS: ReadonlySet<EditableField> = new Set<EditableField>([
  'service_type',
  'service_frequency',
  ...ADDRESS_PARTS.map((p) => `billing_${p}` as const),
  'billing_same_as_property',
]);

const emptyAddress = (): Address => ({
  street1: null,
  street2: null,
  city: null,
  state: null,
  zip: null,
  country: null,
});

export function emptyCustomer(id: string): CustomerData {
  return {
    id,
    first_name: null,
    last_name: null,
    company_name: null,
    email: null,
    phone: null,
    notes: null,
    source: null,
    status: null,
    tags: [],
    address: null,
    created_at: null,
    is_auto_pay: null,
    location: null,
    service_type: null,
    service_frequency: null,
    billing: null,
  };
}

/** Strips sync bookkeeping; copies the nested objects so callers may mutate the result. */
export function dataOf(c: CustomerData): CustomerData {
  return {
    id: c.id,
    first_name: c.first_name,
    last_name: c.last_name,
    company_name: c.company_name,
    email: c.email,
    phone: c.phone,
    notes: c.notes,
    source: c.source,
    status: c.status,
    tags: [...c.tags],
    address: c.address ? { ...c.address } : null,
    created_at: c.created_at,
    is_auto_pay: c.is_auto_pay,
    location: c.location ? [...c.location] : null,
    service_type: c.service_type,
    service_frequency: c.service_frequency,
    billing: c.billing ? { ...c.billing } : null,
  };
}

/**
 * Read shape → server copy. List/get never carry billing or service fields, so those are kept from
 * what this app already knew (`prev`), never blanked.
 */
export function fromRead(c: RotorCustomer, prev: CustomerData | null): CustomerData {
  return {
    id: c.id,
    first_name: c.first_name,
    last_name: c.last_name,
    company_name: c.company_name,
    email: c.email,
    phone: c.phone,
    notes: c.notes,
    source: c.source,
    status: c.status,
    tags: uniqueTags(c.tags),
    address: c.address ? { ...c.address } : null,
    created_at: c.created_at,
    is_auto_pay: c.is_auto_pay,
    location: c.location ? [...c.location] : null,
    service_type: prev?.service_type ?? null,
    service_frequency: prev?.service_frequency ?? null,
    billing: prev?.billing ? { ...prev.billing } : null,
  };
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
  const out = applyChanges(prev ?? emptyCustomer(resp.id), sent);
  out.id = resp.id;
  for (const f of DIRECT_TEXT) {
    const v = resp[f];
    if (v !== undefined) out[f] = v;
  }
  for (const p of ADDRESS_PARTS) {
    const v = resp[`property_${p}`];
    if (v !== undefined) out.address = { ...(out.address ?? emptyAddress()), [p]: v };
    const b = resp[`billing_${p}`];
    if (b !== undefined) out.billing = { ...(out.billing ?? emptyBilling()), [p]: b };
  }
  if (resp.billing_same_as_property !== undefined)
    out.billing = { ...(out.billing ?? emptyBilling()), same_as_property: resp.billing_same_as_property };
  if (resp.status !== undefined) out.status = resp.status;
  if (resp.created_at !== undefined && resp.created_at !== null) out.created_at = resp.created_at;
  // Rotor merges tags; if the answer omits them the merge of old and sent is the best knowledge.
  if (Array.isArray(resp.tags)) out.tags = uniqueTags(resp.tags);
  return out;
}

const emptyBilling = (): Billing => ({ ...emptyAddress(), same_as_property: null });

/** The value of one write-shape field as a record holds it (read shape underneath). */
export function fieldValue(c: CustomerData, field: EditableField): unknown {
  switch (field) {
    case 'tags':
      return c.tags;
    case 'status':
      return c.status;
    case 'billing_same_as_property':
      return c.billing?.same_as_property ?? null;
    default: {
      if (field.startsWith('property_')) return c.address?.[field.slice(9) as AddressPart] ?? null;
      if (field.startsWith('billing_')) return c.billing?.[field.slice(8) as AddressPart] ?? null;
      return c[field as DirectText];
    }
  }
}

/**
 * Applies write-shape changes onto a record (returns a new one). `tags` in changes are tags to add:
 * Rotor merges them, so this merges too.
 */
export function applyChanges(c: CustomerData, changes: EditableFields): CustomerData {
  const out = dataOf(c);
  for (const [key, value] of Object.entries(changes) as [EditableField, unknown][]) {
    if (value === undefined) continue;
    if (key === 'tags') {
      out.tags = uniqueTags([...out.tags, ...(value as string[])]);
    } else if (key === 'status') {
      out.status = value as CustomerData['status'];
    } else if (key === 'billing_same_as_property') {
      out.billing = { ...(out.billing ?? emptyBilling()), same_as_property: value as boolean };
    } else if (key.startsWith('property_')) {
      out.address = { ...(out.address ?? emptyAddress()), [key.slice(9)]: value as string };
    } else if (key.startsWith('billing_')) {
      out.billing = { ...(out.billing ?? emptyBilling()), [key.slice(8)]: value as string };
    } else {
      out[key as DirectText] = value as string;
    }
  }
  return out;
}

/**
 * Whether two values of `field` mean the same. Text: null, undefined and '' are all "empty" (a form
 * shows both as a blank box, and sending '' over an unknown null would overwrite server data for
 * nothing). Tags compare as sets.
 */
export function sameValue(field: EditableField, a: unknown, b: unknown): boolean {
  if (field === 'tags') {
    const x = new Set((a as string[] | null | undefined) ?? []);
    const y = new Set((b as string[] | null | undefined) ?? []);
    return x.size === y.size && [...x].every((t) => y.has(t));
  }
  if (field === 'billing_same_as_property' || field === 'status') return (a ?? null) === (b ?? null);
  return (a ?? '') === (b ?? '');
}

/**
 * The fields of a form (write shape) that differ from a record. `tags` in the form is the full wanted
 * list; it is reported when the set differs (outbox.ts turns it into tags to add).
 */
export function changedFields(c: CustomerData, form: EditableFields): EditableFields {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form) as [EditableField, unknown][]) {
    if (value === undefined) continue;
    if (!sameValue(key, fieldValue(c, key), value)) out[key] = value;
  }
  return out as EditableFields;
}

/** A record's editable values as a full form (non-empty fields only), e.g. to recreate it. */
export function toWriteFields(c: CustomerData): EditableFields {
  const out: Record<string, unknown> = {};
  for (const f of EDITABLE_FIELDS) {
    const v = fieldValue(c, f);
    if (v === null || v === undefined || v === '') continue;
    if (f === 'tags' && (v as string[]).length === 0) continue;
    out[f] = f === 'tags' ? [...(v as string[])] : v;
  }
  return out as EditableFields;
}

/** Trimmed, non-empty, first occurrence kept, order kept. */
export function uniqueTags(tags: readonly string[] | null | undefined): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags ?? []) {
    const t = raw.trim();
    if (t && !seen.has(t)) {
      seen.add(t);
      out.push(t);
    }
  }
  return out;
}

/** The record as the UI sees it: data plus sync bookkeeping. */
export function toLocal(
  data: CustomerData,
  extra: Pick<LocalCustomer, 'serverTags' | 'syncState' | 'fetchedAt' | 'missingOnServer'>,
): LocalCustomer {
  return { ...dataOf(data), ...extra, serverTags: [...extra.serverTags] };
}
