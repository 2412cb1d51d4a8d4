/**
 * How a customer reads on screen. Everything returns plain strings; the UI renders them as text.
 */
import type { Address } from '@contract/customer';
import type { LocalCustomer } from '$lib/data/types';

type Named = Pick<LocalCustomer, 'first_name' | 'last_name' | 'company_name' | 'email' | 'phone'>;

const clean = (value: string | null | undefined): string => (value ?? '').trim();

/** Person's name, else company, else email, else phone: there is always something to call them. */
export function displayName(c: Named): string {
  const person = [clean(c.first_name), clean(c.last_name)].filter(Boolean).join(' ');
  return person || clean(c.company_name) || clean(c.email) || clean(c.phone) || 'Unnamed customer';
}

/** Company shown beside the name only when the name isn't already the company. */
export function secondaryCompany(c: Named): string {
  const person = [clean(c.first_name), clean(c.last_name)].filter(Boolean).join(' ');
  return person ? clean(c.company_name) : '';
}

/** Address as display lines: street lines, then "City, ST 12345", then country. */
export function addressLines(a: Address | null | undefined): string[] {
  if (!a) return [];
  const locality = [clean(a.city), [clean(a.state), clean(a.zip)].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  return [clean(a.street1), clean(a.street2), locality, clean(a.country)].filter(Boolean);
}

/** OpenStreetMap search for the address; null when there is nothing to search for. */
export function mapsUrl(a: Address | null | undefined): string | null {
  const lines = addressLines(a);
  if (lines.length === 0) return null;
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(lines.join(', '))}`;
}

/** tel: link keeping only what a dialer understands (digits, +, *, #, and extension markers). */
export function telHref(phone: string | null | undefined): string | null {
  const digits = clean(phone).replace(/[^\d+*#,;]/g, '');
  return digits ? `tel:${digits}` : null;
}

export function mailtoHref(email: string | null | undefined): string | null {
  const value = clean(email);
  return value ? `mailto:${value}` : null;
}

/** A field's value for "old → new" lists: never an empty string, which reads as a glitch. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return 'not set';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.length ? value.map(String).join(', ') : 'none';
  const text = String(value);
  return text.trim() === '' ? 'empty' : text;
}
