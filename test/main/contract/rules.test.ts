import { describe, expect, it } from 'vitest';
import { CustomerWriteSchema } from '@contract/customer';
import { CUSTOMER_FIELDS, MAX_TAGS } from '@contract/fields';
import {
  changeProblems,
  IDENTITY_FIELDS,
  isEmail,
  normalizeTag,
  normalizeText,
  problemsMessage,
  RULE_MESSAGES,
  uniqueTags,
  valueProblem,
} from '@contract/rules';

const TEXT_MAX = CUSTOMER_FIELDS.find((f) => f.write === 'notes')?.maxLength ?? 0;

describe('one field value', () => {
  it.each([
    ['email', 'ada@example.com', null],
    ['email', 'ada@example.co.uk', null],
    ['email', '  ada@example.com ', null],
    ['email', '', null],
    ['email', 'a@b..com', RULE_MESSAGES.email],
    ['email', 'a@.com', RULE_MESSAGES.email],
    ['email', 'a@example.', RULE_MESSAGES.email],
    ['email', 'ada@example', RULE_MESSAGES.email],
    ['email', 'ada example@x.com', RULE_MESSAGES.email],
    ['email', 'not-an-email', RULE_MESSAGES.email],
    ['first_name', 'x'.repeat(TEXT_MAX), null],
    ['first_name', 'x'.repeat(TEXT_MAX + 1), RULE_MESSAGES.tooLong(TEXT_MAX)],
    ['first_name', 5, RULE_MESSAGES.text],
    ['status', 'active', null],
    ['status', 'inactive', null],
    ['status', 'Active', RULE_MESSAGES.status],
    ['status', 'archived', RULE_MESSAGES.status],
    ['billing_same_as_property', true, null],
    ['billing_same_as_property', 'yes', RULE_MESSAGES.choice],
    ['tags', ['vip', 'VIP'], null],
    ['tags', ['x'.repeat(200)], null],
    ['tags', ['x'.repeat(201)], RULE_MESSAGES.tagTooLong(200)],
    ['tags', [''], RULE_MESSAGES.emptyTag],
    ['tags', ['ok', '   '], RULE_MESSAGES.emptyTag],
    ['tags', Array.from({ length: MAX_TAGS }, (_, i) => `t${i}`), null],
    ['tags', Array.from({ length: MAX_TAGS + 1 }, (_, i) => `t${i}`), RULE_MESSAGES.tooManyTags(MAX_TAGS)],
    ['tags', 'vip', RULE_MESSAGES.tagList],
    ['tags', ['ok', 3], RULE_MESSAGES.tagList],
    ['favourite_colour', 'anything', null],
  ])('%s = %j → %s', (field, value, expected) => {
    expect(valueProblem(field, value)).toBe(expected);
  });

  it('the write schema refuses exactly these, with the same messages', () => {
    for (const [field, value, expected] of [
      ['email', 'a@b..com', RULE_MESSAGES.email],
      ['first_name', 'x'.repeat(TEXT_MAX + 1), RULE_MESSAGES.tooLong(TEXT_MAX)],
      ['tags', ['x'.repeat(201)], RULE_MESSAGES.tagTooLong(200)],
      ['tags', [''], RULE_MESSAGES.emptyTag],
    ] as const) {
      const parsed = CustomerWriteSchema.safeParse({ first_name: 'Jo', [field]: value });
      expect(parsed.success, field).toBe(false);
      expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([[field, expected]]);
    }
    expect(CustomerWriteSchema.safeParse({ first_name: 'Jo', email: 'ada@example.com' }).success).toBe(true);
  });
});

describe('normalisers', () => {
  it('a tag: one space inside, trimmed; case kept', () => {
    expect(normalizeTag('  gate   code ')).toBe('gate code');
    expect(normalizeTag('VIP')).toBe('VIP');
  });

  it('tags: normalised, empty ones dropped, the same text once, case telling tags apart (as Rotor merges)', () => {
    expect(uniqueTags([' a', 'a', '', 'b ', 'A', 'gate  code', 'gate code'])).toEqual([
      'a',
      'b',
      'A',
      'gate code',
    ]);
    expect(uniqueTags(null)).toEqual([]);
  });

  it('text: single-line trimmed; multi-line keeps its lines, CRLF made LF, trailing space dropped', () => {
    expect(normalizeText('text', '  Ann ')).toBe('Ann');
    expect(normalizeText('multiline', ' Gate\r\n\r\nDog  ')).toBe(' Gate\n\nDog');
  });

  it('an email is checked as typed, trimmed', () => {
    expect(isEmail(' ada@example.com ')).toBe(true);
    expect(isEmail('a@b..com')).toBe(false);
  });
});

describe('a change as a whole', () => {
  const none = (): unknown => null;

  it('a create needs something to identify the customer', () => {
    expect(changeProblems({ notes: 'only notes' }, none, { create: true })).toEqual({
      [IDENTITY_FIELDS[0] as string]: RULE_MESSAGES.identity,
    });
    const phoneOnly = changeProblems({ phone: '555' }, (f) => (f === 'phone' ? '555' : null), {
      create: true,
    });
    expect(phoneOnly).toEqual({});
  });

  it('an edit that leaves the identifying fields alone is not blocked by a nameless record', () => {
    expect(changeProblems({ notes: 'still nameless' }, none, { create: false })).toEqual({});
    expect(changeProblems({ first_name: '' }, none, { create: false })).toEqual({
      first_name: RULE_MESSAGES.identity,
    });
  });

  it('puts the identity message where the caller asks', () => {
    expect(changeProblems({}, none, { create: true, identityAt: 'contact' })).toEqual({
      contact: RULE_MESSAGES.identity,
    });
  });

  it('counts the tags of the resulting record, not only those sent', () => {
    const full = Array.from({ length: MAX_TAGS + 1 }, (_, i) => `t${i}`);
    const result = (f: string): unknown => (f === 'tags' ? full : f === 'first_name' ? 'Ann' : null);
    expect(changeProblems({ tags: ['t0'] }, result, { create: false })).toEqual({
      tags: RULE_MESSAGES.tooManyTags(MAX_TAGS),
    });
  });

  it('checks only what changed: an odd value already in Rotor does not block an edit', () => {
    const result = (f: string): unknown =>
      f === 'email' ? 'legacy@localhost' : f === 'first_name' ? 'Ann' : null;
    expect(changeProblems({ notes: 'x' }, result, { create: false })).toEqual({});
  });

  it('summarises one problem as itself and several by count', () => {
    expect(problemsMessage({ email: RULE_MESSAGES.email })).toBe(RULE_MESSAGES.email);
    expect(problemsMessage({ email: 'a', status: 'b' })).toBe('Fix 2 fields before saving');
  });
});

describe('the write schema sees a change as main does', () => {
  it('checks identity for a create (no id) and for an edit that sends every identifying field', () => {
    expect(CustomerWriteSchema.safeParse({ notes: 'x' }).success).toBe(false);
    expect(CustomerWriteSchema.safeParse({ id: 'c1', notes: 'x' }).success).toBe(true);
    expect(CustomerWriteSchema.safeParse({ id: 'c1', first_name: '' }).success).toBe(true);
    const cleared = Object.fromEntries(IDENTITY_FIELDS.map((f) => [f, ' ']));
    expect(CustomerWriteSchema.safeParse({ id: 'c1', ...cleared }).success).toBe(false);
  });

  it('stays strict: a field outside the table is refused', () => {
    expect(CustomerWriteSchema.safeParse({ first_name: 'Jo', favourite_colour: 'blue' }).success).toBe(false);
  });
});
