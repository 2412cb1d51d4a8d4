import { z } from 'zod';
import { CUSTOMER_FIELDS, CUSTOMER_STATUSES, READ_ONLY_KINDS, TEXT_WRITE_FIELDS } from './fields';
import type { CustomerFieldSpec, CustomerStatus, FieldKind, ReadOnlyField, TextWriteField } from './fields';
import { IDENTITY_FIELDS, lacksIdentity, RULE_MESSAGES, valueProblem } from './rules';

/**
 * Rotor's two customer shapes (see shared/rotor-api/README.md), built from the field table
 * (fields.ts). Schemas are tolerant: unknown fields pass (looseObject), documented nulls are accepted,
 * but a wrong type fails the whole record so a half-parsed customer never reaches the cache. The write
 * schema is strict and refuses what the rule set (rules.ts) refuses.
 */
export { CUSTOMER_STATUSES };
export type { CustomerStatus };
export const CustomerStatusSchema = z.enum(CUSTOMER_STATUSES);

type Spec = CustomerFieldSpec;
/** A field's value by kind, in the write shape. */
type WriteValue<K extends FieldKind> = K extends 'status'
  ? CustomerStatus
  : K extends 'boolean'
    ? boolean
    : K extends 'tags'
      ? string[]
      : string;
type ReadOnlyValue<F extends ReadOnlyField> = {
  timestamp: string;
  boolean: boolean;
  coordinates: number[];
}[(typeof READ_ONLY_KINDS)[F]];

type AddressPart<S extends Spec> = S['read'] extends `address.${infer P}` ? P : never;
/** Fields the read shape carries at its top level. */
type TopRead<S extends Spec> = S extends { read: infer R extends string }
  ? R extends `${string}.${string}`
    ? never
    : R
  : never;

export type Address = { [S in Spec as AddressPart<S>]: WriteValue<S['kind']> | null };

/** The read shape normalised by main: nulls explicit, tags an array, auto-pay under one name. */
export type RotorCustomer = { id: string; address: Address | null } & {
  [S in Spec as TopRead<S>]: S['kind'] extends 'tags' ? string[] : WriteValue<S['kind']> | null;
} & {
  /** `is_auto_pay` is also `has_payment_method`, as newer docs name it; null when Rotor sent neither. */
  [F in ReadOnlyField]: ReadOnlyValue<F> | null;
};

type BillingPart<S extends Spec> = S['local'] extends `billing.${infer P}` ? P : never;
type LocalTop<S extends Spec> = S extends { read: null; local: infer L extends string }
  ? L extends `${string}.${string}`
    ? never
    : L
  : never;

/** The billing address with its flag, as the app keeps it (the read shape never returns it). */
export type Billing = { [S in Spec as BillingPart<S>]: WriteValue<S['kind']> | null };

/** What the app knows of the fields list/get never return (service, billing); null = unknown. */
export type WriteOnlyData = { billing: Billing | null } & {
  [S in Spec as LocalTop<S>]: WriteValue<S['kind']> | null;
};

const nullish = <T extends z.ZodType>(schema: T) => schema.nullish();
const READ_BY_KIND = {
  text: nullish(z.string()),
  email: nullish(z.string()),
  phone: nullish(z.string()),
  multiline: nullish(z.string()),
  status: nullish(CustomerStatusSchema),
  boolean: nullish(z.boolean()),
  tags: nullish(z.array(z.string())),
} as const satisfies Record<FieldKind, z.ZodType>;
const READ_ONLY_BY_KIND = {
  timestamp: nullish(z.string()),
  boolean: nullish(z.boolean()),
  coordinates: nullish(z.array(z.number())),
} as const;

type NullishOf<V> = z.ZodOptional<z.ZodNullable<z.ZodType<V>>>;
/**
 * A zod shape built by walking the table. `Object.fromEntries` can only say `Record<string, …>`; the
 * mapped type each caller names is what the table's literal rows make of it.
 */
const shapeOf = <T>(entries: Iterable<readonly [string, z.ZodType]>): T =>
  Object.fromEntries(entries) as unknown as T;

const readOnlyShape = shapeOf<{ [F in ReadOnlyField]: NullishOf<ReadOnlyValue<F>> }>(
  (Object.keys(READ_ONLY_KINDS) as ReadOnlyField[]).map((f) => [f, READ_ONLY_BY_KIND[READ_ONLY_KINDS[f]]]),
);

const ADDRESS = CUSTOMER_FIELDS.flatMap((f) =>
  f.read?.startsWith('address.') ? [{ part: f.read.slice('address.'.length), kind: f.kind }] : [],
);
const TOP_READ = CUSTOMER_FIELDS.flatMap((f) =>
  f.read && !f.read.includes('.') ? [{ key: f.read, kind: f.kind }] : [],
);

export const ApiAddressSchema = z.looseObject(
  shapeOf<{ [S in Spec as AddressPart<S>]: NullishOf<WriteValue<S['kind']>> }>(
    ADDRESS.map((a) => [a.part, READ_BY_KIND[a.kind]]),
  ),
);

/** Read shape, as list and get return it. */
export const ApiCustomerSchema = z.looseObject({
  id: z.string().min(1),
  address: ApiAddressSchema.nullish(),
  ...shapeOf<{ [S in Spec as TopRead<S>]: NullishOf<WriteValue<S['kind']>> }>(
    TOP_READ.map((t) => [t.key, READ_BY_KIND[t.kind]]),
  ),
  ...readOnlyShape,
  /** Newer docs' name for `is_auto_pay`: accepted, and read as it (normalizeCustomer). */
  has_payment_method: z.boolean().nullish(),
});
export type ApiCustomer = z.infer<typeof ApiCustomerSchema>;

export function normalizeCustomer(c: ApiCustomer): RotorCustomer {
  // Built by walking the table, so typed here as the plain record it is.
  const src = c as Record<string, unknown>;
  const out: Record<string, unknown> = { id: c.id };
  const a = c.address as Record<string, unknown> | null | undefined;
  if (a) {
    const address: Record<string, unknown> = {};
    for (const { part } of ADDRESS) address[part] = a[part] ?? null;
    out.address = address;
  } else out.address = null;
  for (const { key, kind } of TOP_READ) out[key] = src[key] ?? (kind === 'tags' ? [] : null);
  for (const key of Object.keys(READ_ONLY_KINDS)) out[key] = src[key] ?? null;
  out.is_auto_pay = c.is_auto_pay ?? c.has_payment_method ?? null;
  return out as RotorCustomer;
}

export const WRITE_TEXT_FIELDS = TEXT_WRITE_FIELDS;
export type WriteTextField = TextWriteField;

/** The rule set's verdict on one field, as a zod refinement (so main refuses what the app refuses). */
const ruled = <T extends z.ZodType>(field: string, schema: T): T =>
  schema.superRefine((value, ctx) => {
    const problem = valueProblem(field, value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }) as T;
const WRITE_BY_KIND = {
  text: z.string(),
  email: z.string(),
  phone: z.string(),
  multiline: z.string(),
  status: CustomerStatusSchema,
  boolean: z.boolean(),
  tags: z.array(z.string()),
} as const satisfies Record<FieldKind, z.ZodType>;

type WriteShape = {
  [S in Spec as S['write']]: z.ZodOptional<z.ZodType<WriteValue<S['kind']>>>;
};

/**
 * Flat write shape (POST /customers body). Only the fields the user changed are ever sent, so the
 * identity rule is checked where main sees the whole of it: a create (no `id`), or an edit that sends
 * every identifying field.
 */
export const CustomerWriteSchema = z
  .strictObject({
    id: z.string().min(1).max(200).optional(),
    ...shapeOf<WriteShape>(
      CUSTOMER_FIELDS.map((f) => [f.write, ruled(f.write, WRITE_BY_KIND[f.kind]).optional()]),
    ),
  })
  .superRefine((body, ctx) => {
    const fields = body as Record<string, unknown>;
    const whole = body.id === undefined || IDENTITY_FIELDS.every((f) => fields[f] !== undefined);
    if (whole && lacksIdentity((f) => fields[f]))
      ctx.addIssue({ code: 'custom', path: [IDENTITY_FIELDS[0] ?? 'id'], message: RULE_MESSAGES.identity });
  });
export type CustomerWrite = z.infer<typeof CustomerWriteSchema>;

/** The upsert's answer: the flat customer plus `id`, `created_at` and `message`, not wrapped in `data`. */
export const ApiUpsertResponseSchema = z.looseObject({
  id: z.string().min(1),
  created_at: z.string().nullish(),
  message: z.string().nullish(),
  ...shapeOf<{ [S in Spec as S['write']]: NullishOf<WriteValue<S['kind']>> }>(
    CUSTOMER_FIELDS.map((f) => [f.write, READ_BY_KIND[f.kind]]),
  ),
});
export type ApiUpsertResponse = z.infer<typeof ApiUpsertResponseSchema>;

/** What `customers.upsert` returns: the flat customer, and whether Rotor created or updated it. */
export interface UpsertResult {
  customer: ApiUpsertResponse;
  /** 201 → created, 200 → updated (an existing customer, possibly matched by phone or email). */
  created: boolean;
}

export interface Pagination {
  has_more: boolean;
  limit: number;
  page: number;
  total: number;
}

export interface CustomerPage {
  /** The page's customers that passed validation. */
  customers: RotorCustomer[];
  pagination: Pagination;
  /** Records on the page that failed validation and were left out (the rest of the page is used). */
  skipped: number;
}
