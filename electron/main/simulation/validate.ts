import { WRITE_TEXT_FIELDS } from './customer';
import type { WriteBody } from './customer';

export interface FieldError {
  field: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

// Deliberately loose, as most servers are: something@something.tld, no spaces.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const STATUSES = new Set(['active', 'inactive']);

/**
 * Checks a POST /customers body. Unknown fields are ignored (an assumption: typical of such APIs).
 * `null` is rejected for every field: the docs type them as optional strings, and a client that
 * sends null to "clear" a field relies on behaviour nobody documented. An empty email is accepted
 * as clearing it; a non-empty one must look like an address.
 */
export function validateWriteBody(body: unknown): Validated<WriteBody> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ field: 'body', message: 'Expected a JSON object' }] };
  }
  const input = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  const value: WriteBody = {};

  if ('id' in input) {
    if (typeof input.id === 'string' && input.id.length > 0) value.id = input.id;
    else errors.push({ field: 'id', message: 'Expected a non-empty string' });
  }
  for (const field of WRITE_TEXT_FIELDS) {
    if (!(field in input)) continue;
    const v = input[field];
    if (typeof v !== 'string') errors.push({ field, message: 'Expected a string' });
    else value[field] = v;
  }
  if (value.email !== undefined && value.email !== '' && !EMAIL.test(value.email.trim())) {
    errors.push({ field: 'email', message: 'Invalid email format' });
  }
  if ('status' in input) {
    const v = input.status;
    if (typeof v === 'string' && STATUSES.has(v)) value.status = v as WriteBody['status'];
    else errors.push({ field: 'status', message: "Status must be 'active' or 'inactive'" });
  }
  if ('tags' in input) {
    const v = input.tags;
    if (Array.isArray(v) && v.every((t) => typeof t === 'string')) value.tags = v as string[];
    else errors.push({ field: 'tags', message: 'Expected an array of strings' });
  }
  if ('billing_same_as_property' in input) {
    const v = input.billing_same_as_property;
    if (typeof v === 'boolean') value.billing_same_as_property = v;
    else errors.push({ field: 'billing_same_as_property', message: 'Expected a boolean' });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
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
