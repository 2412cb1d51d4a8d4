/**
 * Putting a match set in result order: best tier first (word start, main fields, long text only),
 * then the sort order. Two ways, chosen by size, so a keystroke's cost follows its match count:
 * - few matches (the usual case once a word is typed): sort the matches by tier and position in the
 *   cached order, O(k log k) with a native integer sort;
 * - many (one or two letters): one walk of the cached order, O(n), cheaper than sorting most of n.
 *   It reads each slot's tier from one bitset per tier, which a query of one- or two-letter words
 *   takes straight from the gram sets' bits; marking 45,000 listed members in slot-sized arrays cost
 *   more than the walk.
 * No text and no filter (the list as it opens, each cleared search box) is the cached order itself.
 */
import type { ParsedText } from './query';
import { TIER } from './query';

/** The slots a text query matched and the tier each got (index.ts keeps recent ones). */
export interface MatchSet {
  parsed: ParsedText;
  size: number;
  /** The matching slots and their tiers, as lists (a gram-decided set makes them on first ask). */
  lists(): { slots: Int32Array; tiers: Uint8Array };
  /**
   * A gram-decided set only: sets the bit of each member (bit s of word s >>> 5) in `words[t]`, t its
   * tier, straight from the gram sets' own bits: a short query's tens of thousands of members are
   * never listed.
   */
  bits?(words: readonly Uint32Array[]): void;
}

/** Below one match in SORT_BELOW of the order's length, sorting the matches beats walking the order. */
const SORT_BELOW = 4;

export interface Order {
  slots: Int32Array;
  length: number;
}

/** Slot → kept (filters), or null when nothing is filtered. */
export type Keep = ((slot: number) => boolean) | null;

/** Reusable scratch of one index, so a keystroke allocates only its answer. */
export class RankScratch {
  buf = new Int32Array(0);
  low = new Int32Array(0);
  /** By tier (1–3; 0 unused), one bit per slot: the members of the set being walked. */
  tierBits: Uint32Array[] = [0, 1, 2, 3].map(() => new Uint32Array(1));

  fit(capacity: number): void {
    if (this.buf.length < capacity) {
      this.buf = new Int32Array(capacity);
      this.low = new Int32Array(capacity);
      this.tierBits = [0, 1, 2, 3].map(() => new Uint32Array((capacity >>> 5) + 1));
    }
  }
}

/**
 * The slots in result order: every slot of `order` when `set` is null (no text), else the set's.
 * `rank` gives a slot's position in `order` (asked for only when the sort path is taken).
 */
export function ranked(
  order: Order,
  set: MatchSet | null,
  keep: Keep,
  rank: () => Int32Array,
  scratch: RankScratch,
): Int32Array {
  if (set && set.size * SORT_BELOW < order.length) return sortMatches(order, set, keep, rank());
  // No text and no filter (the list as it opens, and every cleared search box): the order itself.
  if (!set && !keep) return order.slots.slice(0, order.length);
  return walkOrder(order, set, keep, scratch);
}

function sortMatches(order: Order, set: MatchSet, keep: Keep, rank: Int32Array): Int32Array {
  const n = order.length;
  const { slots, tiers } = set.lists();
  const keys = new Int32Array(slots.length);
  let k = 0;
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i] ?? 0;
    if (keep && !keep(s)) continue;
    // One integer per match: tier band (best first), then position; n·3 stays far below 2³¹.
    keys[k++] = (TIER.WORD_START - (tiers[i] ?? 0)) * n + (rank[s] ?? 0);
  }
  const sorted = keys.subarray(0, k).sort();
  const out = new Int32Array(k);
  for (let i = 0; i < k; i++) out[i] = order.slots[(sorted[i] ?? 0) % n] ?? 0;
  return out;
}

function walkOrder(order: Order, set: MatchSet | null, keep: Keep, scratch: RankScratch): Int32Array {
  const { tierBits, buf, low } = scratch;
  const start = tierBits[TIER.WORD_START] as Uint32Array;
  const main = tierBits[TIER.MAIN] as Uint32Array;
  const long = tierBits[TIER.LONG_TEXT] as Uint32Array;
  // Each member's bit in its tier's bitset, so the walk tests bitsets small enough to stay in cache.
  if (set) {
    for (const words of tierBits) words.fill(0);
    if (set.bits) set.bits(tierBits);
    else {
      const { slots, tiers } = set.lists();
      for (let i = 0; i < slots.length; i++) {
        const s = slots[i] ?? 0;
        const words = tierBits[tiers[i] ?? 0] as Uint32Array;
        words[s >>> 5] = (words[s >>> 5] ?? 0) | (1 << (s & 31));
      }
    }
  }
  // Word-start matches fill `buf` from the front, other main-field matches from the back, long-text
  // ones `low` in order: one walk yields every tier already sorted. No text: every slot is a word start.
  let head = 0;
  let tail = buf.length;
  let lows = 0;
  const slots = order.slots;
  for (let i = 0; i < order.length; i++) {
    const s = slots[i] ?? 0;
    if (keep && !keep(s)) continue;
    const w = s >>> 5;
    const m = 1 << (s & 31);
    if (!set || (start[w] ?? 0) & m) buf[head++] = s;
    else if ((main[w] ?? 0) & m) buf[--tail] = s;
    else if ((long[w] ?? 0) & m) low[lows++] = s;
  }
  const out = new Int32Array(head + (buf.length - tail) + lows);
  out.set(buf.subarray(0, head));
  // The main tier was filled from the back: reversing the scratch in place puts it in order.
  const mains = buf.subarray(tail).reverse();
  out.set(mains, head);
  out.set(low.subarray(0, lows), head + mains.length);
  return out;
}
