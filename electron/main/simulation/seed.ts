import { blankCustomer } from './customer';
import type { ServerCustomer } from './customer';
import { chance, mulberry32, pick, uuid } from './prng';
import type { Rng } from './prng';

/**
 * Deterministic, realistic customers for tests, benchmarks and the demo. Realistic means the awkward
 * parts on purpose: accents and apostrophes, documented nulls, multi-line notes, phones typed in
 * several formats. Generation is a single pass with table look-ups, so 200,000 records stay well
 * under the benchmarks' 2 s budget.
 */

interface Name {
  text: string;
  /** ASCII letters only, for email local parts. */
  ascii: string;
}

const names = (list: readonly string[]): Name[] =>
  list.map((text) => ({
    text,
    ascii: text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase(),
  }));

// prettier-ignore
const FIRST_NAMES = names([
  'Chloé', 'Zoë', 'José', 'Ngọc', 'Siobhán', 'François', 'Björn', 'Aoife', 'Renée', 'Mateo',
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Ethan', 'Sofia', 'Lucas', 'Mia', 'Aiden',
  'Priya', 'Wei', 'Fatima', 'Dmitri', 'Anaïs', 'Søren', 'Ximena', 'Jürgen', 'Malik', 'Hannah',
  'Grace', 'Jack', 'Kwame', 'Yuki', 'Thảo', 'Seán', 'Maëlle', 'Inès', 'Carlos', 'Amelia',
  'Ryan', 'Maria', 'David', 'Sarah', 'James', 'Linda', 'Robert', 'Patricia', 'Michael', 'Jennifer',
]);

// prettier-ignore
const LAST_NAMES = names([
  "O'Brien", "D'Angelo", "O'Connor", 'Müller', 'García', 'Nguyễn', 'Smith', 'Johnson', 'Williams', 'Brown',
  'Jones', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernández', 'Lopez', 'Wilson', 'Anderson', 'Thomas',
  'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Pérez', 'Thompson', 'White', 'Harris', 'Sánchez',
  'Clark', 'Ramírez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott',
  'Torres', 'Kowalski', 'Øvergaard', 'Van der Berg', 'McAllister', 'St. John', 'Brontë', 'Nakamura', 'Okafor', 'Haddad',
]);

// prettier-ignore
const COMPANIES = [
  'Lakeside Property Management', "O'Malley's Pub", 'Café Lumière', 'Northstar HOA', 'Bright Smile Dental',
  'Hôtel Saint-Germain', 'Acme Storage LLC', 'Green Valley Apartments', 'Maple & Birch Realty',
  'The Daily Grind Coffee', 'Riverside Church', "Zoë's Bakery", 'Summit Office Park', 'Pine Ridge Condos',
  'Smith & Sons Hardware', 'Blue Heron Dental', 'Élan Salon', 'Harbor View Marina', "St. Mary's School",
  'Midtown Medical Plaza',
];

/** [city, state, zip prefix, area code, latitude, longitude]; area codes are unique so phones can be. */
// prettier-ignore
const CITIES: readonly (readonly [string, string, string, string, number, number])[] = [
  ['Minneapolis', 'MN', '554', '612', 44.98, -93.27],
  ['St. Paul', 'MN', '551', '651', 44.95, -93.09],
  ['Austin', 'TX', '787', '512', 30.27, -97.74],
  ['Denver', 'CO', '802', '303', 39.74, -104.99],
  ['Portland', 'OR', '972', '503', 45.52, -122.68],
  ['Seattle', 'WA', '981', '206', 47.61, -122.33],
  ["Coeur d'Alene", 'ID', '838', '208', 47.68, -116.78],
  ['Raleigh', 'NC', '276', '919', 35.78, -78.64],
  ['Columbus', 'OH', '432', '614', 39.96, -83.0],
  ['Nashville', 'TN', '372', '615', 36.16, -86.78],
  ['Phoenix', 'AZ', '850', '602', 33.45, -112.07],
  ['Tampa', 'FL', '336', '813', 27.95, -82.46],
  ['Sacramento', 'CA', '958', '916', 38.58, -121.49],
  ['Madison', 'WI', '537', '608', 43.07, -89.4],
  ['San Jose', 'CA', '951', '408', 37.34, -121.89],
  ['Santa Fe', 'NM', '875', '505', 35.69, -105.94],
];

// prettier-ignore
const STREETS = [
  'Maple St', 'Oak Ave', 'Cedar Ln', 'Lakeview Dr', 'Birch Rd', 'Elm St', 'Hillcrest Blvd', 'Sunset Ave',
  'Pine Ct', 'River Rd', 'Chestnut Way', "Ol' Mill Rd", 'Park Pl', 'Washington Ave', 'Lincoln St',
  'Meadowbrook Dr', 'Aspen Cir', 'Willow Bend', 'Harbor St', 'Ridge Rd',
];
const STREET2 = ['Apt 4B', 'Unit 12', 'Suite 200', '#3', 'Floor 2', 'Rear entrance'];

// prettier-ignore
export const SEED_TAGS = [
  'window-cleaning', 'gutters', 'pressure-washing', 'lawn', 'pest', 'vip', 'monthly', 'quarterly',
  'annual', 'commercial', 'residential', 'christmas-lights', 'solar-panels', 'dryer-vent', 'new-customer',
  'referral', 'gate-code', 'pets',
] as const;

const NOTE_LINES = [
  'Gate code 4821#',
  'Dog in backyard — please call ahead.',
  'Prefers mornings.',
  'Pay by check on site.',
  'Ladder access on north side only.',
  'Customer asked for no texts; call instead.',
  'Screens are fragile, handle with care.',
  'Commercial account: invoice the property manager.',
  'Note: "Do not" park in the driveway.',
  'Hablo español — prefers Spanish.',
  'Skylights included in quote.',
  'Hard water stains on the south windows.',
];

const SOURCES = ['google', 'referral', 'website', 'facebook', 'yelp', 'door hanger', 'nextdoor'];
const SERVICE_TYPES = ['Window Cleaning', 'Gutter Cleaning', 'Pressure Washing', 'Lawn Care', 'Pest Control'];
const FREQUENCIES = ['one-time', 'monthly', 'quarterly', 'bi-annual', 'annual'];
const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.example.com'];

/** Seeded records span these years; fixed (not "now") so a seed always means the same data. */
export const SEED_START_MS = Date.UTC(2018, 0, 1);
export const SEED_END_MS = Date.UTC(2025, 5, 1);

/** 7919 is prime and coprime with 8,000,000, so `k * 7919 mod 8e6` is a bijection: phones never repeat. */
const PHONE_SPACE = 8_000_000;
const PHONE_STEP = 7919;

function formatPhone(rng: Rng, area: string, exchange: number, line: string): string {
  const roll = rng();
  if (roll < 0.82) return `(${area}) ${exchange}-${line}`;
  if (roll < 0.9) return `${area}-${exchange}-${line}`;
  if (roll < 0.96) return `+1 ${area} ${exchange} ${line}`;
  return `${area}${exchange}${line}`;
}

function pickTags(rng: Rng): string[] | null {
  const roll = rng();
  if (roll < 0.1) return null;
  if (roll < 0.2) return [];
  const count = 1 + Math.floor(rng() * 3);
  const tags: string[] = [];
  for (let i = 0; i < count; i++) {
    const tag = pick(rng, SEED_TAGS);
    if (!tags.includes(tag)) tags.push(tag);
  }
  // push() leaves room for 17 items; 200,000 of those would double the seed's memory (and its GC time).
  return tags.slice();
}

function pickNotes(rng: Rng): string | null {
  if (chance(rng, 0.4)) return null;
  const count = 1 + Math.floor(rng() * 3);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(pick(rng, NOTE_LINES));
  return lines.join('\n');
}

/**
 * `n` customers, newest first (strictly decreasing created_at, so order never depends on ids),
 * identical for identical (n, seed).
 */
export function seedCustomers(n: number, seed = 1): ServerCustomer[] {
  const rng = mulberry32(seed);
  const phoneOffset = Math.floor(rng() * PHONE_SPACE);
  const span = SEED_END_MS - SEED_START_MS;
  const meanGap = n > 0 ? span / n : 0;
  let t = SEED_END_MS;
  const out: ServerCustomer[] = new Array<ServerCustomer>(n);

  for (let i = 0; i < n; i++) {
    t -= 1 + Math.floor(rng() * 2 * meanGap);
    const city = CITIES[i % CITIES.length] as (typeof CITIES)[number];
    const first = pick(rng, FIRST_NAMES);
    const last = pick(rng, LAST_NAMES);
    const c = blankCustomer(uuid(rng), new Date(t).toISOString());

    const hasCompany = chance(rng, 0.3);
    c.company_name = hasCompany ? pick(rng, COMPANIES) : null;
    // A few business accounts carry only a company name.
    const nameless = hasCompany && chance(rng, 0.05);
    c.first_name = nameless ? null : first.text;
    c.last_name = nameless ? null : last.text;

    if (!chance(rng, 0.04)) {
      const k = Math.floor(i / CITIES.length);
      const n7 = (k * PHONE_STEP + phoneOffset) % PHONE_SPACE;
      const exchange = 200 + Math.floor(n7 / 10_000);
      const line = String(n7 % 10_000).padStart(4, '0');
      c.phone = formatPhone(rng, city[3], exchange, line);
    }
    if (!chance(rng, 0.15)) {
      // The index makes every address unique, so phone-then-email matching never hits two seeds.
      const local = `${first.ascii}.${last.ascii}${i}`;
      const domain = pick(rng, EMAIL_DOMAINS);
      c.email = chance(rng, 0.05)
        ? `${local.charAt(0).toUpperCase()}${local.slice(1)}@${domain.toUpperCase()}`
        : `${local}@${domain}`;
    }

    c.property_street1 = `${1 + Math.floor(rng() * 9899)} ${pick(rng, STREETS)}`;
    c.property_street2 = chance(rng, 0.12) ? pick(rng, STREET2) : null;
    c.property_city = city[0];
    c.property_state = city[1];
    c.property_zip = `${city[2]}${String(Math.floor(rng() * 100)).padStart(2, '0')}`;
    c.property_country = 'US';
    c.location = chance(rng, 0.2)
      ? null
      : [
          Math.round((city[4] + (rng() - 0.5) * 0.2) * 1e5) / 1e5,
          Math.round((city[5] + (rng() - 0.5) * 0.2) * 1e5) / 1e5,
        ];

    const billing = rng();
    if (billing < 0.75) c.billing_same_as_property = true;
    else if (billing < 0.85) {
      c.billing_same_as_property = false;
      c.billing_street1 = `PO Box ${100 + Math.floor(rng() * 9000)}`;
      c.billing_city = city[0];
      c.billing_state = city[1];
      c.billing_zip = `${city[2]}${String(Math.floor(rng() * 100)).padStart(2, '0')}`;
      c.billing_country = 'US';
    }

    c.notes = pickNotes(rng);
    c.tags = pickTags(rng);
    c.source = chance(rng, 0.15) ? null : pick(rng, SOURCES);
    c.service_type = chance(rng, 0.3) ? null : pick(rng, SERVICE_TYPES);
    c.service_frequency = c.service_type ? pick(rng, FREQUENCIES) : null;
    c.status = chance(rng, 0.88) ? 'active' : 'inactive';
    c.is_auto_pay = chance(rng, 0.35);
    c.archived = chance(rng, 0.03);
    out[i] = c;
  }
  return out;
}
