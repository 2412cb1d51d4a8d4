/**
 * Which slots a query's text matches, and each one's tier. Candidates come from the smallest gram set
 * the query needs (grams.ts), or from an earlier match set it narrows when that is smaller, so the
 * work follows the match count rather than the book's size. A one- or two-character token is decided
 * by the gram sets alone; a longer one is checked against the strings only where all its pairs are.
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
  /** For the other tokens: gram keys every match has, checked before the strings. */
  filter: number[];
}

/** One way a record can match: all of its tokens. */
export type Alternative = Token[];

export function compile(tokens: readonly string[]): Alternative {
  return tokens.map((t) => ({ text: [t], spaced: [' ' + t], key: tokenKey(t), filter: filterKeys(t) }));
}

/**
 * The match set of a query of one one- or two-character token (the first keystrokes, with the most
 * matches): read from its gram sets as the order is walked, listed only if asked; null for others.
 */
export function gramSet(parsed: ParsedText, alts: readonly Alternative[], grams: GramIndex): MatchSet | null {
  const tok = alts.length === 1 && alts[0]?.length === 1 ? alts[0][0] : undefined;
  if (!tok || tok.key < 0) return null;
  const { key } = tok;
  const tierAt = grams.reader(key);
  let lists: { slots: Int32Array; tiers: Uint8Array } | null = null;
  return {
    parsed,
    size: grams.count(key),
    tierAt,
    lists: () => {
      if (lists) return lists;
      const slots = new Int32Array(grams.count(key));
      grams.into(key, slots, 0);
      const tiers = new Uint8Array(slots.length);
      for (let i = 0; i < slots.length; i++) tiers[i] = tierAt(slots[i] ?? 0);
      return (lists = { slots, tiers });
    },
  };
}

/** What matching reads of the index. */
export interface MatchColumns {
  grams: GramIndex;
  hay: readonly string[];
  long: readonly string[];
  alive: Uint8Array;
  used: number;
}

/** Reusable buffers: `best` (a tier per slot, kept all zero between calls) and a candidate list. */
export class MatchScratch {
  best = new Uint8Array(0);
  candidates = new Int32Array(0);
  found = new Int32Array(0);

  fit(capacity: number): void {
    if (this.best.length < capacity) {
      this.best = new Uint8Array(capacity);
      this.candidates = new Int32Array(capacity);
      this.found = new Int32Array(capacity);
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

/** Fills scratch.candidates with a superset of the alternative's matches; returns the count. */
function candidatesOf(
  alt: Alternative,
  cols: MatchColumns,
  source: Int32Array | null,
  scratch: MatchScratch,
): number {
  let smallest = source ? source.length : Infinity;
  let from: number | null = null;
  for (const tok of alt) {
    const keys = tok.key >= 0 ? [tok.key] : tok.filter;
    for (const key of keys) {
      const size = cols.grams.count(key);
      if (size < smallest) {
        smallest = size;
        from = key;
      }
    }
  }
  const out = scratch.candidates;
  if (from !== null) {
    return cols.grams.into(from, out, 0);
  }
  if (source) {
    out.set(source);
    return source.length;
  }
  // No indexed character in the text (e.g. only "ø"): every live slot, checked by string.
  let n = 0;
  for (let s = 0; s < cols.used; s++) if (cols.alive[s]) out[n++] = s;
  return n;
}

/** The tier `slot` reaches for every token of the alternative: the lowest of them. */
function tierIn(alt: Alternative, cols: MatchColumns, slot: number): number {
  const grams = cols.grams;
  let tier: number = TIER.WORD_START;
  for (let i = 0; i < alt.length; i++) {
    const tok = alt[i] as Token;
    let t: number;
    if (tok.key >= 0) t = grams.tierOf(tok.key, slot);
    else {
      t = TIER.WORD_START;
      for (let f = 0; f < tok.filter.length; f++)
        if (!grams.has(tok.filter[f] ?? 0, slot)) {
          t = TIER.NONE;
          break;
        }
      if (t) t = tierOf(cols.hay[slot] ?? '', cols.long[slot] ?? '', tok.text, tok.spaced);
    }
    if (t < tier) {
      tier = t;
      if (tier === TIER.NONE) return tier;
    }
  }
  return tier;
}
