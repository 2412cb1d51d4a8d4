import { z } from 'zod';
import { AppFailure } from '@contract/result';
import type { FieldError } from '@contract/result';
import { ApiCustomerSchema, ApiUpsertResponseSchema, normalizeCustomer } from '@contract/customer';
import type { ApiUpsertResponse, CustomerPage, RotorCustomer } from '@contract/customer';
import { invalidShape } from './errors';

/**
 * Validates Rotor's 2xx bodies. Tolerant of unknown fields and documented nulls; strict about shape. A list
 * page's envelope and pagination are used whole or not at all; a record on it that fails validation is left
 * out and counted, so one odd customer cannot stop every refresh at the same page.
 */

export interface AuthInfo {
  companyId: string | null;
  userId: string | null;
  scopes: string[];
}

const idLike = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? null : String(v)));

const AuthTestSchema = z.looseObject({
  authenticated: z.boolean().nullish(),
  company_id: idLike,
  user_id: idLike,
  scopes: z.array(z.string()).nullish(),
});

const PaginationSchema = z.looseObject({
  has_more: z.boolean(),
  limit: z.number().int().min(0),
  page: z.number().int().min(0),
  total: z.number().int().min(0),
});

const PageEnvelopeSchema = z.looseObject({ data: z.array(z.unknown()), pagination: PaginationSchema });
const CustomerEnvelopeSchema = z.looseObject({ data: z.unknown() });

type Issue = z.core.$ZodIssue;

function pathOf(issue: Issue, prefix: string): string {
  return [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
}

function toFields(issues: readonly Issue[], prefix: string): FieldError[] {
  return issues.slice(0, 20).map((i) => ({ field: pathOf(i, prefix), message: i.message }));
}

function shapeFailure(label: string, detail: string, fields?: FieldError[]): AppFailure {
  return new AppFailure(invalidShape(label, detail, fields));
}

function describe(issue: Issue | undefined, prefix: string): string {
  if (!issue) return 'it is not what was expected';
  return `“${pathOf(issue, prefix) || '(body)'}” is invalid (${issue.message})`;
}

export function parseAuthTest(body: unknown): AuthInfo {
  const label = 'the key check';
  const parsed = AuthTestSchema.safeParse(body);
  if (!parsed.success) {
    throw shapeFailure(label, describe(parsed.error.issues[0], ''), toFields(parsed.error.issues, ''));
  }
  if (parsed.data.authenticated === false) {
    throw new AppFailure({
      kind: 'auth',
      retryable: false,
      message: 'Rotor did not accept the API key. Check that it is correct and has not been revoked.',
    });
  }
  return { companyId: parsed.data.company_id, userId: parsed.data.user_id, scopes: parsed.data.scopes ?? [] };
}

function parseCustomer(raw: unknown, prefix: string, label: string, where: string): RotorCustomer {
  const parsed = ApiCustomerSchema.safeParse(raw);
  if (!parsed.success) {
    const fields = toFields(parsed.error.issues, prefix);
    throw shapeFailure(label, `${where}: ${describe(parsed.error.issues[0], prefix)}`, fields);
  }
  return normalizeCustomer(parsed.data);
}

/**
 * `onSkipped` hears once per page how many records were left out and where the first one failed (index,
 * field path and the kind of problem: never a value, which could be customer data).
 */
export function parseCustomerPage(
  body: unknown,
  requestedLimit?: number,
  onSkipped?: (skipped: number, first: string) => void,
): CustomerPage {
  const label = 'the customer list';
  const envelope = PageEnvelopeSchema.safeParse(body);
  if (!envelope.success) {
    const issue = envelope.error.issues[0];
    const detail =
      issue?.path[0] === 'data'
        ? 'the list of customers (“data”) is missing or not a list'
        : issue?.path[0] === 'pagination'
          ? `the page information is missing or invalid (${describe(issue, '')})`
          : describe(issue, '');
    throw shapeFailure(label, detail, toFields(envelope.error.issues, ''));
  }
  // More rows than asked for means the server (or something between) is not answering this query.
  const cap = Math.min(envelope.data.pagination.limit, requestedLimit ?? Infinity);
  if (envelope.data.data.length > cap) {
    throw shapeFailure(
      label,
      `the page holds ${envelope.data.data.length} customers, more than the ${cap} asked for`,
    );
  }
  const customers: RotorCustomer[] = [];
  let skipped = 0;
  let first: string | null = null;
  envelope.data.data.forEach((raw, index) => {
    const parsed = ApiCustomerSchema.safeParse(raw);
    if (parsed.success) {
      customers.push(normalizeCustomer(parsed.data));
      return;
    }
    skipped += 1;
    const issue = parsed.error.issues[0];
    first ??= `index ${index}, field “${issue ? pathOf(issue, `data.${index}`) : `data.${index}`}” (${issue?.code ?? 'invalid'})`;
  });
  if (first !== null) onSkipped?.(skipped, first);
  const { has_more, limit, page, total } = envelope.data.pagination;
  return { customers, pagination: { has_more, limit, page, total }, skipped };
}

export function parseCustomerEnvelope(body: unknown): RotorCustomer {
  const label = 'the customer';
  const envelope = CustomerEnvelopeSchema.safeParse(body);
  if (!envelope.success || envelope.data.data === undefined || envelope.data.data === null) {
    throw shapeFailure(label, 'the customer (“data”) is missing');
  }
  return parseCustomer(envelope.data.data, 'data', label, 'the customer');
}

/**
 * `sentId`: the id an update was sent with. Rotor's answer to an update that leaves out `id` still names
 * that customer; only a create's answer needs its own id (without it the new customer can't be found).
 */
export function parseUpsert(body: unknown, sentId?: string): ApiUpsertResponse {
  const label = 'the saved customer';
  const withId =
    sentId !== undefined &&
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    ((body as Record<string, unknown>)['id'] ?? null) === null
      ? { ...body, id: sentId }
      : body;
  const parsed = ApiUpsertResponseSchema.safeParse(withId);
  if (!parsed.success) {
    throw shapeFailure(
      label,
      `${describe(parsed.error.issues[0], '')} — the change may still have been saved`,
      toFields(parsed.error.issues, ''),
    );
  }
  return parsed.data;
}
