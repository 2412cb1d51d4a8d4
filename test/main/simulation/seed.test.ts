import { describe, expect, it } from 'vitest';
import { SEED_END_MS, SEED_START_MS, SEED_TAGS, seedCustomers } from '../../../electron/main/simulation/seed';
import { phoneKey } from '../../../electron/main/simulation/customer';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('seedCustomers', () => {
  const customers = seedCustomers(3000, 42);
  const share = (test: (c: (typeof customers)[number]) => boolean) =>
    customers.filter(test).length / customers.length;

  it('is deterministic for a seed and differs between seeds', () => {
    expect(seedCustomers(3000, 42)).toEqual(customers);
    const other = seedCustomers(300, 43);
    expect(other.map((c) => c.id)).not.toEqual(seedCustomers(300, 42).map((c) => c.id));
  });

  it('gives unique UUID-shaped ids, unique phones and unique emails', () => {
    for (const c of customers) expect(c.id).toMatch(UUID);
    expect(new Set(customers.map((c) => c.id)).size).toBe(customers.length);
    const phones = customers.filter((c) => c.phone !== null).map((c) => phoneKey(c.phone));
    expect(phones.every((p) => p.length === 10)).toBe(true);
    expect(new Set(phones).size).toBe(phones.length);
    const emails = customers.filter((c) => c.email !== null).map((c) => c.email?.toLowerCase());
    expect(new Set(emails).size).toBe(emails.length);
  });

  it('orders records newest first, strictly, within the seeded span', () => {
    const times = customers.map((c) => Date.parse(c.created_at));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeLessThan(times[i - 1] as number);
    expect(times[0]).toBeLessThanOrEqual(SEED_END_MS);
    // Spread over years, not bunched at the end.
    expect(SEED_END_MS - (times.at(-1) as number)).toBeGreaterThan(3 * 365 * 86_400_000);
    expect(times.at(-1)).toBeGreaterThan(SEED_START_MS - 365 * 86_400_000);
  });

  it('contains the nulls the docs allow, alongside filled-in values', () => {
    const nullable = ['company_name', 'email', 'notes', 'phone', 'source', 'property_street2'] as const;
    for (const field of nullable) {
      expect(customers.some((c) => c[field] === null)).toBe(true);
      expect(customers.some((c) => c[field] !== null)).toBe(true);
    }
    expect(customers.some((c) => c.tags === null)).toBe(true);
    expect(customers.some((c) => Array.isArray(c.tags) && c.tags.length === 0)).toBe(true);
    expect(customers.some((c) => c.location === null)).toBe(true);
    expect(customers.some((c) => c.first_name === null && c.company_name !== null)).toBe(true);
    expect(customers.some((c) => c.billing_street1 === null && c.billing_same_as_property === true)).toBe(
      true,
    );
    expect(customers.some((c) => c.billing_street1 !== null && c.billing_same_as_property === false)).toBe(
      true,
    );
  });

  it('has realistic awkward text: accents, apostrophes, multi-line notes, several phone formats', () => {
    const nonAscii = /[^\u0020-\u007e]/;
    expect(customers.some((c) => nonAscii.test(c.first_name ?? ''))).toBe(true);
    expect(customers.some((c) => nonAscii.test(c.last_name ?? ''))).toBe(true);
    expect(customers.some((c) => (c.last_name ?? '').includes("'"))).toBe(true);
    expect(customers.some((c) => (c.company_name ?? '').includes("'"))).toBe(true);
    expect(customers.some((c) => (c.notes ?? '').includes('\n'))).toBe(true);
    expect(share((c) => /^\(\d{3}\) \d{3}-\d{4}$/.test(c.phone ?? ''))).toBeGreaterThan(0.7);
    expect(customers.some((c) => (c.phone ?? '').startsWith('+1 '))).toBe(true);
    expect(customers.some((c) => c.email !== null && c.email !== c.email.toLowerCase())).toBe(true);
  });

  it('uses home-service tags, mostly active statuses, and a few archived records', () => {
    const known = new Set<string>(SEED_TAGS);
    for (const c of customers) for (const tag of c.tags ?? []) expect(known.has(tag)).toBe(true);
    expect(share((c) => c.status === 'active')).toBeGreaterThan(0.8);
    expect(share((c) => c.status === 'inactive')).toBeGreaterThan(0.05);
    expect(share((c) => c.archived)).toBeGreaterThan(0.005);
    expect(share((c) => c.archived)).toBeLessThan(0.1);
  });

  it('generates 200,000 customers with unique ids and phones', () => {
    const big = seedCustomers(200_000, 7);
    expect(big).toHaveLength(200_000);
    expect(new Set(big.map((c) => c.id)).size).toBe(200_000);
    const phones = big.flatMap((c) => (c.phone ? [c.phone] : []));
    expect(new Set(phones).size).toBe(phones.length);
  });
});
