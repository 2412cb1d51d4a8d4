/**
 * How the edit form lays out the field table: which groups it shows, what each is titled, which inputs
 * span the row, and what "billing same as property" hides. The fields themselves come from the table.
 */
import { CUSTOMER_FIELDS, FIELD_GROUPS } from '@contract/fields';
import type { CustomerFieldSpec, CustomerStatus, FieldGroup, WriteField } from '@contract/fields';
import type { Draft } from '$lib/state/fields';

/** Fieldset legends. The detail titles its cards differently (see detail-layout.ts). */
export const FORM_GROUP_TITLES: Record<FieldGroup, string> = {
  contact: 'Contact',
  property: 'Property address',
  billing: 'Billing address',
  service: 'Service',
  account: 'Status and tags',
  notes: 'Notes',
};

export interface FormGroup {
  group: FieldGroup;
  title: string;
  fields: CustomerFieldSpec[];
}

/** Every writable field, group by group in the table's order. */
export const FORM_GROUPS: readonly FormGroup[] = FIELD_GROUPS.map((group) => ({
  group,
  title: FORM_GROUP_TITLES[group],
  fields: CUSTOMER_FIELDS.filter((f) => f.group === group),
})).filter((g) => g.fields.length > 0);

/** Single-line fields long enough to need the whole row (street lines, company names). */
const WIDE_TEXT = new Set<WriteField>([
  'company_name',
  'property_street1',
  'property_street2',
  'billing_street1',
  'billing_street2',
]);

export function isWide(spec: CustomerFieldSpec): boolean {
  return (
    spec.kind === 'multiline' || spec.kind === 'boolean' || spec.kind === 'tags' || WIDE_TEXT.has(spec.write)
  );
}

/** With "billing same as property" on, Rotor derives the billing lines, so the form does not offer them. */
export function hiddenInForm(spec: CustomerFieldSpec, draft: Draft): boolean {
  return spec.group === 'billing' && spec.kind !== 'boolean' && draft.billing_same_as_property;
}

/** The `type` of a single-line input for a text-like kind. */
export function inputType(kind: CustomerFieldSpec['kind']): 'text' | 'email' | 'tel' {
  return kind === 'email' ? 'email' : kind === 'phone' ? 'tel' : 'text';
}

/** How a status reads, in the form's options and in the detail. */
export const STATUS_LABELS: Record<CustomerStatus, string> = { active: 'Active', inactive: 'Inactive' };
