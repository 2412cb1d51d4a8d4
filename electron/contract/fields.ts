/**
 * Every Rotor customer field, once. The zod schemas (customer.ts), the read↔write mapping
 * (src/lib/data/mapping.ts), the form's fieldsets, the detail sections, search and the Rotor simulation's
 * shapes are all derived from this table: adding a field is one line here plus its tests.
 *
 * Rotor has two shapes (shared/rotor-api/README.md): list/get return the nested read shape
 * (`address.city`), the upsert takes and returns the flat write shape (`property_city`). Some fields
 * exist in only one of them.
 */

export const FIELD_GROUPS = ['contact', 'property', 'billing', 'service', 'account', 'notes'] as const;
export type FieldGroup = (typeof FIELD_GROUPS)[number];

/** How a field is edited, validated and compared. */
export type FieldKind = 'text' | 'email' | 'phone' | 'multiline' | 'status' | 'boolean' | 'tags';

/**
 * How search reads a field: as text, as a phone (also matched by its digits), or as long free text
 * whose matches rank after matches in every other searched field and of which only the start is
 * indexed (src/lib/search/haystack.ts says how much).
 */
export type SearchAs = 'text' | 'phone' | 'long-text';

export interface FieldSpec {
  /** The name in the flat write shape (POST /customers body and answer). */
  readonly write: string;
  /**
   * Where list/get carry it (`address.city`), or null when the read shape never returns it. The local
   * record keeps readable fields at this path.
   */
  readonly read: string | null;
  /** Where the local record keeps a field the read shape never returns (`billing.city`); else null. */
  readonly local: string | null;
  readonly label: string;
  readonly group: FieldGroup;
  readonly kind: FieldKind;
  /** Searched, and how; absent = not searched. */
  readonly search?: SearchAs;
  /** Longest accepted text (characters); tags: longest tag. */
  readonly maxLength?: number;
  /** One of the fields that identify a customer: a record needs at least one (rules.ts). */
  readonly identity?: boolean;
}

/** The statuses Rotor knows. */
export const CUSTOMER_STATUSES = ['active', 'inactive'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];
/** The status Rotor gives a customer created without one (and Rotor's own UI starts a new one with). */
export const CREATED_STATUS: CustomerStatus = 'active';

const TEXT_MAX = 10_000;
export type TextKind = 'text' | 'email' | 'phone' | 'multiline';
/** A text field; generic so the table keeps each field's literal names and kind (customer.ts types by them). */
const text = <
  const W extends string,
  const R extends string | null,
  const L extends string | null,
  const K extends TextKind = 'text',
  const I extends boolean = false,
>(
  write: W,
  read: R,
  local: L,
  label: string,
  group: FieldGroup,
  extra: { kind?: K; search?: SearchAs; identity?: I } = {},
) => ({
  write,
  read,
  local,
  label,
  group,
  kind: (extra.kind ?? 'text') as K,
  maxLength: TEXT_MAX,
  ...(extra.search ? { search: extra.search } : {}),
  ...((extra.identity ? { identity: true } : {}) as I extends true ? { identity: true } : object),
});

/** Writable fields, in the order the form and the detail show them. */
export const CUSTOMER_FIELDS = [
  text('first_name', 'first_name', null, 'First name', 'contact', { search: 'text', identity: true }),
  text('last_name', 'last_name', null, 'Last name', 'contact', { search: 'text', identity: true }),
  text('company_name', 'company_name', null, 'Company', 'contact', { search: 'text', identity: true }),
  text('email', 'email', null, 'Email', 'contact', { kind: 'email', search: 'text', identity: true }),
  text('phone', 'phone', null, 'Phone', 'contact', { kind: 'phone', search: 'phone', identity: true }),
  text('property_street1', 'address.street1', null, 'Property street', 'property', { search: 'text' }),
  text('property_street2', 'address.street2', null, 'Property street line 2', 'property', { search: 'text' }),
  text('property_city', 'address.city', null, 'Property city', 'property', { search: 'text' }),
  text('property_state', 'address.state', null, 'Property state', 'property', { search: 'text' }),
  text('property_zip', 'address.zip', null, 'Property ZIP', 'property', { search: 'text' }),
  text('property_country', 'address.country', null, 'Property country', 'property', { search: 'text' }),
  {
    write: 'billing_same_as_property',
    read: null,
    local: 'billing.same_as_property',
    label: 'Billing same as property',
    group: 'billing',
    kind: 'boolean',
  },
  text('billing_street1', null, 'billing.street1', 'Billing street', 'billing'),
  text('billing_street2', null, 'billing.street2', 'Billing street line 2', 'billing'),
  text('billing_city', null, 'billing.city', 'Billing city', 'billing'),
  text('billing_state', null, 'billing.state', 'Billing state', 'billing'),
  text('billing_zip', null, 'billing.zip', 'Billing ZIP', 'billing'),
  text('billing_country', null, 'billing.country', 'Billing country', 'billing'),
  text('service_type', null, 'service_type', 'Service type', 'service'),
  text('service_frequency', null, 'service_frequency', 'Service frequency', 'service'),
  { write: 'status', read: 'status', local: null, label: 'Status', group: 'account', kind: 'status' },
  text('source', 'source', null, 'Source', 'account'),
  {
    write: 'tags',
    read: 'tags',
    local: null,
    label: 'Tags',
    group: 'account',
    kind: 'tags',
    search: 'text',
    maxLength: 200,
  },
  text('notes', 'notes', null, 'Notes', 'notes', { kind: 'multiline', search: 'long-text' }),
] as const;
// Checked apart: `satisfies` on the array would let each row's call infer its kind from FieldSpec
// instead of its arguments, and the literal names and kinds are what customer.ts types by.
const TABLE_CHECK: readonly FieldSpec[] = CUSTOMER_FIELDS;
void TABLE_CHECK;

/**
 * Read-only fields list/get return and the upsert never takes (besides `id`), with how each is typed:
 * `timestamp` an ISO string, `coordinates` an array of numbers.
 */
export const READ_ONLY_KINDS = {
  created_at: 'timestamp',
  is_auto_pay: 'boolean',
  location: 'coordinates',
} as const;
export type ReadOnlyField = keyof typeof READ_ONLY_KINDS;
export const READ_ONLY_FIELDS = Object.keys(READ_ONLY_KINDS) as readonly ReadOnlyField[];

/** At most this many tags on one customer. */
export const MAX_TAGS = 200;

export type CustomerFieldSpec = (typeof CUSTOMER_FIELDS)[number];
export type WriteField = CustomerFieldSpec['write'];
export type TextWriteField = Extract<CustomerFieldSpec, { kind: TextKind }>['write'];
export type IdentityField = Extract<CustomerFieldSpec, { identity: true }>['write'];

/** The text fields (every kind edited as a string), in table order. */
export const TEXT_WRITE_FIELDS = CUSTOMER_FIELDS.filter((f) => isTextKind(f.kind)).map(
  (f) => f.write,
) as readonly TextWriteField[];

export function isTextKind(kind: FieldKind): kind is TextKind {
  return kind === 'text' || kind === 'email' || kind === 'phone' || kind === 'multiline';
}

/** Where the local record keeps a field: its read path, or its own home when the read shape lacks it. */
export function localPath(spec: FieldSpec): string {
  return spec.read ?? spec.local ?? spec.write;
}

export const FIELD_BY_WRITE: ReadonlyMap<string, FieldSpec> = new Map(
  CUSTOMER_FIELDS.map((f) => [f.write, f]),
);
