/**
 * The index's records as columns: one slot per record, each column an array indexed by slot (typed
 * arrays where a number fits), so a search walks flat arrays and never touches a customer object.
 * Freed slots are reused. Only what search, filters and sorting read is kept.
 */
import type { CustomerStatus } from '@contract/fields';
import type { LocalCustomer } from '../data/types';
import { haystackOf, longTextOf } from './haystack';
import { foldText, sortName } from './normalize';
import { GramIndex } from './grams';

export const STATUS_CODE: Readonly<Record<CustomerStatus, number>> = { active: 1, inactive: 2 };

/** What an update changed, as bits: the matched text, a sort key, or a filtered column (status, pending, tags). */
export const Changed = { nothing: 0, text: 1, order: 2, filters: 4, everything: 7 } as const;

/** What one record contributes to the index. */
export interface SlotFields {
  hay: string;
  /** The long-text haystack (notes), '' when none. */
  long: string;
  tags: readonly string[];
  nameKey: string;
  companyKey: string;
  created: number;
  status: number;
  pending: number;
}

export function slotFields(c: LocalCustomer): SlotFields {
  const t = c.created_at ? Date.parse(c.created_at) : NaN;
  return {
    hay: haystackOf(c),
    long: longTextOf(c),
    // The record's own array (records are replaced, never changed in place): a copy each cost 3 MiB at 50,000.
    tags: c.tags,
    nameKey: sortName(c),
    companyKey: foldText(c.company_name),
    // Not yet in Rotor (no created_at): newest of all.
    created: Number.isNaN(t) ? Number.POSITIVE_INFINITY : t,
    status: c.status ? STATUS_CODE[c.status] : 0,
    pending: c.syncState === 'synced' ? 0 : 1,
  };
}

function grown(a: Uint8Array, size: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(size);
  b.set(a);
  return b;
}

export class Slots {
  // Plain arrays grow in place and are never replaced, so sort comparators may hold them.
  readonly ids: string[] = [];
  readonly hay: string[] = [];
  readonly long: string[] = [];
  readonly tags: (readonly string[])[] = [];
  readonly nameKey: string[] = [];
  readonly companyKey: string[] = [];
  readonly created: number[] = [];
  // Typed arrays are replaced when they grow: read them from here, not from a saved reference.
  alive = new Uint8Array(0);
  status = new Uint8Array(0);
  pending = new Uint8Array(0);
  /** Which slots hold which characters and pairs (grams.ts), kept with the haystacks. */
  readonly grams = new GramIndex();
  private readonly slotOf = new Map<string, number>();
  private readonly free: number[] = [];

  /** Slots ever used, live or freed: the range a full scan walks. */
  get used(): number {
    return this.ids.length;
  }

  /** Length of the typed columns (≥ used). */
  get capacity(): number {
    return this.alive.length;
  }

  find(id: string): number | undefined {
    return this.slotOf.get(id);
  }

  /** A slot for a new record: a freed one, else the next unused. */
  allocate(): number {
    const slot = this.free.pop() ?? this.ids.length;
    this.ensureCapacity(slot + 1);
    return slot;
  }

  write(slot: number, id: string, f: SlotFields): void {
    if (this.alive[slot]) this.grams.remove(slot, this.hay[slot] ?? '', this.long[slot] ?? '');
    this.grams.add(slot, f.hay, f.long);
    this.ids[slot] = id;
    this.hay[slot] = f.hay;
    this.long[slot] = f.long;
    this.tags[slot] = f.tags;
    this.nameKey[slot] = f.nameKey;
    this.companyKey[slot] = f.companyKey;
    this.created[slot] = f.created;
    this.status[slot] = f.status;
    this.pending[slot] = f.pending;
    this.alive[slot] = 1;
    this.slotOf.set(id, slot);
  }

  /** Frees the record's slot; returns it, or undefined when the id is not indexed. */
  release(id: string): number | undefined {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return undefined;
    this.slotOf.delete(id);
    this.alive[slot] = 0;
    this.grams.remove(slot, this.hay[slot] ?? '', this.long[slot] ?? '');
    this.hay[slot] = '';
    this.long[slot] = '';
    this.tags[slot] = [];
    this.free.push(slot);
    return slot;
  }

  /**
   * What differs between the slot and these fields, as `Changed` bits: what a search answered before
   * the update may no longer hold. `Changed.nothing` when the update can be skipped.
   */
  difference(slot: number, f: SlotFields): number {
    const tags = this.tags[slot] ?? [];
    let d = Changed.nothing;
    if (this.hay[slot] !== f.hay || this.long[slot] !== f.long) d |= Changed.text;
    if (
      this.nameKey[slot] !== f.nameKey ||
      this.companyKey[slot] !== f.companyKey ||
      this.created[slot] !== f.created
    )
      d |= Changed.order;
    if (
      this.status[slot] !== f.status ||
      this.pending[slot] !== f.pending ||
      tags.length !== f.tags.length ||
      tags.some((t, i) => t !== f.tags[i])
    )
      d |= Changed.filters;
    return d;
  }

  ensureCapacity(n: number): void {
    if (this.alive.length >= n) return;
    const cap = Math.max(n, this.alive.length * 2, 64);
    this.alive = grown(this.alive, cap);
    this.status = grown(this.status, cap);
    this.pending = grown(this.pending, cap);
  }
}
