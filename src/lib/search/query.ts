/**
 * A query's text as search uses it: folded words that must all match, and for a phone-like query its
 * digits as a second way to match; how a record's haystacks rank against them; and when one query
 * narrows another (typing on), so only the earlier matches need checking.
 *
 * Search compares letters and digits only (normalize.ts folds everything else to word breaks), so a
 * text with none of them ("@", "-", an emoji, spaces) has nothing to look for: it matches no customer
 * rather than every one. Searching such characters literally is not offered: "@" and "." are in every
 * email, so it would be close to matching everyone again; "@example" still finds "…@example.com".
 */
import { digitsOnly, foldText, isPhoneLike } from './normalize';

export interface ParsedText {
  /** Folded query words, all required (AND). */
  tokens: string[];
  /** Digits of a phone-like query, matched as one alternative token; '' when not phone-like. */
  digits: string;
  norm: string;
  key: string;
}

export function parseText(text: string): ParsedText {
  const norm = foldText(text);
  const tokens = norm ? norm.split(' ') : [];
  const digits = isPhoneLike(text) ? digitsOnly(text) : '';
  return { tokens, digits, norm, key: `${norm}|${digits}` };
}

export const isTextual = (p: ParsedText): boolean => p.tokens.length > 0 || p.digits !== '';

/**
 * What a query's text asks for: every customer (no text at all), nothing (text without a letter or
 * digit to look for), or the customers matching its words.
 */
export type TextKind = 'all' | 'unsearchable' | 'words';

export function textKind(text: string): TextKind {
  if (text === '') return 'all';
  return isTextual(parseText(text)) ? 'words' : 'unsearchable';
}

/** The ways a record can match (each a list of tokens, all required): the words, or (phone-like) the digits when they differ. */
export function alternativesOf(parsed: ParsedText): string[][] {
  const alts: string[][] = [];
  if (parsed.tokens.length) alts.push(parsed.tokens);
  if (parsed.digits && !(parsed.tokens.length === 1 && parsed.tokens[0] === parsed.digits))
    alts.push([parsed.digits]);
  return alts;
}

/** Match ranks, best first; a record takes the lowest its tokens reach. */
export const TIER = { WORD_START: 3, MAIN: 2, LONG_TEXT: 1, NONE: 0 } as const;

/**
 * How a record's main haystack `h` and long-text haystack `long` rank against the tokens: every token
 * at a word start of `h`, every token somewhere in `h`, some token only in `long`, or no match.
 */
export function tierOf(
  h: string,
  long: string,
  tokens: readonly string[],
  spaced: readonly string[],
): number {
  let tier: number = TIER.WORD_START;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] ?? '';
    const at = h.indexOf(tok);
    if (at === -1) {
      if (long === '' || long.indexOf(tok) === -1) return TIER.NONE;
      tier = TIER.LONG_TEXT;
    } else if (tier === TIER.WORD_START && h.charCodeAt(at - 1) !== 32 && !h.includes(spaced[i] ?? ''))
      tier = TIER.MAIN;
  }
  return tier;
}

/**
 * True when every record matching `next` also matches `prev`, so `next` only needs to re-check
 * prev's matches: the folded text grew at the end, and a digits alternative only grew too.
 */
export function extendsQuery(next: ParsedText, prev: ParsedText): boolean {
  if (!isTextual(prev)) return false;
  if (!next.norm.startsWith(prev.norm)) return false;
  if (next.digits === '') return true;
  const only = prev.tokens.length === 1 ? (prev.tokens[0] ?? '') : '';
  const prevDigits = prev.digits || (/^\d+$/.test(only) ? only : '');
  return prevDigits !== '' && next.digits.startsWith(prevDigits);
}
