/**
 * Rotor Desk's one set of rules for a customer's values, with the messages the person filling the form
 * reads. The form (src/lib/state/fields.ts), the outbox (src/lib/data/outbox/validate.ts) and main's
 * write schema (customer.ts) all call these functions, so none accepts what another refuses. Plain
 * TypeScript, so the renderer uses it without loading zod.
 *
 * Rules check a value as given; the normalisers here (`normalizeText`, `normalizeTag`, `uniqueTags`)
 * are what the form and the outbox apply first. Main only checks: what reaches it is already normalised.
 */
import { CUSTOMER_FIELDS, CUSTOMER_STATUSES, FIELD_BY_WRITE, MAX_TAGS } from './fields';
import type { FieldKind, FieldSpec, IdentityField } from './fields';

/**
 * name@domain.tld: no spaces, one @, and a domain of dot-separated non-empty labels, so `a@b..com` and
 * `a@example` are refused. Rotor documents an "Invalid email format" answer but not its rule; this is
 * stricter than the simulation's guess at Rotor, so Rotor never refuses what the app let through.
 */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

const count = (n: number): string => n.toLocaleString('en-US');

export const RULE_MESSAGES = {
  text: 'Enter text',
  choice: 'Choose yes or no',
  email: 'Enter an email address like name@example.com',
  status: 'Choose Active or Inactive',
  tagList: 'Tags must be a list of words',
  emptyTag: 'A tag cannot be empty',
  identity: 'Enter at least a first or last name, a company, a phone number or an email address',
  tooLong: (max: number) => `Keep this under ${count(max)} characters`,
  tagTooLong: (max: number) => `A tag can be at most ${count(max)} characters`,
  tooManyTags: (max: number) => `A customer can have at most ${count(max)} tags`,
  /** Why a tag already on Rotor is shown locked: the API merges tags and has no way to remove one. */
  tagOnRotor: 'Rotor’s API adds tags but cannot remove them, so tags already on Rotor stay.',
} as const;

export type Problems = Record<string, string>;

/** Fields that identify a customer; a record needs at least one of them filled in. */
export const IDENTITY_FIELDS = (CUSTOMER_FIELDS as readonly FieldSpec[])
  .filter((f) => f.identity)
  .map((f) => f.write) as readonly IdentityField[];

/**
 * A tag as a person means it: inner runs of whitespace are one space, the ends trimmed. Tags are
 * otherwise compared exactly, case included: Rotor's docs say nothing of case, and Rotor (as the
 * simulation models its merge) keeps `VIP` and `vip` as two tags, so treating them as one here would
 * hide a tag Rotor has.
 */
const SPACE_RUN = /\s\s|[^\S ]/;
export function normalizeTag(raw: string): string {
  const t = raw.trim();
  // Most tags are already clean; testing first keeps a 50,000-customer refresh from rewriting each one.
  return SPACE_RUN.test(t) ? t.replace(/\s+/g, ' ') : t;
}

/** Normalised, non-empty, first occurrence kept, order kept. */
export function uniqueTags(tags: readonly string[] | null | undefined): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags ?? []) {
    const t = normalizeTag(raw);
    if (t && !seen.has(t)) {
      seen.add(t);
      out.push(t);
    }
  }
  return out;
}

/** What a typed text value means: multi-line text keeps its inner whitespace and line breaks. */
export function normalizeText(kind: FieldKind, value: string): string {
  return kind === 'multiline' ? value.replace(/\r\n?/g, '\n').replace(/\s+$/, '') : value.trim();
}

export function isEmail(value: string): boolean {
  return EMAIL_PATTERN.test(value.trim());
}

function textProblem(spec: FieldSpec, value: unknown): string | null {
  if (typeof value !== 'string') return RULE_MESSAGES.text;
  const max = spec.maxLength;
  if (max !== undefined && value.length > max) return RULE_MESSAGES.tooLong(max);
  if (spec.kind === 'email' && value.trim() !== '' && !isEmail(value)) return RULE_MESSAGES.email;
  return null;
}

/** A tag list as given: strings, none empty once normalised, none too long, not too many. */
export function tagsProblem(
  value: unknown,
  maxLength = FIELD_BY_WRITE.get('tags')?.maxLength,
): string | null {
  if (!Array.isArray(value) || !value.every((t) => typeof t === 'string')) return RULE_MESSAGES.tagList;
  const tags = value as string[];
  if (tags.length > MAX_TAGS) return RULE_MESSAGES.tooManyTags(MAX_TAGS);
  if (tags.some((t) => normalizeTag(t) === '')) return RULE_MESSAGES.emptyTag;
  if (maxLength !== undefined && tags.some((t) => t.length > maxLength))
    return RULE_MESSAGES.tagTooLong(maxLength);
  return null;
}

/** What is wrong with one field's value (write shape), or null; a field outside the table has no rules. */
export function valueProblem(field: string, value: unknown): string | null {
  const spec = FIELD_BY_WRITE.get(field);
  if (!spec) return null;
  switch (spec.kind) {
    case 'status':
      return typeof value === 'string' && (CUSTOMER_STATUSES as readonly string[]).includes(value)
        ? null
        : RULE_MESSAGES.status;
    case 'boolean':
      return typeof value === 'boolean' ? null : RULE_MESSAGES.choice;
    case 'tags':
      return tagsProblem(value, spec.maxLength);
    default:
      return textProblem(spec, value);
  }
}

const blank = (v: unknown): boolean => typeof v !== 'string' || v.trim() === '';

/** Whether a record (read through `value`) has nothing to identify it. */
export function lacksIdentity(value: (field: IdentityField) => unknown): boolean {
  return IDENTITY_FIELDS.every((f) => blank(value(f)));
}

/**
 * The identity rule looks at the whole resulting record for a create, or when the change touches an
 * identifying field: a customer Rotor already holds without one can still get a note.
 */
export function identityApplies(create: boolean, changes: Readonly<Record<string, unknown>>): boolean {
  return create || IDENTITY_FIELDS.some((f) => changes[f] !== undefined);
}

export interface ChangeRules {
  /** A create (the whole record is new) rather than an edit of a customer Rotor holds. */
  create: boolean;
  /** Where the identity message goes (a form puts it above the contact fields). */
  identityAt?: string;
}

/**
 * Every rule for one change. Each changed field's own rules (an edit is not blocked by an odd value
 * already in Rotor); the tag count of the resulting record; the identity rule when it applies.
 * `result` reads a field of the record as it will be once the change is applied.
 */
export function changeProblems(
  changes: Readonly<Record<string, unknown>>,
  result: (field: string) => unknown,
  rules: ChangeRules,
): Problems {
  const problems: Problems = {};
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    const problem = valueProblem(field, value);
    if (problem) problems[field] = problem;
  }
  const tags = result('tags');
  if (changes.tags !== undefined && !problems.tags && Array.isArray(tags) && tags.length > MAX_TAGS)
    problems.tags = RULE_MESSAGES.tooManyTags(MAX_TAGS);
  if (identityApplies(rules.create, changes) && lacksIdentity(result))
    problems[rules.identityAt ?? IDENTITY_FIELDS[0] ?? 'identity'] = RULE_MESSAGES.identity;
  return problems;
}

/** One sentence for a set of problems: the problem itself when there is one. */
export function problemsMessage(problems: Problems): string {
  const messages = Object.values(problems);
  return messages.length === 1 && messages[0] ? messages[0] : `Fix ${messages.length} fields before saving`;
}
