/**
 * The prefilter: each record has a signature of SIG 32-bit words in one typed array — which characters
 * its haystacks contain, which characters start a word and which occur in its main haystack, and a
 * 256-bit hash set of its character pairs. A query's tokens need certain bits; a record lacking any is
 * skipped without touching its strings. Single-character tokens are decided by the signature alone
 * (exact for a–z and 0–9), their rank too: word start, main haystack, or long text only.
 */

/**
 * Signature words per slot: 2 "contains char" (either haystack), 2 "char starts a word" (main),
 * 8 char-pair hash bits (either), 2 "main haystack contains char".
 */
export const SIG = 14;
/** Offset of the "char starts a word" words. */
export const WS = 2;
const PAIRS = 4;
/** Offset of the "main haystack contains char" words. */
export const MAIN = 12;

/** 0–25 a–z, 26–35 0–9 (exact); anything else hashed into 36–63. */
function charBit(code: number): number {
  if (code >= 97 && code <= 122) return code - 97;
  if (code >= 48 && code <= 57) return code - 22;
  return 36 + (code % 28);
}
const isExactChar = (code: number): boolean => (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
const pairBit = (a: number, b: number): number => (Math.imul(a * 131 + b, 0x9e3779b1) >>> 24) & 255;
const isSep = (code: number): boolean => code === 32 || code === 1;

function setBit(words: Uint32Array, offset: number, bit: number): void {
  const i = offset + (bit >>> 5);
  words[i] = (words[i] ?? 0) | (1 << (bit & 31));
}

/** Signs the main haystack `hay` and the long-text one `long` ('' when none). */
export function writeSignature(sig: Uint32Array, slot: number, hay: string, long: string): void {
  const base = slot * SIG;
  sig.fill(0, base, base + SIG);
  let prev = 1;
  for (let i = 0; i < hay.length; i++) {
    const code = hay.charCodeAt(i);
    if (isSep(code)) {
      prev = code;
      continue;
    }
    const bit = charBit(code);
    setBit(sig, base, bit);
    setBit(sig, base + MAIN, bit);
    if (isSep(prev)) setBit(sig, base + WS, bit);
    else setBit(sig, base + PAIRS, pairBit(prev, code));
    prev = code;
  }
  prev = 1;
  for (let i = 0; i < long.length; i++) {
    const code = long.charCodeAt(i);
    if (isSep(code)) {
      prev = code;
      continue;
    }
    setBit(sig, base, charBit(code));
    if (!isSep(prev)) setBit(sig, base + PAIRS, pairBit(prev, code));
    prev = code;
  }
}

/** One way a record can match: all of `tokens`. */
export interface Alternative {
  tokens: string[];
  spaced: string[];
  /** Signature bits every match must have, as (word index, mask) pairs. */
  needWords: Int32Array;
  needMasks: Uint32Array;
  /** Every token is one a–z/0–9 character: the signature alone decides, no string work. */
  exact: boolean;
  /** For `exact`: the char bits all tokens need, at a word start (top tier) or in the main haystack. */
  wsMask: Uint32Array;
}

export function alternative(tokens: string[]): Alternative {
  const need = new Uint32Array(SIG);
  const wsMask = new Uint32Array(2);
  let exact = true;
  for (const tok of tokens) {
    if (tok.length !== 1 || !isExactChar(tok.charCodeAt(0))) exact = false;
    for (let i = 0; i < tok.length; i++) {
      const code = tok.charCodeAt(i);
      setBit(need, 0, charBit(code));
      if (i > 0) setBit(need, PAIRS, pairBit(tok.charCodeAt(i - 1), code));
    }
    if (tok.length === 1) setBit(wsMask, 0, charBit(tok.charCodeAt(0)));
  }
  const words: number[] = [];
  const masks: number[] = [];
  need.forEach((m, w) => {
    if (m) {
      words.push(w);
      masks.push(m);
    }
  });
  return {
    tokens,
    spaced: tokens.map((t) => ' ' + t),
    needWords: Int32Array.from(words),
    needMasks: Uint32Array.from(masks),
    exact,
    wsMask,
  };
}
