/**
 * One copy of each value that repeats from customer to customer. A row read from IndexedDB (or
 * cloned from another window, or parsed from a page of Rotor's answer) comes with its own copy of
 * every string, so 50,000 customers held 50,000 copies of "synced", "active", their city, their
 * state and their tags: about a sixth of the renderer's heap (issue 12). Swapping each for the first
 * copy seen changes no value, only how many copies memory holds.
 *
 * A record's server tags, when the same as its tags, are the same array.
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

export class ValuePool {
  private readonly values = new Map<string, string>();

  /** Distinct values held (for tests). */
  get size(): number {
    return this.values.size;
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
    this.list(record.tags);
    // Most records have no tag edit waiting: one array then serves as both (the two are never changed
    // in place; a change replaces the record).
    if (sameList(record.serverTags, record.tags)) record.serverTags = record.tags;
    else this.list(record.serverTags);
  }

  private place(a: Address | Billing | null): void {
    if (!a) return;
    const parts = a as Record<string, unknown>;
    for (const k of PLACE) {
      const v = parts[k];
      if (typeof v === 'string') parts[k] = this.one(v);
    }
  }

  private list(values: string[]): void {
    for (let i = 0; i < values.length; i++) values[i] = this.one(values[i] ?? '');
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
