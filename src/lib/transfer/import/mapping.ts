/**
 * Which field each CSV header feeds: a guess from common header names (and, exactly, the labels an
 * export of Rotor Desk writes, columns.ts), and the user's mapping remembered per header set.
 * Pure apart from `loadMapping`/`saveMapping`, which take a Storage-like object (localStorage in the app).
 */
import { TRANSFER_COLUMNS } from '../columns';
import type { TransferColumn } from '../columns';

export type MapTarget = TransferColumn['key'];
/** One entry per header, in file order: the field it feeds, or null for "not imported". */
export type ColumnMapping = (MapTarget | null)[];

/** A header as compared: lower case, every run of non-letters/digits one space, ends trimmed. */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Spellings seen in real exports (Google, Outlook, Excel lists, other CRMs), normalised. */
const ALIASES: Partial<Record<MapTarget, readonly string[]>> = {
  id: ['rotor id', 'rotor customer id', 'customer id'],
  first_name: ['first name', 'firstname', 'fname', 'first', 'given name', 'forename', 'given names'],
  last_name: ['last name', 'lastname', 'lname', 'last', 'surname', 'family name'],
  company_name: ['company', 'company name', 'business', 'business name', 'organization', 'organisation'],
  email: ['email', 'e mail', 'email address', 'e mail address', 'mail', 'email 1', 'primary email'],
  phone: [
    'phone',
    'mobile',
    'cell',
    'cell phone',
    'mobile phone',
    'phone number',
    'telephone',
    'tel',
    'mobile number',
    'primary phone',
    'phone 1',
  ],
  property_street1: ['street', 'address', 'address 1', 'address line 1', 'street address', 'address1'],
  property_street2: ['address 2', 'address line 2', 'address2', 'street 2', 'apt', 'suite'],
  property_city: ['city', 'town', 'town city'],
  property_state: ['state', 'province', 'region', 'state province', 'county'],
  property_zip: ['zip', 'zip code', 'zipcode', 'postcode', 'postal code', 'zip postal code', 'post code'],
  property_country: ['country', 'country region'],
  status: ['status'],
  tags: ['tags', 'labels', 'tag', 'label', 'groups'],
  notes: ['notes', 'note', 'comments', 'comment'],
  source: ['source', 'lead source'],
};

/** Normalised header → field. Exact labels first, so an export's own headers always map exactly. */
const GUESS: ReadonlyMap<string, MapTarget> = (() => {
  const m = new Map<string, MapTarget>();
  for (const c of TRANSFER_COLUMNS) m.set(normalizeHeader(c.header), c.key);
  for (const [key, names] of Object.entries(ALIASES) as [MapTarget, readonly string[]][])
    for (const n of names) if (!m.has(n)) m.set(n, key);
  return m;
})();

/** The guessed field of one header, or null. */
export function guessField(header: string): MapTarget | null {
  return GUESS.get(normalizeHeader(header)) ?? null;
}

/** A field per header; each field to at most one header, the first that claims it. */
export function guessMapping(headers: readonly string[]): ColumnMapping {
  return dedupe(headers.map(guessField));
}

/** Keeps the first header of each field; later ones become "not imported". */
export function dedupe(mapping: readonly (MapTarget | null)[]): ColumnMapping {
  const taken = new Set<MapTarget>();
  return mapping.map((t) => {
    if (t === null || taken.has(t)) return null;
    taken.add(t);
    return t;
  });
}

/** The key a mapping is saved under: the normalised header list. */
export function headerSetKey(headers: readonly string[]): string {
  return `rotor-desk.import-mapping:${JSON.stringify(headers.map(normalizeHeader))}`;
}

export type MappingStorage = Pick<Storage, 'getItem' | 'setItem'>;

const KEYS: ReadonlySet<string> = new Set(TRANSFER_COLUMNS.map((c) => c.key));

/** The saved mapping for these headers, else the guess. A saved value that no longer fits is ignored. */
export function loadMapping(storage: MappingStorage, headers: readonly string[]): ColumnMapping {
  let saved: unknown;
  try {
    saved = JSON.parse(storage.getItem(headerSetKey(headers)) ?? 'null');
  } catch {
    saved = null;
  }
  const fits =
    Array.isArray(saved) &&
    saved.length === headers.length &&
    saved.every((t) => t === null || (typeof t === 'string' && KEYS.has(t)));
  return fits ? dedupe(saved as (MapTarget | null)[]) : guessMapping(headers);
}

export function saveMapping(
  storage: MappingStorage,
  headers: readonly string[],
  mapping: ColumnMapping,
): void {
  try {
    storage.setItem(headerSetKey(headers), JSON.stringify(dedupe(mapping)));
  } catch {
    // A full or refused storage only loses the convenience of remembering; the import goes on.
  }
}
