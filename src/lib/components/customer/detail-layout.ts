/**
 * How the detail lays out the field table as cards, in the order a technician at the door needs them:
 * phone and email, the property address, notes and tags first; then the rest in table order; the record
 * facts last. A card Rotor never returned and this computer knows nothing of is left out, and said once.
 */
import { CUSTOMER_FIELDS, FIELD_GROUPS, localPath } from '@contract/fields';
import type { CustomerFieldSpec, FieldGroup, WriteField } from '@contract/fields';
import type { Address } from '@contract/customer';
import type { LocalCustomer } from '$lib/data/types';
import { addressLines, mailtoHref, mapsUrl, telHref } from '$lib/format/customer';
import { STATUS_LABELS } from './form-layout';

/** Card titles; the form's legends differ ("Billing address", "Status and tags"). */
export const DETAIL_GROUP_TITLES: Record<FieldGroup, string> = {
  contact: 'Contact',
  property: 'Property address',
  billing: 'Billing',
  service: 'Service',
  account: 'Record',
  notes: 'Notes',
};

/** "Add phone": a missing value offered as an action that opens the editor on `field`. */
export interface AddAction {
  label: string;
  field: WriteField;
}

/** The heading is the name (and the company under it, or as the name), so these are not repeated below. */
const IN_HEADING = new Set<WriteField>(['first_name', 'last_name', 'company_name']);
/** Rows that come first in their card (the phone is what is used most in the field). */
const ROWS_FIRST: readonly WriteField[] = ['phone', 'email'];
/** Cards before the rest, in this order; the others follow in table order. */
const CARDS_FIRST: readonly string[] = ['sec-contact', 'sec-property', 'sec-notes', 'sec-tags'];
/** Rows whose value is worth copying to a phone. */
const COPIED = new Set<WriteField>(['phone', 'email']);
/** Groups that read as one postal address rather than as separate lines. */
const ADDRESS_GROUPS = new Map<FieldGroup, { empty: string; maps: boolean; add: AddAction | null }>([
  ['property', { empty: 'No address', maps: true, add: { label: 'Add address', field: 'property_street1' } }],
  ['billing', { empty: 'No billing address', maps: false, add: null }],
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
      /** Offer a map link and a Copy button (the property is where the work is done). */
      maps: boolean;
      add: AddAction | null;
    }
  | { show: 'tags' | 'text'; id: string; title: string; wide: boolean; spec: CustomerFieldSpec };

const addFor = (spec: CustomerFieldSpec): AddAction => ({
  label: `Add ${spec.label.toLowerCase()}`,
  field: spec.write,
});

const firstRank = (id: string): number => {
  const i = CARDS_FIRST.indexOf(id);
  return i < 0 ? CARDS_FIRST.length : i;
};

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
    const rank = (s: CustomerFieldSpec): number => {
      const i = ROWS_FIRST.indexOf(s.write);
      return i < 0 ? ROWS_FIRST.length : i;
    };
    rows.sort((a, b) => rank(a) - rank(b));
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
  // A stable sort: the cards not named first keep the table's order.
  cards.sort((a, b) => firstRank(a.id) - firstRank(b.id));
  if (record) cards.push(record);
  return cards;
}

export const DETAIL_CARDS: readonly DetailCard[] = buildCards();

/** Groups Rotor's read API never returns: known only from what was entered on this computer. */
const WRITE_ONLY_GROUPS = FIELD_GROUPS.filter((g) => {
  const fields = CUSTOMER_FIELDS.filter((f) => f.group === g);
  return fields.length > 0 && fields.every((f) => f.read === null);
});

/** Said once, quietly, when such a card is left out (instead of "not returned" on every field). */
export const WRITE_ONLY_NOTE = `Rotor’s API doesn’t return ${WRITE_ONLY_GROUPS.map((g) =>
  DETAIL_GROUP_TITLES[g].toLowerCase(),
).join(' or ')} details, so they show here only once they are entered on this computer.`;

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

export interface RowValue {
  text: string;
  href: string | null;
  muted: boolean;
  /** Offer a Copy button for `text`. */
  copy: boolean;
  /** Instead of "None": the action that fills it in. */
  add: AddAction | null;
}

const plain = (text: string, muted = false): RowValue => ({
  text,
  href: null,
  muted,
  copy: false,
  add: null,
});

/**
 * One row's value: a phone or email as a link to copy, a missing one as "Add phone", a status by its
 * name. Null when the row is left out: a field Rotor never returned that this computer doesn't know
 * either.
 */
export function rowValue(c: LocalCustomer, spec: CustomerFieldSpec): RowValue | null {
  const value = localValue(c, spec);
  const text = typeof value === 'string' ? value : '';
  if (spec.kind === 'status') {
    const known = value === 'active' || value === 'inactive';
    return plain(known ? STATUS_LABELS[value] : 'Unknown');
  }
  if (value === null && spec.read === null) return null;
  const href = spec.kind === 'phone' ? telHref(text) : spec.kind === 'email' ? mailtoHref(text) : null;
  if (!text.trim() || ((spec.kind === 'phone' || spec.kind === 'email') && !href)) {
    return COPIED.has(spec.write) ? { ...plain('None', true), add: addFor(spec) } : plain('None', true);
  }
  return { text, href, muted: false, copy: COPIED.has(spec.write), add: null };
}

export interface AddressView {
  /** False when Rotor's read API never returned this address and nothing was entered here. */
  known: boolean;
  /** The group's "same as property" switch is on. */
  same: boolean;
  lines: string[];
  maps: string | null;
  /** The address on one line, for the clipboard. */
  oneLine: string;
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
  const lines = addressLines(address);
  return { known, same, lines, maps: mapsUrl(address), oneLine: lines.join(', ') };
}

/** Whether a card has anything to say about this customer; one that doesn't is left out. */
export function cardShown(c: LocalCustomer, card: DetailCard): boolean {
  switch (card.show) {
    case 'rows':
      return card.record || card.fields.some((spec) => rowValue(c, spec) !== null);
    case 'address':
      return addressView(c, card.fields).known;
    default:
      return true;
  }
}

/** The notes card's action when there are none. */
export function textAdd(spec: CustomerFieldSpec): AddAction {
  return addFor(spec);
}
