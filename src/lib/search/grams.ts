/**
 * The exact gram index: for every a–z/0–9 character and every pair of them, which slots have it at a
 * word start of the main haystack, anywhere in the main haystack, and anywhere at all (main or long
 * text), each a SlotSet (WS ⊂ MAIN ⊂ ANY). A token of one or two such characters is answered, rank
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
  readonly ws: (SlotSet | undefined)[] = new Array<SlotSet | undefined>(KEYS);
  readonly main: (SlotSet | undefined)[] = new Array<SlotSet | undefined>(KEYS);
  readonly any: (SlotSet | undefined)[] = new Array<SlotSet | undefined>(KEYS);
  // Per-record scratch: the best tier each key reached, and which keys were touched.
  private readonly best = new Uint8Array(KEYS);
  private readonly seen = new Int32Array(KEYS);

  add(slot: number, hay: string, long: string): void {
    const n = this.collect(hay, long);
    const { best, seen } = this;
    for (let i = 0; i < n; i++) {
      const key = seen[i] ?? 0;
      const tier = best[key] ?? 0;
      best[key] = 0;
      (this.any[key] ??= new SlotSet()).add(slot);
      if (tier >= TIER.MAIN) (this.main[key] ??= new SlotSet()).add(slot);
      if (tier === TIER.WORD_START) (this.ws[key] ??= new SlotSet()).add(slot);
    }
  }

  remove(slot: number, hay: string, long: string): void {
    const n = this.collect(hay, long);
    const { best, seen } = this;
    for (let i = 0; i < n; i++) {
      const key = seen[i] ?? 0;
      best[key] = 0;
      this.any[key]?.delete(slot);
      this.main[key]?.delete(slot);
      this.ws[key]?.delete(slot);
    }
  }

  /** The rank a one- or two-character token's `key` gets in `slot` (TIER.NONE when absent). */
  tier(key: number, slot: number): number {
    if (!this.any[key]?.has(slot)) return TIER.NONE;
    if (!this.main[key]?.has(slot)) return TIER.LONG_TEXT;
    return this.ws[key]?.has(slot) ? TIER.WORD_START : TIER.MAIN;
  }

  /** Bytes the sets hold, for the memory probe. */
  get bytes(): number {
    let b = 0;
    for (const sets of [this.ws, this.main, this.any]) for (const s of sets) b += s ? s.bytes : 0;
    return b;
  }

  /** Fills `seen` with the record's distinct keys and `best` with each one's tier; returns the count. */
  private collect(hay: string, long: string): number {
    let n = this.scan(hay, TIER.MAIN, 0);
    if (long) n = this.scan(long, TIER.LONG_TEXT, n);
    return n;
  }

  private scan(text: string, tier: number, n: number): number {
    const { best, seen } = this;
    let prev = -1;
    let prevStart = false;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      const c = charCode(code);
      const start = tier === TIER.MAIN && text.charCodeAt(i - 1) === 32;
      if (c >= 0) {
        const t = start ? TIER.WORD_START : tier;
        if ((best[c] ?? 0) === 0) seen[n++] = c;
        if ((best[c] ?? 0) < t) best[c] = t;
        if (prev >= 0) {
          const key = CHARS + prev * CHARS + c;
          const pt = prevStart ? TIER.WORD_START : tier;
          if ((best[key] ?? 0) === 0) seen[n++] = key;
          if ((best[key] ?? 0) < pt) best[key] = pt;
        }
      }
      prev = c;
      prevStart = start;
    }
    return n;
  }
}
