/**
 * One rule set: for the same typed drafts, the form (validateDraft), the outbox (sanitize +
 * validateEdit, as createCustomer runs them) and main's write schema (on the body the outbox would
 * send) accept and refuse the same things, field by field.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CustomerWriteSchema } from '@contract/customer';
import { CUSTOMER_FIELDS, MAX_TAGS } from '@contract/fields';
import { IDENTITY_FIELDS, uniqueTags } from '@contract/rules';
import type { EditableFields } from '$lib/data/types';
import { applyChanges, emptyCustomer } from '$lib/data/mapping';
import { sanitize, validateEdit } from '$lib/data/outbox/validate';
import { CONTACT_ERROR, diffDraft, emptyDraft, validateDraft } from '$lib/state/fields';
import type { Draft } from '$lib/state/fields';

const TEXT_MAX = CUSTOMER_FIELDS.find((f) => f.write === 'notes')?.maxLength ?? 0;
const IDENTITY_AT = IDENTITY_FIELDS[0] as string;

const typed = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('', ' ', 'Ann', '  Lee ', 'x@y.com', 'Gate\r\ncode  ') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('x'.repeat(TEXT_MAX), 'x'.repeat(TEXT_MAX + 1), ` ${'x'.repeat(TEXT_MAX)} `),
  },
);
const email = fc.constantFrom(
  '',
  'ada@example.com',
  ' ada@example.com ',
  'a@b..com',
  'ada@example',
  'not-an-email',
  'A@B.CO',
  'a b@c.com',
);
const tag = fc.constantFrom('vip', 'VIP', ' vip ', '', '   ', 'gate  code', 'x'.repeat(200), 'x'.repeat(201));
const tags = fc.oneof(
  { weight: 5, arbitrary: fc.array(tag, { maxLength: 6 }) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: MAX_TAGS - 1, max: MAX_TAGS + 2 })
      // Around the limit, with a repeat: it is the distinct tags that count.
      .map((n) => [...Array.from({ length: n }, (_, i) => `t${i}`), 't0']),
  },
);

/** A draft as a person may leave it: every field typed or not. */
const draft: fc.Arbitrary<Draft> = fc
  .record({
    text: fc.array(typed, { minLength: CUSTOMER_FIELDS.length, maxLength: CUSTOMER_FIELDS.length }),
    email,
    status: fc.constantFrom('', 'active', 'inactive', 'archived'),
    same: fc.boolean(),
    tags,
    // Often nothing to identify the customer by, or the identity rule would hardly ever be met.
    nameless: fc.boolean(),
  })
  .map(({ text, email: e, status, same, tags: t, nameless }) => {
    const d = emptyDraft() as unknown as Record<string, unknown>;
    CUSTOMER_FIELDS.forEach((f, i) => {
      if (typeof d[f.write] === 'string') d[f.write] = text[i];
    });
    if (nameless) for (const f of IDENTITY_FIELDS) if (f !== 'email') d[f] = ' ';
    return {
      ...(d as unknown as Draft),
      email: e,
      status: status as Draft['status'],
      billing_same_as_property: same,
      tags: t,
    };
  });

/** Fields with a problem; the identity message counts for the field the outbox puts it on. */
const refused = (problems: Record<string, string> | null | undefined): string[] =>
  [...new Set(Object.keys(problems ?? {}).map((k) => (k === CONTACT_ERROR ? IDENTITY_AT : k)))].sort();

describe('the form, the outbox and the write schema agree', () => {
  it('on every generated new customer', () => {
    fc.assert(
      fc.property(draft, (d) => {
        const form = refused(validateDraft(d));

        // What createCustomer does with what the form sends.
        const { fields, errors } = sanitize(diffDraft(emptyDraft(), d));
        expect(errors).toEqual({});
        const compact: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(fields)) {
          const value = k === 'tags' ? uniqueTags(v as string[]) : v;
          if (value !== '' && !(Array.isArray(value) && value.length === 0)) compact[k] = value;
        }
        const data = applyChanges(emptyCustomer('local:1'), compact as EditableFields);
        const outbox = refused(validateEdit(data, fields, { create: true }));

        const parsed = CustomerWriteSchema.safeParse(compact);
        const schema = [...new Set((parsed.error?.issues ?? []).map((i) => String(i.path[0])))].sort();

        expect(outbox).toEqual(form);
        // Main sees what the outbox would send: the same verdict, unless the outbox refused it first.
        if (outbox.length === 0) expect(schema).toEqual([]);
        else expect(schema.every((f) => outbox.includes(f)) && schema.length > 0).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('including the cases each used to decide on its own', () => {
    const base = { ...emptyDraft(), first_name: 'Ann' };
    for (const e of ['a@b..com', 'ada@example']) {
      expect(validateDraft({ ...base, email: e }).email).toBeDefined();
      expect(
        validateEdit(
          applyChanges(emptyCustomer('c'), { first_name: 'Ann', email: e }),
          { email: e },
          { create: false },
        ),
      ).toHaveProperty('email');
      expect(CustomerWriteSchema.safeParse({ first_name: 'Ann', email: e }).success).toBe(false);
    }
    // Tags differing in case are two tags everywhere.
    expect(uniqueTags(['vip', 'VIP'])).toEqual(['vip', 'VIP']);
    expect(validateDraft({ ...base, tags: ['vip', 'VIP'] }).tags).toBeUndefined();
  });
});
