import { WRITE_TEXT_FIELDS } from './customer';
import type { ServerCustomer } from './customer';
import type { FieldError } from './validate';

/** Newer Rotor docs call `is_auto_pay` `has_payment_method`; the server can speak either. */
export type AutoPayField = 'is_auto_pay' | 'has_payment_method';

/**
 * Read shape (list and get). `address` is null when no property field was ever set; otherwise its
 * missing parts are null and `street2` is left out when empty, as the docs mark it optional.
 * Billing, service type/frequency and the archived flag are never returned here.
 */
export function readShape(
  c: ServerCustomer,
  autoPayField: AutoPayField = 'is_auto_pay',
): Record<string, unknown> {
  const hasAddress =
    c.property_street1 !== null ||
    c.property_street2 !== null ||
    c.property_city !== null ||
    c.property_state !== null ||
    c.property_zip !== null ||
    c.property_country !== null;
  const address: Record<string, string | null> | null = hasAddress
    ? {
        city: c.property_city,
        country: c.property_country,
        state: c.property_state,
        street1: c.property_street1,
        zip: c.property_zip,
      }
    : null;
  if (address && c.property_street2 !== null) address.street2 = c.property_street2;
  return {
    id: c.id,
    address,
    company_name: c.company_name,
    created_at: c.created_at,
    email: c.email,
    first_name: c.first_name,
    [autoPayField]: c.is_auto_pay,
    last_name: c.last_name,
    location: c.location ? [...c.location] : null,
    notes: c.notes,
    phone: c.phone,
    source: c.source,
    status: c.status,
    tags: c.tags ? [...c.tags] : null,
  };
}

/** Write shape, as the upsert answers it: flat, every field present (null when unset), plus `message`. */
export function writeShape(c: ServerCustomer, message: string): Record<string, unknown> {
  const out: Record<string, unknown> = { id: c.id };
  for (const field of WRITE_TEXT_FIELDS) out[field] = c[field];
  out.billing_same_as_property = c.billing_same_as_property;
  out.created_at = c.created_at;
  out.message = message;
  out.status = c.status;
  out.tags = c.tags ? [...c.tags] : null;
  return out;
}

/** Error bodies exactly as Rotor documents them. */
export const errors = {
  validation: (fieldErrors: FieldError[]) => ({
    status: 'error',
    message: 'Validation failed',
    errors: fieldErrors,
  }),
  unauthenticated: () => ({
    status: 'error',
    message: 'Authentication required. Provide x-api-key header.',
    error_code: 'AUTHENTICATION_REQUIRED',
  }),
  forbidden: (scope: string) => ({
    status: 'error',
    message: `Forbidden: required scope '${scope}' not granted for this API key`,
    error_code: 'INSUFFICIENT_SCOPE',
  }),
  notFound: () => ({ status: 'error', message: 'Not found' }),
  quota: (limit: number) => ({
    status: 'error',
    message: `Daily API key request limit of ${limit} exceeded`,
    error_code: 'RATE_LIMIT_EXCEEDED',
  }),
  internal: () => ({ status: 'error', message: 'Internal server error' }),
};

export const PROXY_502_HTML =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n' +
  '<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
