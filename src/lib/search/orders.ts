/**
 * Sorted orders of the live slots (name, newest, company; id as tiebreak), built on first use, cached
 * as typed arrays and kept up to date by one filter-and-merge pass per batch of changed records, so a
 * search never sorts: it walks a cached order.
 */
import type { SortKey } from '../data/types';
import type { Slots } from './slots';

type Compare = (a: number, b: number) => number;

/**
 * Up to this many changed slots are moved one by one (native indexOf + copyWithin each); more are
 * filtered out and merged back in one pass, whose JS loop over the whole order costs about as much
 * as a few dozen native moves.
 */
const FEW = 16;

/** Live slots in one sort order; `slots[0..length)` is the order, the rest spare room. */
class SortedOrder {
  slots: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.slots = new Int32Array(Math.max(16, capacity));
  }
  /** One slot out: a native scan and move, cheaper than a filter pass for a handful of changes. */
  remove(slot: number): void {
    const pos = this.slots.subarray(0, this.length).indexOf(slot);
    if (pos === -1) return;
    this.slots.copyWithin(pos, pos + 1, this.length);
    this.length--;
  }

  /** One slot in at its binary-searched place. */
  insert(slot: number, compare: Compare): void {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(this.slots[mid] ?? 0, slot) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (this.length === this.slots.length) {
      const grown = new Int32Array(this.slots.length * 2);
      grown.set(this.slots);
      this.slots = grown;
    }
    this.slots.copyWithin(lo + 1, lo, this.length);
    this.slots[lo] = slot;
    this.length++;
  }

  /**
   * Drops the marked slots (none when `marked` is null) and merges `add` (sorted by `compare`) in, in
   * place from the back so nothing is copied twice. Each added slot finds its place by binary search
   * and the run after it moves natively (copyWithin): k log n comparisons, not one per slot of the
   * order, which made each slice of the opening load cost a pass of string compares over everything
   * loaded so far.
   */
  replace(marked: Uint8Array | null, add: readonly number[], compare: Compare): void {
    const slots = this.slots;
    let kept = this.length;
    if (marked) {
      kept = 0;
      for (let r = 0; r < this.length; r++) {
        const s = slots[r] ?? 0;
        if (!marked[s]) slots[kept++] = s;
      }
    }
    const size = kept + add.length;
    if (size > this.slots.length) {
      const grown = new Int32Array(Math.max(size, this.slots.length * 2));
      grown.set(slots.subarray(0, kept));
      this.slots = grown;
    }
    const out = this.slots;
    // out[0..i] is still to place; out[end..size) is done.
    let i = kept - 1;
    let end = size;
    for (let j = add.length - 1; j >= 0; j--) {
      const a = add[j] ?? 0;
      // The first of out[0..i] that goes after `a` (equal ones stay before it, as they did).
      let lo = 0;
      let hi = i + 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compare(out[mid] ?? 0, a) > 0) hi = mid;
        else lo = mid + 1;
      }
      const run = i + 1 - lo;
      if (run > 0) out.copyWithin(end - run, lo, i + 1);
      end -= run + 1;
      out[end] = a;
      i = lo - 1;
    }
    this.length = size;
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
  /** Per order, slot → position in it; built on first ask after a change. */
  private readonly ranks = new Map<SortKey, Int32Array>();
  /** Scratch: 1 for the slots an update takes out, reset after each update. */
  private marks = new Uint8Array(0);

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

  /** Each slot's position in the order for `key` (freed slots: stale values, never asked for). */
  rank(key: SortKey): Int32Array {
    const cached = this.ranks.get(key);
    if (cached) return cached;
    const order = this.get(key);
    const rank = new Int32Array(this.slots.capacity);
    for (let i = 0; i < order.length; i++) rank[order.slots[i] ?? 0] = i;
    this.ranks.set(key, rank);
    return rank;
  }

  /**
   * Puts the touched slots (rewritten, new or freed) in their places in every cached order: each
   * order is filtered and merged once, O(n + k log k) for k touched slots, where one binary-search
   * insert per slot would move O(n) entries each time.
   *
   * `fresh`: every touched slot was just allocated, so no order holds it yet and the filter pass (a
   * JS loop over the whole order) is skipped. The opening load adds its rows in many small slices, and
   * on a slow CPU that pass, repeated per slice over all the rows in so far, was most of each slice's
   * fixed cost.
   */
  update(touched: readonly number[], fresh = false): void {
    if (touched.length === 0 || this.orders.size === 0) return;
    this.ranks.clear();
    const alive = this.slots.alive;
    if (!fresh && touched.length <= FEW) {
      // All out first: a binary search needs the rest in order, and a rewritten slot is not.
      for (const { order, compare } of this.orders.values()) {
        for (const s of touched) order.remove(s);
        for (const s of touched) if (alive[s]) order.insert(s, compare);
      }
      return;
    }
    let marks: Uint8Array | null = null;
    if (!fresh) {
      if (this.marks.length < alive.length) this.marks = new Uint8Array(alive.length);
      marks = this.marks;
      for (const s of touched) marks[s] = 1;
    }
    const live = touched.filter((s) => alive[s]);
    for (const { order, compare } of this.orders.values())
      order.replace(marks, live.length > 1 ? [...live].sort(compare) : live, compare);
    if (marks) for (const s of touched) marks[s] = 0;
  }
}
