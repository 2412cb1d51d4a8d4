/**
 * The simulation's idea of a Rotor customer: every field Rotor stores, including the ones its list/get
 * never return (billing, service type and frequency) and the archived flag. The fields come from the
 * contract's table (electron/contract/fields.ts); what Rotor does with them (validation, matching,
 * merging, the shapes it answers) is the simulation's own, and its tests pin the documented field names
 * literally, so a mistake in the table still shows there.
 */
import { CREATED_STATUS, CUSTOMER_FIELDS, TEXT_WRITE_FIELDS } from '@contract/fields';
import type { CustomerFieldSpec, CustomerStatus, FieldKind, TextWriteField } from '@contract/fields';

export type ServerStatus = CustomerStatus;

/** Free-text fields of the flat write shape. */
export const WRITE_TEXT_FIELDS = TEXT_WRITE_FIELDS;
export type WriteTextField = TextWriteField;

type Stored<K extends FieldKind> = K extends 'status'
  ? ServerStatus
  : K extends 'boolean'
    ? boolean | null
    : K extends 'tags'
      ? // Null for some records: the docs show tags as optional, and old records may never have had any.
        string[] | null
      : string | null;

export type ServerCustomer = { [S in CustomerFieldSpec as S['write']]: Stored<S['kind']> } & {
  id: string;
  created_at: string;
  is_auto_pay: boolean;
  location: number[] | null;
  archived: boolean;
};

/** The body POST /customers accepts, after validation. Absent fields are left untouched. */
export type WriteBody = { [S in CustomerFieldSpec as S['write']]?: NonNullable<Stored<S['kind']>> } & {
  id?: string;
};

const blankOf = (kind: FieldKind): unknown => (kind === 'status' ? CREATED_STATUS : null);

/**
 * What a new customer starts as. Built once with Object.fromEntries so it has a fixed shape: a spread of
 * it (or of a record made from it) is as fast as a literal, which matters at 200,000 records.
 */
const BLANK: Readonly<ServerCustomer> = Object.fromEntries([
  ['id', ''],
  ['created_at', ''],
  ...CUSTOMER_FIELDS.map((f) => [f.write, blankOf(f.kind)] as const),
  ['is_auto_pay', false],
  ['location', null],
  ['archived', false],
]) as unknown as ServerCustomer;

export function blankCustomer(id: string, createdAt: string): ServerCustomer {
  return { ...BLANK, id, created_at: createdAt, tags: [] };
}

export { emailKey, phoneKey } from '@contract/match-keys';

export function cloneCustomer(c: ServerCustomer): ServerCustomer {
  return { ...c, tags: c.tags ? [...c.tags] : null, location: c.location ? [...c.location] : null };
}
