/**
 * Sorted orders of the live slots (name, newest, company; id as tiebreak), built on first use, cached
 * as typed arrays and kept up to date per record by binary-search insert, so a search never sorts: it
 * walks a cached order.
 */
import type { SortKey } from '../data/types';
import type { Slots } from './slots';

type Compare = (a: number, b: number) => number;

/** Live slots in one sort order; `slots[0..length)` is the order, the rest spare room. */
class SortedOrder {
  slots: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.slots = new Int32Array(Math.max(16, capacity));
  }
  insertAt(pos: number, slot: number): void {
    if (this.length === this.slots.length) {
      const grown = new Int32Array(this.slots.length * 2);
      grown.set(this.slots);
      this.slots = grown;
    }
    this.slots.copyWithin(pos + 1, pos, this.length);
    this.slots[pos] = slot;
    this.length++;
  }
  remove(slot: number): void {
    const pos = this.slots.subarray(0, this.length).indexOf(slot);
    if (pos === -1) return;
    this.slots.copyWithin(pos, pos + 1, this.length);
    this.length--;
  }
}

function comparator(key: SortKey, s: Slots): Compare {
  const { ids, nameKey, companyKey, created } = s;
  const byId: Compare = (a, b) => {
    const ia = ids[a] ?? '';
    const ib = ids[b] ?? '';
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  };
  if (key === 'newest') {
    return (a, b) => {
      const d = (created[b] ?? 0) - (created[a] ?? 0);
      // Two records not yet in Rotor (both +Infinity) differ by NaN: fall through to the id.
      if (d !== 0 && !Number.isNaN(d)) return d > 0 ? 1 : -1;
      return byId(a, b);
    };
  }
  if (key === 'company') {
    return (a, b) => {
      const x = companyKey[a] ?? '';
      const y = companyKey[b] ?? '';
      // Customers without a company go after those with one.
      if (x !== y) return x === '' ? 1 : y === '' ? -1 : x < y ? -1 : 1;
      const nx = nameKey[a] ?? '';
      const ny = nameKey[b] ?? '';
      if (nx !== ny) return nx < ny ? -1 : 1;
      return byId(a, b);
    };
  }
  return (a, b) => {
    const x = nameKey[a] ?? '';
    const y = nameKey[b] ?? '';
    if (x !== y) return x < y ? -1 : 1;
    return byId(a, b);
  };
}

/** The cached orders of one Slots. */
export class SortOrders {
  private readonly orders = new Map<SortKey, { order: SortedOrder; compare: Compare }>();

  constructor(private readonly slots: Slots) {}

  /** The order for `key`, sorting the live slots the first time it is asked for. */
  get(key: SortKey): SortedOrder {
    const cached = this.orders.get(key);
    if (cached) return cached.order;
    const compare = comparator(key, this.slots);
    const live: number[] = [];
    const alive = this.slots.alive;
    for (let s = 0; s < this.slots.used; s++) if (alive[s]) live.push(s);
    live.sort(compare);
    const order = new SortedOrder(live.length + 64);
    order.slots.set(live);
    order.length = live.length;
    this.orders.set(key, { order, compare });
    return order;
  }

  /** Puts a (re)written slot in its place in every cached order. */
  insert(slot: number): void {
    for (const { order, compare } of this.orders.values()) {
      let lo = 0;
      let hi = order.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compare(order.slots[mid] ?? 0, slot) < 0) lo = mid + 1;
        else hi = mid;
      }
      order.insertAt(lo, slot);
    }
  }

  remove(slot: number): void {
    for (const { order } of this.orders.values()) order.remove(slot);
  }
}
