import { CUSTOMER_FIELDS } from '@contract/fields';
import type { ServerCustomer } from './customer';
import type { FieldError } from './validate';

/** Newer Rotor docs call `is_auto_pay` `has_payment_method`; the server can speak either. */
export type AutoPayField = 'is_auto_pay' | 'has_payment_method';

type Stored = Record<string, unknown>;
const copy = (v: unknown): unknown => (Array.isArray(v) ? [...(v as unknown[])] : v);

/** The fields the read shape nests under `address` (by their part name) and those it carries flat. */
const ADDRESS = CUSTOMER_FIELDS.flatMap((f) =>
  f.read?.startsWith('address.') ? [{ write: f.write, part: f.read.slice('address.'.length) }] : [],
);
const TOP_READ = CUSTOMER_FIELDS.flatMap((f) => (f.read && !f.read.includes('.') ? [f] : []));
/** Address parts the docs mark optional (`street2?`): left out when empty, as such servers do. */
const OPTIONAL_PARTS: ReadonlySet<string> = new Set(['street2']);

/**
 * Read shape (list and get). `address` is null when no property field was ever set; otherwise its
 * missing parts are null and `street2` is left out when empty, as the docs mark it optional.
 * Billing, service type/frequency and the archived flag are never returned here.
 */
export function readShape(
  c: ServerCustomer,
  autoPayField: AutoPayField = 'is_auto_pay',
): Record<string, unknown> {
  const stored = c as unknown as Stored;
  let address: Record<string, unknown> | null = null;
  if (ADDRESS.some((a) => stored[a.write] !== null)) {
    address = {};
    for (const a of ADDRESS) {
      const v = stored[a.write];
      if (v !== null || !OPTIONAL_PARTS.has(a.part)) address[a.part] = v;
    }
  }
  const out: Record<string, unknown> = { id: c.id, address, created_at: c.created_at };
  for (const f of TOP_READ) out[f.read] = copy(stored[f.write]);
  out[autoPayField] = c.is_auto_pay;
  out.location = copy(c.location);
  return out;
}

/** Write shape, as the upsert answers it: flat, every field present (null when unset), plus `message`. */
export function writeShape(c: ServerCustomer, message: string): Record<string, unknown> {
  const stored = c as unknown as Stored;
  const out: Record<string, unknown> = { id: c.id };
  for (const f of CUSTOMER_FIELDS) out[f.write] = copy(stored[f.write]);
  out.created_at = c.created_at;
  out.message = message;
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
