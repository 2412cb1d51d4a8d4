/**
 * Text normalisation shared by the search index and the cache's sort keys: accent-insensitive
 * (NFD, combining marks dropped), lower case, and every run of non letters/digits folded to one space,
 * so "Chloé", "chloe" and "CHLOE" are the same word and "(612) 555-1234" is "612 555 1234".
 */

const MARKS = /\p{M}+/gu;
const NON_WORD = /[^\p{L}\p{N}]+/gu;

export function normalizeText(value: string | null | undefined): string {
  if (!value) return '';
  return value.normalize('NFD').replace(MARKS, '').toLowerCase().replace(NON_WORD, ' ').trim();
}

export function digitsOnly(value: string | null | undefined): string {
  return value ? value.replace(/\D+/g, '') : '';
}

/** A query made of digits and phone punctuation only, e.g. "612-555", "(612) 555 1234", "+1 612". */
export function isPhoneLike(query: string): boolean {
  return /\d/.test(query) && /^[\d\s().+\-/]+$/.test(query);
}

interface NameParts {
  first_name: string | null;
  last_name: string | null;
  company_name: string | null;
  email: string | null;
  phone: string | null;
}

/**
 * Sort key for "by name": last name then first name; records with no name sort by company, then email,
 * then phone, so every record gets a meaningful place.
 */
export function sortName(c: NameParts): string {
  const name = normalizeText(`${c.last_name ?? ''} ${c.first_name ?? ''}`);
  if (name) return name;
  return normalizeText(c.company_name) || normalizeText(c.email) || digitsOnly(c.phone);
}
