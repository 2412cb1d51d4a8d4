/**
 * How the detail lays out the field table as cards: a group's fields as label/value rows, an address
 * group as an address, a list or long text in a card of its own, and the record facts last.
 */
import { CUSTOMER_FIELDS, FIELD_GROUPS, localPath } from '@contract/fields';
import type { CustomerFieldSpec, FieldGroup, WriteField } from '@contract/fields';
import type { Address } from '@contract/customer';
import type { LocalCustomer } from '$lib/data/types';
import { addressLines, mailtoHref, mapsUrl, telHref } from '$lib/format/customer';
import { STATUS_LABELS } from './form-layout';

export const UNKNOWN = 'Not returned by Rotor’s API';

/** Card titles; the form's legends differ ("Billing address", "Status and tags"). */
export const DETAIL_GROUP_TITLES: Record<FieldGroup, string> = {
  contact: 'Contact',
  property: 'Property address',
  billing: 'Billing',
  service: 'Service',
  account: 'Record',
  notes: 'Notes',
};

/** The heading is the name, so the name fields are not repeated below it. */
const IN_HEADING = new Set<WriteField>(['first_name', 'last_name']);
/** Beside the name in the heading too; its row is there only when it says something. */
const ROW_ONLY_WHEN_SET = new Set<WriteField>(['company_name']);
/** Groups that read as one postal address rather than as separate lines: what an empty one says. */
const ADDRESS_GROUPS = new Map<FieldGroup, { empty: string; maps: boolean }>([
  ['property', { empty: 'No address', maps: true }],
  ['billing', { empty: 'No billing address', maps: false }],
]);
/** The group whose card also holds the read-only record facts; it closes the detail. */
const RECORD_GROUP: FieldGroup = 'account';

export type DetailCard =
  | { show: 'rows'; id: string; title: string; wide: boolean; record: boolean; fields: CustomerFieldSpec[] }
  | {
      show: 'address';
      id: string;
      title: string;
      wide: false;
      fields: CustomerFieldSpec[];
      empty: string;
      /** Offer a map link (the property is where the work is done). */
      maps: boolean;
    }
  | { show: 'tags' | 'text'; id: string; title: string; wide: boolean; spec: CustomerFieldSpec };

function buildCards(): DetailCard[] {
  const cards: DetailCard[] = [];
  let record: DetailCard | null = null;
  for (const group of FIELD_GROUPS) {
    const fields = CUSTOMER_FIELDS.filter((f) => f.group === group && !IN_HEADING.has(f.write));
    const rows: CustomerFieldSpec[] = [];
    for (const spec of fields) {
      if (spec.kind === 'tags') {
        cards.push({ show: 'tags', id: `sec-${spec.write}`, title: spec.label, wide: false, spec });
      } else if (spec.kind === 'multiline') {
        cards.push({ show: 'text', id: `sec-${spec.write}`, title: spec.label, wide: true, spec });
      } else rows.push(spec);
    }
    if (rows.length === 0) continue;
    const title = DETAIL_GROUP_TITLES[group];
    const address = ADDRESS_GROUPS.get(group);
    if (address) {
      cards.push({ show: 'address', id: `sec-${group}`, title, wide: false, fields: rows, ...address });
    } else if (group === RECORD_GROUP) {
      record = { show: 'rows', id: 'sec-record', title, wide: true, record: true, fields: rows };
    } else {
      cards.push({ show: 'rows', id: `sec-${group}`, title, wide: false, record: false, fields: rows });
    }
  }
  if (record) cards.push(record);
  return cards;
}

export const DETAIL_CARDS: readonly DetailCard[] = buildCards();

/** What the local record holds at a dotted path (`address.city`); null when any step is missing. */
function valueAt(c: LocalCustomer, path: string): unknown {
  let value: unknown = c;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string, unknown>)[key];
  }
  return value ?? null;
}

/** A field's value where the local record keeps it (`address.city`, `billing.zip`, `notes`). */
export function localValue(c: LocalCustomer, spec: CustomerFieldSpec): unknown {
  return valueAt(c, localPath(spec));
}

export type RowValue = { text: string; href: string | null; muted: boolean };

const NONE: RowValue = { text: 'None', href: null, muted: true };

/**
 * One row's value: a phone or email as a link, a status by its name, and a field Rotor's read API
 * never returned as unknown rather than as empty. Null when the row is left out.
 */
export function rowValue(c: LocalCustomer, spec: CustomerFieldSpec): RowValue | null {
  const value = localValue(c, spec);
  const text = typeof value === 'string' ? value : '';
  if (ROW_ONLY_WHEN_SET.has(spec.write) && !text) return null;
  if (spec.kind === 'status') {
    const known = value === 'active' || value === 'inactive';
    return { text: known ? STATUS_LABELS[value] : 'Unknown', href: null, muted: false };
  }
  if (value === null && spec.read === null) return { text: UNKNOWN, href: null, muted: true };
  if (!text.trim()) return NONE;
  if (spec.kind === 'phone' || spec.kind === 'email') {
    const href = spec.kind === 'phone' ? telHref(text) : mailtoHref(text);
    return href ? { text, href, muted: false } : NONE;
  }
  return { text, href: null, muted: false };
}

export interface AddressView {
  /** False when Rotor's read API never returned this address. */
  known: boolean;
  /** The group's "same as property" switch is on. */
  same: boolean;
  lines: string[];
  maps: string | null;
}

/** Address lines of an address group, read from where its fields live in the local record. */
export function addressView(c: LocalCustomer, fields: readonly CustomerFieldSpec[]): AddressView {
  const line = fields.find((f) => f.kind !== 'boolean');
  const home = line ? localPath(line).split('.')[0] : undefined;
  // The table puts an address group's lines under one object of the record (`address`, `billing`).
  const address = home ? (valueAt(c, home) as Address | null) : null;
  const same = fields.some((f) => f.kind === 'boolean' && localValue(c, f) === true);
  // Blank means "none" when Rotor returns the address, "unknown" when only this computer could know it.
  const known = !!address || fields.some((f) => f.read !== null);
  return { known, same, lines: addressLines(address), maps: mapsUrl(address) };
}
