/**
 * Which slots a query's text matches, and each one's tier. Candidates are the slots having every gram
 * the query needs (grams.ts), and in an earlier match set it narrows, found by intersecting bitsets a
 * word at a time, so the work follows the match count rather than the book's size. A one- or
 * two-character token is decided by the gram sets alone; a longer one is checked against the strings
 * only in those candidates.
 */
import type { GramIndex } from './grams';
import { filterKeys, tokenKey } from './grams';
import { TIER, tierOf } from './query';
import type { ParsedText } from './query';
import type { MatchSet } from './rank';

interface Token {
  text: string[];
  spaced: string[];
  /** One- or two-character token: its gram key, decided by the sets; -1 otherwise. */
  key: number;
  /** For the other tokens: gram keys every match has, intersected before the strings are checked. */
  filter: number[];
}

/** One way a record can match: all of its tokens. */
export type Alternative = Token[];

export function compile(tokens: readonly string[]): Alternative {
  return tokens.map((t) => ({ text: [t], spaced: [' ' + t], key: tokenKey(t), filter: filterKeys(t) }));
}

/**
 * The match set of a query whose words all have one or two characters (the first keystrokes, with
 * the most matches): decided by the gram sets alone, never listed unless asked; null for other
 * queries. `used` is the slots' range.
 */
export function gramSet(
  parsed: ParsedText,
  alts: readonly Alternative[],
  grams: GramIndex,
  used: number,
): MatchSet | null {
  const alt = alts.length === 1 ? alts[0] : undefined;
  if (!alt?.length || alt.some((tok) => tok.key < 0)) return null;
  if (alt.length > 1) return wordsSet(parsed, alt, grams, used);
  const { key } = alt[0] as Token;
  let lists: { slots: Int32Array; tiers: Uint8Array } | null = null;
  return {
    parsed,
    size: grams.count(key),
    lists: () => (lists ??= grams.lists(key)),
    bits: (words) => grams.tierBits(key, words),
  };
}

/**
 * Several short words ("o'b" is "o b"): a slot reaches tier t when every word does, so each tier's
 * slots are the words' "tier t or better" bitsets AND-ed, word by word: no slot is looked up.
 */
function wordsSet(parsed: ParsedText, alt: Alternative, grams: GramIndex, used: number): MatchSet {
  const words = (used >>> 5) + 1;
  // byTier[t] (t = 1–3): first the slots where every word reaches tier t or better, then exactly t.
  const byTier = [0, 1, 2, 3].map((t) => new Uint32Array(t === 0 ? 0 : words));
  const one = new Uint32Array(words);
  for (let t = TIER.LONG_TEXT; t <= TIER.WORD_START; t++) {
    const all = byTier[t] as Uint32Array;
    all.fill(~0);
    for (const tok of alt) {
      one.fill(0);
      grams.orInto(tok.key, one, t);
      for (let w = 0; w < words; w++) all[w] = (all[w] ?? 0) & (one[w] ?? 0);
    }
  }
  // Exactly tier t: t or better, less t + 1 or better.
  const [, long, main, start] = byTier as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  let size = 0;
  for (let w = 0; w < words; w++) {
    long[w] = (long[w] ?? 0) & ~(main[w] ?? 0);
    main[w] = (main[w] ?? 0) & ~(start[w] ?? 0);
    size += popcount((long[w] ?? 0) | (main[w] ?? 0) | (start[w] ?? 0));
  }
  const bits = (into: readonly Uint32Array[]): void => {
    for (let t = TIER.LONG_TEXT; t <= TIER.WORD_START; t++) {
      const from = byTier[t] as Uint32Array;
      const to = into[t] as Uint32Array;
      for (let w = 0; w < words; w++) to[w] = (to[w] ?? 0) | (from[w] ?? 0);
    }
  };
  let lists: { slots: Int32Array; tiers: Uint8Array } | null = null;
  const listed = (): { slots: Int32Array; tiers: Uint8Array } => {
    const slots = new Int32Array(size);
    const tiers = new Uint8Array(size);
    let n = 0;
    for (let t = TIER.LONG_TEXT; t <= TIER.WORD_START; t++) {
      const from = byTier[t] as Uint32Array;
      for (let w = 0; w < words; w++) {
        let word = from[w] ?? 0;
        while (word !== 0) {
          const low = word & -word;
          tiers[n] = t;
          slots[n++] = (w << 5) | (31 - Math.clz32(low));
          word ^= low;
        }
      }
    }
    return { slots, tiers };
  };
  return { parsed, size, lists: () => (lists ??= listed()), bits };
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** What matching reads of the index. */
export interface MatchColumns {
  grams: GramIndex;
  hay: readonly string[];
  long: readonly string[];
  alive: Uint8Array;
  used: number;
}

/**
 * Reusable buffers: `best` (a tier per slot, kept all zero between calls), a candidate list, and two
 * bitsets of one bit per slot for intersecting gram sets.
 */
export class MatchScratch {
  best = new Uint8Array(0);
  candidates = new Int32Array(0);
  found = new Int32Array(0);
  bits = new Uint32Array(0);
  keyBits = new Uint32Array(0);

  fit(capacity: number): void {
    if (this.best.length < capacity) {
      this.best = new Uint8Array(capacity);
      this.candidates = new Int32Array(capacity);
      this.found = new Int32Array(capacity);
      this.bits = new Uint32Array((capacity >>> 5) + 1);
      this.keyBits = new Uint32Array((capacity >>> 5) + 1);
    }
  }
}

/** The matching slots (any order) and their tiers: the best tier over the alternatives. */
export function matchSlots(
  alts: readonly Alternative[],
  cols: MatchColumns,
  source: Int32Array | null,
  scratch: MatchScratch,
): { slots: Int32Array; tiers: Uint8Array } {
  const { best, found } = scratch;
  let k = 0;
  for (const alt of alts) {
    const n = candidatesOf(alt, cols, source, scratch);
    const cand = scratch.candidates;
    for (let i = 0; i < n; i++) {
      const s = cand[i] ?? 0;
      const t = tierIn(alt, cols, s);
      const was = best[s] ?? 0;
      if (t > was) {
        if (was === 0) found[k++] = s;
        best[s] = t;
      }
    }
  }
  const slots = found.slice(0, k);
  const tiers = new Uint8Array(k);
  for (let i = 0; i < k; i++) {
    const s = slots[i] ?? 0;
    tiers[i] = best[s] ?? 0;
    best[s] = 0;
  }
  return { slots, tiers };
}

/**
 * Fills scratch.candidates with the slots having every gram key the alternative needs (and in
 * `source`, when narrowing): a superset of its matches, found by intersecting bitsets a word at a
 * time, so no slot is looked up in a set one by one. Returns the count.
 */
function candidatesOf(
  alt: Alternative,
  cols: MatchColumns,
  source: Int32Array | null,
  scratch: MatchScratch,
): number {
  const { grams } = cols;
  const keys = alt.flatMap((tok) => (tok.key >= 0 ? [tok.key] : tok.filter));
  const out = scratch.candidates;
  if (keys.length === 0) {
    if (source) {
      out.set(source);
      return source.length;
    }
    // No indexed character in the text (e.g. only "ø"): every live slot, checked by string.
    let n = 0;
    for (let s = 0; s < cols.used; s++) if (cols.alive[s]) out[n++] = s;
    return n;
  }
  // Rarest first: an absent key ends it with nothing to list.
  keys.sort((a, b) => grams.count(a) - grams.count(b));
  if (grams.count(keys[0] ?? 0) === 0) return 0;
  const words = (cols.used >>> 5) + 1;
  const { bits, keyBits } = scratch;
  bits.fill(0, 0, words);
  grams.orInto(keys[0] ?? 0, bits);
  const and = (): void => {
    for (let w = 0; w < words; w++) bits[w] = (bits[w] ?? 0) & (keyBits[w] ?? 0);
  };
  for (let i = 1; i < keys.length; i++) {
    keyBits.fill(0, 0, words);
    grams.orInto(keys[i] ?? 0, keyBits);
    and();
  }
  if (source) {
    keyBits.fill(0, 0, words);
    for (let i = 0; i < source.length; i++) {
      const s = source[i] ?? 0;
      keyBits[s >>> 5] = (keyBits[s >>> 5] ?? 0) | (1 << (s & 31));
    }
    and();
  }
  let n = 0;
  for (let w = 0; w < words; w++) {
    let word = bits[w] ?? 0;
    while (word !== 0) {
      const low = word & -word;
      out[n++] = (w << 5) | (31 - Math.clz32(low));
      word ^= low;
    }
  }
  return n;
}

/**
 * The tier `slot`, a candidate (so it has every key the alternative needs), reaches for every token
 * of the alternative: the lowest of them.
 */
function tierIn(alt: Alternative, cols: MatchColumns, slot: number): number {
  let tier: number = TIER.WORD_START;
  for (let i = 0; i < alt.length; i++) {
    const tok = alt[i] as Token;
    const t =
      tok.key >= 0
        ? cols.grams.tierOf(tok.key, slot)
        : tierOf(cols.hay[slot] ?? '', cols.long[slot] ?? '', tok.text, tok.spaced);
    if (t < tier) {
      tier = t;
      if (tier === TIER.NONE) return tier;
    }
  }
  return tier;
}
