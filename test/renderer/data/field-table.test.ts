/**
 * The field table drives the data layer: for customers generated from CUSTOMER_FIELDS by kind, the
 * read shape survives read → local → write → local, and what is written comes back from the upsert's
 * answer for every writable field.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApiUpsertResponse, RotorCustomer } from '@contract/customer';
import { CUSTOMER_FIELDS, CUSTOMER_STATUSES, FIELD_GROUPS, READ_ONLY_FIELDS } from '@contract/fields';
import type { CustomerFieldSpec, FieldKind } from '@contract/fields';
import { uniqueTags } from '@contract/rules';
import type { EditableField, EditableFields } from '$lib/data/types';
import {
  applyChanges,
  emptyCustomer,
  fieldValue,
  fromRead,
  fromUpsert,
  sameValue,
  toWriteFields,
  WRITE_ONLY_FIELDS,
} from '$lib/data/mapping';
import { FIELD_LABELS, FIELD_ORDER } from '$lib/state/fields';

const tag = fc.constantFrom('vip', 'VIP', ' spring ', 'gate  code', '', 'lawn');
const text = fc.oneof(fc.constant(''), fc.string({ maxLength: 12 }), fc.constantFrom('  Ann ', 'a\nb'));

/** A value of each kind as the write shape carries it. */
const writeValue = (kind: FieldKind): fc.Arbitrary<unknown> =>
  kind === 'status'
    ? fc.constantFrom(...CUSTOMER_STATUSES)
    : kind === 'boolean'
      ? fc.boolean()
      : kind === 'tags'
        ? fc.array(tag, { maxLength: 5 })
        : text;

const readable = CUSTOMER_FIELDS.filter(
  (f): f is Extract<CustomerFieldSpec, { read: string }> => f.read !== null,
);

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const [top = path, part] = path.split('.');
  if (part === undefined) target[top] = value;
  else if (target[top] !== null) (target[top] as Record<string, unknown>)[part] = value;
}

/** A read-shape customer (as main normalises it) built from the table's readable fields. */
const readCustomer: fc.Arbitrary<RotorCustomer> = fc
  .record({
    id: fc.uuid(),
    hasAddress: fc.boolean(),
    values: fc.tuple(
      ...readable.map((f) =>
        f.kind === 'tags' ? writeValue(f.kind) : fc.option(writeValue(f.kind), { nil: null }),
      ),
    ),
    created_at: fc.option(fc.constant('2025-01-01T00:00:00.000Z'), { nil: null }),
    is_auto_pay: fc.option(fc.boolean(), { nil: null }),
    location: fc.option(fc.array(fc.double({ noNaN: true }), { maxLength: 2 }), { nil: null }),
  })
  .map(({ id, hasAddress, values, ...readOnly }) => {
    const c: Record<string, unknown> = { id, ...readOnly };
    const boxes = new Set(
      readable.flatMap((f) => (f.read.includes('.') ? [f.read.split('.')[0] ?? ''] : [])),
    );
    for (const box of boxes) c[box] = hasAddress ? {} : null;
    readable.forEach((f, i) => setPath(c, f.read, values[i]));
    // An address Rotor sent has every part, null when unset.
    for (const box of boxes)
      if (c[box])
        for (const f of readable)
          if (f.read.startsWith(`${box}.`)) {
            const part = f.read.slice(box.length + 1);
            (c[box] as Record<string, unknown>)[part] ??= null;
          }
    return c as unknown as RotorCustomer;
  });

/** A change in the write shape: any subset of the writable fields. */
const writeChange: fc.Arbitrary<EditableFields> = fc.record(
  Object.fromEntries(CUSTOMER_FIELDS.map((f) => [f.write, writeValue(f.kind)])) as Record<
    string,
    fc.Arbitrary<unknown>
  >,
  { requiredKeys: [] },
) as fc.Arbitrary<EditableFields>;

const valueAt = (c: RotorCustomer, path: string): unknown => {
  const [top = path, part] = path.split('.');
  const v = (c as unknown as Record<string, unknown>)[top];
  return part === undefined ? v : ((v as Record<string, unknown> | null)?.[part] ?? null);
};

describe('the field table drives the read ↔ write mapping', () => {
  it('read → local keeps every readable field at its read path and no write-only one', () => {
    fc.assert(
      fc.property(readCustomer, (r) => {
        const local = fromRead(r, null);
        for (const f of readable) {
          const want = f.kind === 'tags' ? uniqueTags(r.tags) : valueAt(r, f.read);
          expect(fieldValue(local, f.write), f.write).toEqual(want);
        }
        for (const f of WRITE_ONLY_FIELDS) expect(fieldValue(local, f), f).toBeNull();
        for (const f of READ_ONLY_FIELDS) expect(local[f]).toEqual(r[f]);
      }),
    );
  });

  it('read → local → write fields → applied to an empty customer gives back the same readable data', () => {
    fc.assert(
      fc.property(readCustomer, (r) => {
        const local = fromRead(r, null);
        const back = applyChanges(emptyCustomer(r.id), toWriteFields(local));
        for (const f of readable) {
          const [was, now] = [fieldValue(local, f.write), fieldValue(back, f.write)];
          expect(sameValue(f.write, was, now), `${f.write}: ${JSON.stringify([was, now])}`).toBe(true);
        }
        expect(back.tags).toEqual(local.tags);
      }),
    );
  });

  it('write → upsert answer → local gives back what was written, for every writable field', () => {
    fc.assert(
      fc.property(writeChange, fc.boolean(), (sent, echoed) => {
        // Rotor's answer names every field (null when unset); or, as some answers do, leaves them out.
        const answer: Record<string, unknown> = {
          id: 'srv-1',
          created_at: '2025-02-02T00:00:00Z',
          message: 'ok',
        };
        const merged = applyChanges(emptyCustomer('srv-1'), sent);
        if (echoed) for (const f of CUSTOMER_FIELDS) answer[f.write] = fieldValue(merged, f.write);
        const local = fromUpsert(answer as ApiUpsertResponse, null, sent);
        for (const [field, value] of Object.entries(sent) as [EditableField, unknown][]) {
          const got = fieldValue(local, field);
          if (field === 'tags') expect(got).toEqual(uniqueTags(value as string[]));
          else expect(got, field).toEqual(value);
        }
        expect(local.created_at).toBe('2025-02-02T00:00:00Z');
      }),
    );
  });
});

describe('the form shows every writable field', () => {
  it('each has its label and a known group, and comes once in the form order, group by group', () => {
    for (const f of CUSTOMER_FIELDS) {
      expect(FIELD_LABELS[f.write], f.write).toBe(f.label);
      expect(FIELD_GROUPS, f.write).toContain(f.group);
    }
    expect([...FIELD_ORDER].sort()).toEqual(CUSTOMER_FIELDS.map((f) => f.write).sort());
    const groupOf = new Map(CUSTOMER_FIELDS.map((f) => [f.write as string, f.group]));
    const groups = FIELD_ORDER.map((f) => FIELD_GROUPS.indexOf(groupOf.get(f) ?? 'notes'));
    expect(groups).toEqual([...groups].sort((a, b) => a - b));
  });
});
