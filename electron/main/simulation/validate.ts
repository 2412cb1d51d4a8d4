import { CUSTOMER_FIELDS, CUSTOMER_STATUSES, isTextKind } from '@contract/fields';
import type { FieldKind } from '@contract/fields';
import type { WriteBody } from './customer';

export interface FieldError {
  field: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

// Rotor's own rule, as guessed: deliberately loose, as most servers are (something@something.tld, no
// spaces). The app's rule (contract/rules.ts) is stricter, so the app never sends what this refuses.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const STATUSES: ReadonlySet<unknown> = new Set(CUSTOMER_STATUSES);

/** Each kind's type check and Rotor's message when it fails. */
function typeError(kind: FieldKind, v: unknown): string | null {
  if (isTextKind(kind)) return typeof v === 'string' ? null : 'Expected a string';
  if (kind === 'status') return STATUSES.has(v) ? null : "Status must be 'active' or 'inactive'";
  if (kind === 'boolean') return typeof v === 'boolean' ? null : 'Expected a boolean';
  return Array.isArray(v) && v.every((t) => typeof t === 'string') ? null : 'Expected an array of strings';
}

/**
 * Checks a POST /customers body. Unknown fields are ignored (an assumption: typical of such APIs).
 * `null` is rejected for every field: the docs type them as optional strings, and a client that
 * sends null to "clear" a field relies on behaviour nobody documented. An empty email is accepted
 * as clearing it; a non-empty one must look like an address. No lengths: Rotor documents none.
 */
export function validateWriteBody(body: unknown): Validated<WriteBody> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ field: 'body', message: 'Expected a JSON object' }] };
  }
  const input = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  const value: Record<string, unknown> = {};

  if ('id' in input) {
    if (typeof input.id === 'string' && input.id.length > 0) value.id = input.id;
    else errors.push({ field: 'id', message: 'Expected a non-empty string' });
  }
  for (const { write: field, kind } of CUSTOMER_FIELDS) {
    if (!(field in input)) continue;
    const v = input[field];
    const message = typeError(kind, v);
    if (message) errors.push({ field, message });
    else if (kind === 'email' && v !== '' && !EMAIL.test((v as string).trim()))
      errors.push({ field, message: 'Invalid email format' });
    else value[field] = v;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: value as WriteBody };
}

export interface ListQuery {
  page: number;
  limit: number;
  search: string;
  status: 'active' | 'inactive' | null;
  tags: string[];
  archived: boolean;
}

/** Rotor states no default page size; the docs' example uses 50, so that is assumed. */
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;

function intParam(raw: string | null, fallback: number): number | null {
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw.trim())) return null;
  return Number(raw.trim());
}

export function validateListQuery(params: URLSearchParams): Validated<ListQuery> {
  const errors: FieldError[] = [];
  const page = intParam(params.get('page'), 1);
  if (page === null || page < 1) errors.push({ field: 'page', message: 'page must be an integer >= 1' });
  const limit = intParam(params.get('limit'), DEFAULT_LIMIT);
  if (limit === null || limit < 1 || limit > MAX_LIMIT) {
    errors.push({ field: 'limit', message: `limit must be an integer between 1 and ${MAX_LIMIT}` });
  }
  const rawStatus = params.get('status');
  if (rawStatus !== null && !STATUSES.has(rawStatus)) {
    errors.push({ field: 'status', message: "status must be 'active' or 'inactive'" });
  }
  const rawArchived = params.get('archived');
  let archived = false;
  if (rawArchived !== null) {
    if (rawArchived === 'true' || rawArchived === '1') archived = true;
    else if (rawArchived !== 'false' && rawArchived !== '0') {
      errors.push({ field: 'archived', message: 'archived must be true or false' });
    }
  }
  if (errors.length > 0 || page === null || limit === null) return { ok: false, errors };
  return {
    ok: true,
    value: {
      page,
      limit,
      search: (params.get('search') ?? '').trim(),
      status: rawStatus as ListQuery['status'],
      tags: (params.get('tags') ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t.length > 0),
      archived,
    },
  };
}
