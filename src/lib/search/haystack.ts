/**
 * What search reads of a customer: the fields the field table (@contract/fields) marks searchable, in
 * the table's order, each read at its path on the local record. Adding `search` to a field in the
 * table is all it takes to make it searchable.
 *
 * A record has two haystacks: its main one (names, company, phone, email, address, tags) and its
 * long-text one (notes), whose matches rank after any main match. Each is the values folded
 * (normalize.ts) and joined so that every word is preceded by a space, starting with \u0001: a
 * word-start match of token t is an occurrence of " t". A phone is there as written and then as bare
 * digits, so either form of a query finds it.
 */
import { CUSTOMER_FIELDS, localPath } from '@contract/fields';
import type { FieldSpec } from '@contract/fields';
import type { LocalCustomer } from '../data/types';
import { digitsOnly, foldText } from './normalize';

type Read = (record: object) => unknown;

interface SearchedField {
  readonly read: Read;
  readonly phone: boolean;
}

/**
 * Of a long-text field only the first LONG_TEXT_INDEXED characters are searched: what a technician
 * looks up in notes (gate codes, dogs, "call first") is written at the top, and a pasted history of
 * thousands of characters would otherwise be scanned on every keystroke (perf-probe.ts measures it).
 */
export const LONG_TEXT_INDEXED = 2000;

/** The table names fields by string path, so records are read as plain objects. */
const fieldsOf = (record: object): Record<string, unknown> => record as Record<string, unknown>;

/**
 * An accessor for a dotted path ('address.city'), split once here rather than on every read; a missing
 * parent (`address: null`) reads as undefined.
 */
function reader(path: string): Read {
  const dot = path.indexOf('.');
  if (dot === -1) return (record) => fieldsOf(record)[path];
  const outer = path.slice(0, dot);
  const rest = reader(path.slice(dot + 1));
  return (record) => {
    const parent = fieldsOf(record)[outer];
    return typeof parent === 'object' && parent !== null ? rest(parent) : undefined;
  };
}

const searched = (long: boolean): readonly SearchedField[] =>
  CUSTOMER_FIELDS.filter((f: FieldSpec) => f.search !== undefined && (f.search === 'long-text') === long).map(
    (f: FieldSpec) => ({ read: reader(localPath(f)), phone: f.search === 'phone' }),
  );
const MAIN = searched(false);
const LONG = searched(true);

/** Adds a value's folded words to a haystack's parts (nothing when it has none). */
function push(parts: string[], value: string): void {
  const folded = foldText(value);
  if (folded) parts.push(folded);
}

/**
 * A haystack's parts joined into one flat string. Built with `+`, it was a rope of about twenty nodes,
 * flattened into a copy by the gram index's first read and then held as a shell around that copy
 * (0.2 MiB more heap at 50,000 customers, and the ropes' garbage while the cache loads).
 */
const joined = (parts: string[]): string => parts.join(' ');

/** The main haystack: every searched field but long text. */
export function haystackOf(c: LocalCustomer): string {
  const parts = ['\u0001'];
  for (const field of MAIN) {
    const value = field.read(c);
    if (typeof value === 'string') {
      push(parts, value);
      if (field.phone) push(parts, digitsOnly(value));
    } else if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'string') push(parts, item);
    }
  }
  return joined(parts);
}

/** The long-text haystack (notes), each field cut to its indexed start; '' when there is none. */
export function longTextOf(c: LocalCustomer): string {
  const parts = ['\u0001'];
  for (const field of LONG) {
    const value = field.read(c);
    if (typeof value === 'string') push(parts, value.slice(0, LONG_TEXT_INDEXED));
  }
  return parts.length > 1 ? joined(parts) : '';
}
