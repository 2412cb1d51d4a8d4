/**
 * The exact gram index: for every a–z/0–9 character and every pair of them, which slots have it at a
 * word start of the main haystack, elsewhere in the main haystack, or only in long text (notes), each
 * a SlotSet. A token of one or two such characters is answered, rank
 * included, from these sets alone; a longer token's pairs narrow the slots whose strings are checked.
 * A token never spans a word (query tokens hold no space), so pairs across a word break are not kept.
 */
import { SlotSet } from './slot-set';
import { TIER } from './query';

const CHARS = 36;
/** Keys 0–35 are single characters, 36 + a·36 + b the pair ab. */
export const KEYS = CHARS + CHARS * CHARS;

/** 0–25 a–z, 26–35 0–9; -1 for anything else (searched by string only). */
export function charCode(code: number): number {
  if (code >= 97 && code <= 122) return code - 97;
  if (code >= 48 && code <= 57) return code - 22;
  return -1;
}

/** The key of a one- or two-character token, or -1 when it has another length or character. */
export function tokenKey(tok: string): number {
  const a = charCode(tok.charCodeAt(0));
  if (tok.length === 1) return a;
  const b = charCode(tok.charCodeAt(1));
  return tok.length === 2 && a >= 0 && b >= 0 ? CHARS + a * CHARS + b : -1;
}

/** The keys of a token's indexed pairs (and of its characters when it has no pair), for narrowing. */
export function filterKeys(tok: string): number[] {
  const out = new Set<number>();
  for (let i = 0; i < tok.length; i++) {
    const b = charCode(tok.charCodeAt(i));
    const a = i > 0 ? charCode(tok.charCodeAt(i - 1)) : -1;
    if (a >= 0 && b >= 0) out.add(CHARS + a * CHARS + b);
    else if (b >= 0) out.add(b);
  }
  return [...out];
}

export class GramIndex {
  /**
   * By tier, the slots whose best occurrence of each key has that tier: [LONG_TEXT, MAIN, WORD_START]
   * at 1–3 (0 unused). Disjoint, so a record costs one set entry per distinct key.
   */
  // Filled with undefined up front so the arrays stay dense (a sparse one is a slow dictionary).
  readonly sets: (SlotSet | undefined)[][] = [0, 1, 2, 3].map(() =>
    new Array<undefined>(KEYS).fill(undefined),
  );
  // Per-record scratch: the best tier each key reached, and which keys were touched.
  private readonly best = new Uint8Array(KEYS);
  private readonly seen = new Int32Array(KEYS);

  add(slot: number, hay: string, long: string): void {
    const n = this.collect(hay, long);
    const { best, seen, sets } = this;
    for (let i = 0; i < n; i++) {
      const key = seen[i] ?? 0;
      const byKey = sets[best[key] ?? 0] as (SlotSet | undefined)[];
      best[key] = 0;
      (byKey[key] ??= new SlotSet()).add(slot);
    }
  }

  remove(slot: number, hay: string, long: string): void {
    const n = this.collect(hay, long);
    const { best, seen, sets } = this;
    for (let i = 0; i < n; i++) {
      const key = seen[i] ?? 0;
      sets[best[key] ?? 0]?.[key]?.delete(slot);
      best[key] = 0;
    }
  }

  /** How many slots have the key at all. */
  count(key: number): number {
    const { sets } = this;
    return (sets[1]?.[key]?.size ?? 0) + (sets[2]?.[key]?.size ?? 0) + (sets[3]?.[key]?.size ?? 0);
  }

  /**
   * Sets the bit of every slot having the key in `words` (bit s of word s >>> 5); with `atLeast`, only
   * of those whose best tier for it is that or better.
   */
  orInto(key: number, words: Uint32Array, atLeast: number = TIER.LONG_TEXT): void {
    for (let t = atLeast; t <= 3; t++) this.sets[t]?.[key]?.orInto(words);
  }

  /** Sets, in `words[t]` for each tier t (1–3), the bit of every slot whose best tier for the key is t. */
  tierBits(key: number, words: readonly Uint32Array[]): void {
    for (let t = 1; t <= 3; t++) {
      const into = words[t];
      if (into) this.sets[t]?.[key]?.orInto(into);
    }
  }

  /** Writes every slot having the key into `out` from `at` (any order); returns the new end. */
  into(key: number, out: Int32Array, at: number): number {
    let n = at;
    for (let t = 1; t <= 3; t++) {
      const set = this.sets[t]?.[key];
      if (set) n = set.into(out, n);
    }
    return n;
  }

  /** The rank a one- or two-character token's key gets in a slot (TIER.NONE when absent). */
  tierOf(key: number, slot: number): number {
    const { sets } = this;
    if (sets[3]?.[key]?.has(slot)) return TIER.WORD_START;
    if (sets[2]?.[key]?.has(slot)) return TIER.MAIN;
    return sets[1]?.[key]?.has(slot) ? TIER.LONG_TEXT : TIER.NONE;
  }

  /**
   * Every slot having the key, with its tier, read set by set: one pass over each set's members, not a
   * lookup in each set per slot (a one-letter key has nearly every slot).
   */
  lists(key: number): { slots: Int32Array; tiers: Uint8Array } {
    const slots = new Int32Array(this.count(key));
    const tiers = new Uint8Array(slots.length);
    let n = 0;
    for (let t = 1; t <= 3; t++) {
      const set = this.sets[t]?.[key];
      if (!set) continue;
      const end = set.into(slots, n);
      tiers.fill(t, n, end);
      n = end;
    }
    return { slots, tiers };
  }

  /** Fills `seen` with the record's distinct keys and `best` with each one's tier; returns the count. */
  private collect(hay: string, long: string): number {
    let n = this.scan(hay, TIER.MAIN, 0);
    if (long) n = this.scan(long, TIER.LONG_TEXT, n);
    return n;
  }

  private scan(text: string, tier: number, n: number): number {
    const { best, seen } = this;
    const main = tier === TIER.MAIN;
    // The previous character's code (-1: not indexed) and whether it started a word.
    let prev = -1;
    let prevStart = false;
    let space = false;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      const c = code >= 97 && code <= 122 ? code - 97 : code >= 48 && code <= 57 ? code - 22 : -1;
      const start = main && space;
      space = code === 32;
      if (c >= 0) {
        const t = start ? TIER.WORD_START : tier;
        const had = best[c] ?? 0;
        if (had < t) {
          if (had === 0) seen[n++] = c;
          best[c] = t;
        }
        if (prev >= 0) {
          const key = CHARS + prev * CHARS + c;
          const pt = prevStart ? TIER.WORD_START : tier;
          const pairHad = best[key] ?? 0;
          if (pairHad < pt) {
            if (pairHad === 0) seen[n++] = key;
            best[key] = pt;
          }
        }
      }
      prev = c;
      prevStart = start;
    }
    return n;
  }
}
