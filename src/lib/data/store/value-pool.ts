/**
 * One copy of each value that repeats from customer to customer. A row read from IndexedDB (or
 * cloned from another window, or parsed from a page of Rotor's answer) comes with its own copy of
 * every string, so 50,000 customers held 50,000 copies of "synced", "active", their city, their
 * state and their tags: about a sixth of the renderer's heap (issue 12). Swapping each for the first
 * copy seen changes no value, only how many copies memory holds.
 *
 * Tag lists are pooled whole: customers share a handful of lists ("residential", "commercial, vip"),
 * and each customer's own array cost 50–60 bytes. A pooled list is frozen: records never change a
 * list in place (a change replaces the record), and frozen, one that tried would throw instead of
 * changing every customer that shares it. A record's server tags, when the same as its tags, are the
 * same array.
 *
 * Only fields whose values repeat are pooled: a unique value (an id, a name, a phone) would cost the
 * pool an entry and save nothing. The pool is bounded; past MAX_VALUES it starts again, which only
 * means a later value may be kept twice.
 */
import type { Address, Billing } from '@contract/customer';
import type { LocalCustomer } from '../types';

/** Top-level fields whose values repeat: a handful of choices, or one time for a whole refresh. */
const REPEATING = [
  'status',
  'service_type',
  'service_frequency',
  'source',
  'syncState',
  'fetchedAt',
] as const satisfies readonly (keyof LocalCustomer)[];

/** Address parts whose values repeat across a company's customers (the street does not). */
const PLACE = ['city', 'state', 'zip', 'country'] as const satisfies readonly (keyof Address &
  keyof Billing)[];

/** More distinct values than a customer book has cities, states, ZIPs and tags together. */
export const MAX_VALUES = 20_000;
/** More distinct tag lists than a customer book is likely to hold; past it, the pool starts again. */
export const MAX_LISTS = 20_000;

export class ValuePool {
  private readonly values = new Map<string, string>();
  /** Tag lists by their tags joined with NUL; a hit is compared tag by tag, so a NUL in a tag is safe. */
  private readonly lists = new Map<string, readonly string[]>();

  /** Distinct values held (for tests). */
  get size(): number {
    return this.values.size;
  }

  /** Distinct tag lists held (for tests). */
  get listCount(): number {
    return this.lists.size;
  }

  /** Points `record`'s repeating values (its address, billing and tag arrays too) at pooled copies. */
  intern(record: LocalCustomer): void {
    const r = record as unknown as Record<string, unknown>;
    for (const k of REPEATING) {
      const v = r[k];
      if (typeof v === 'string') r[k] = this.one(v);
    }
    this.place(record.address);
    this.place(record.billing);
    // Typed mutable on the record, never changed in place (see above).
    record.tags = this.list(record.tags) as string[];
    // Most records have no tag edit waiting: one array then serves as both.
    record.serverTags = sameList(record.serverTags, record.tags)
      ? record.tags
      : (this.list(record.serverTags) as string[]);
  }

  private place(a: Address | Billing | null): void {
    if (!a) return;
    const parts = a as Record<string, unknown>;
    for (const k of PLACE) {
      const v = parts[k];
      if (typeof v === 'string') parts[k] = this.one(v);
    }
  }

  /** The pooled list with these tags: the given array is left as it is (it may be pooled already). */
  private list(values: readonly string[]): readonly string[] {
    const key = values.join('\0');
    const pooled = this.lists.get(key);
    if (pooled !== undefined && sameList(pooled, values)) return pooled;
    const list = Object.freeze(values.map((v) => this.one(v)));
    if (this.lists.size >= MAX_LISTS) this.lists.clear();
    this.lists.set(key, list);
    return list;
  }

  private one(v: string): string {
    const pooled = this.values.get(v);
    if (pooled !== undefined) return pooled;
    if (this.values.size >= MAX_VALUES) this.values.clear();
    this.values.set(v, v);
    return v;
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
