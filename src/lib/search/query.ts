/**
 * A query's text as search uses it: folded words that must all match, and for a phone-like query its
 * digits as a second way to match; how a haystack ranks against them; and when one query narrows
 * another (typing on), so only the earlier matches need checking.
 */
import { alternative } from './signature';
import type { Alternative } from './signature';
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

/** The ways a record can match: all the words, or (phone-like) the digits when they differ. */
export function alternativesOf(parsed: ParsedText): Alternative[] {
  const alts: Alternative[] = [];
  if (parsed.tokens.length) alts.push(alternative(parsed.tokens));
  if (parsed.digits && !(parsed.tokens.length === 1 && parsed.tokens[0] === parsed.digits))
    alts.push(alternative([parsed.digits]));
  return alts;
}

/** 2 = every token at a word start, 1 = every token somewhere, 0 = no match. */
export function tierOf(h: string, tokens: readonly string[], spaced: readonly string[]): number {
  let tier = 2;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] ?? '';
    const at = h.indexOf(tok);
    if (at === -1) return 0;
    if (tier === 2 && h.charCodeAt(at - 1) !== 32 && !h.includes(spaced[i] ?? '')) tier = 1;
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
