import { z } from 'zod';

/**
 * Rotor's two customer shapes (see shared/rotor-api/README.md). Schemas are tolerant: unknown fields
 * pass (looseObject), documented nulls are accepted, but a wrong type fails the whole record so a
 * half-parsed customer never reaches the cache.
 */
const text = z.string().nullish();

export const CUSTOMER_STATUSES = ['active', 'inactive'] as const;
export const CustomerStatusSchema = z.enum(CUSTOMER_STATUSES);
export type CustomerStatus = z.infer<typeof CustomerStatusSchema>;

export const ApiAddressSchema = z.looseObject({
  street1: text,
  street2: text,
  city: text,
  state: text,
  zip: text,
  country: text,
});

/** Read shape, as list and get return it. */
export const ApiCustomerSchema = z.looseObject({
  id: z.string().min(1),
  address: ApiAddressSchema.nullish(),
  company_name: text,
  created_at: text,
  email: text,
  first_name: text,
  last_name: text,
  is_auto_pay: z.boolean().nullish(),
  has_payment_method: z.boolean().nullish(),
  location: z.array(z.number()).nullish(),
  notes: text,
  phone: text,
  source: text,
  status: CustomerStatusSchema.nullish(),
  tags: z.array(z.string()).nullish(),
});
export type ApiCustomer = z.infer<typeof ApiCustomerSchema>;

export interface Address {
  street1: string | null;
  street2: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  country: string | null;
}

/** The read shape normalised by main: nulls explicit, tags an array, auto-pay under one name. */
export interface RotorCustomer {
  id: string;
  address: Address | null;
  company_name: string | null;
  created_at: string | null;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  /** `is_auto_pay`, or `has_payment_method` as newer docs name it; null when Rotor sent neither. */
  is_auto_pay: boolean | null;
  location: number[] | null;
  notes: string | null;
  phone: string | null;
  source: string | null;
  status: CustomerStatus | null;
  tags: string[];
}

export function normalizeCustomer(c: ApiCustomer): RotorCustomer {
  const a = c.address;
  return {
    id: c.id,
    address: a
      ? {
          street1: a.street1 ?? null,
          street2: a.street2 ?? null,
          city: a.city ?? null,
          state: a.state ?? null,
          zip: a.zip ?? null,
          country: a.country ?? null,
        }
      : null,
    company_name: c.company_name ?? null,
    created_at: c.created_at ?? null,
    email: c.email ?? null,
    first_name: c.first_name ?? null,
    last_name: c.last_name ?? null,
    is_auto_pay: c.is_auto_pay ?? c.has_payment_method ?? null,
    location: c.location ?? null,
    notes: c.notes ?? null,
    phone: c.phone ?? null,
    source: c.source ?? null,
    status: c.status ?? null,
    tags: c.tags ?? [],
  };
}

export const WRITE_TEXT_FIELDS = [
  'first_name',
  'last_name',
  'company_name',
  'email',
  'phone',
  'notes',
  'source',
  'service_type',
  'service_frequency',
  'property_street1',
  'property_street2',
  'property_city',
  'property_state',
  'property_zip',
  'property_country',
  'billing_street1',
  'billing_street2',
  'billing_city',
  'billing_state',
  'billing_zip',
  'billing_country',
] as const;
export type WriteTextField = (typeof WRITE_TEXT_FIELDS)[number];

const writeText = z.string().max(10_000);

/** Flat write shape (POST /customers body). Only the fields the user changed are ever sent. */
export const CustomerWriteSchema = z.strictObject({
  id: z.string().min(1).max(200).optional(),
  first_name: writeText.optional(),
  last_name: writeText.optional(),
  company_name: writeText.optional(),
  email: writeText.optional(),
  phone: writeText.optional(),
  notes: writeText.optional(),
  source: writeText.optional(),
  service_type: writeText.optional(),
  service_frequency: writeText.optional(),
  property_street1: writeText.optional(),
  property_street2: writeText.optional(),
  property_city: writeText.optional(),
  property_state: writeText.optional(),
  property_zip: writeText.optional(),
  property_country: writeText.optional(),
  billing_street1: writeText.optional(),
  billing_street2: writeText.optional(),
  billing_city: writeText.optional(),
  billing_state: writeText.optional(),
  billing_zip: writeText.optional(),
  billing_country: writeText.optional(),
  billing_same_as_property: z.boolean().optional(),
  status: CustomerStatusSchema.optional(),
  tags: z.array(z.string().min(1).max(200)).max(200).optional(),
});
export type CustomerWrite = z.infer<typeof CustomerWriteSchema>;

/** The upsert's answer: the flat customer plus `message`, not wrapped in `data`. Billing may be null. */
export const ApiUpsertResponseSchema = z.looseObject({
  id: z.string().min(1),
  created_at: text,
  message: text,
  first_name: text,
  last_name: text,
  company_name: text,
  email: text,
  phone: text,
  notes: text,
  source: text,
  service_type: text,
  service_frequency: text,
  property_street1: text,
  property_street2: text,
  property_city: text,
  property_state: text,
  property_zip: text,
  property_country: text,
  billing_street1: text,
  billing_street2: text,
  billing_city: text,
  billing_state: text,
  billing_zip: text,
  billing_country: text,
  billing_same_as_property: z.boolean().nullish(),
  status: CustomerStatusSchema.nullish(),
  tags: z.array(z.string()).nullish(),
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
