/**
 * Hand-run probe, not a test (no timing asserts): keystroke search latency over 50,000 seeded-like
 * customers. Run:
 *   npx rolldown test/renderer/search/perf-probe.ts --platform node --format esm -o /tmp/perf-probe.mjs
 *   node /tmp/perf-probe.mjs
 */
import type { LocalCustomer } from '../../../src/lib/data/types';
import { SearchIndex } from '../../../src/lib/search/index';

let seed = 7;
const rand = (): number => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
function pick<T>(list: readonly T[]): T {
  const v = list[Math.floor(rand() * list.length)];
  if (v === undefined) throw new Error('empty list');
  return v;
}
/** Percentile of sorted timings, formatted in ms. */
function pct(sorted: readonly number[], p: number, digits = 2): string {
  const v = sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return v.toFixed(digits);
}

const FIRST = [
  'Ann',
  'Bob',
  'Chloé',
  'Dmitri',
  'Émile',
  'Fatima',
  'José',
  'Kai',
  'Léa',
  'Maria',
  'Noah',
  'Olivia',
];
FIRST.push(
  'Priya',
  'Quinn',
  'Raúl',
  'Sofia',
  'Tomás',
  'Uma',
  'Victor',
  'Wei',
  'Xavier',
  'Yara',
  'Zoë',
  'John',
);
const LAST = [
  'Smith',
  'Johnson',
  'García',
  'Müller',
  'Nguyen',
  'Okafor',
  'Rossi',
  'Dubois',
  'Kowalski',
  'Lee',
];
LAST.push(
  'Brown',
  'Martínez',
  'Andersson',
  'Khan',
  'Silva',
  'Ivanova',
  'Cohen',
  "O'Brien",
  'Tanaka',
  'Walker',
);
const COMPANY = ['Plumbing', 'Lawn Care', 'HVAC', 'Roofing', 'Electric', 'Cleaning', 'Pools', 'Pest Control'];
const STREET = [
  'Main St',
  'Oak Ave',
  'Lakeshore Dr',
  'Maple Rd',
  'Pine Ln',
  'Cedar Ct',
  'Elm St',
  'River Rd',
];
const CITY = ['Minneapolis', 'St Paul', 'Duluth', 'Rochester', 'Bloomington', 'Edina', 'Eagan', 'Plymouth'];
const NOTE_WORDS = ['gate', 'code', 'dog', 'friendly', 'barks', 'side', 'door', 'call', 'before', 'arriving'];
NOTE_WORDS.push(
  'leave',
  'invoice',
  'mailbox',
  'back',
  'yard',
  'sprinkler',
  'shutoff',
  'basement',
  'key',
  'under',
);
NOTE_WORDS.push(
  'mat',
  'prefers',
  'mornings',
  'spanish',
  'speaker',
  'tenant',
  'landlord',
  'pays',
  'check',
  'cash',
);

/**
 * Notes like a field book's: 40% of customers have some, most a line or two, 2% a pasted history of a
 * few thousand characters (the case a bound on indexed text is for).
 */
function notesFor(): string | null {
  if (rand() >= 0.4) return null;
  const words = rand() < 0.05 ? 500 + Math.floor(rand() * 1000) : 4 + Math.floor(rand() * 40);
  const out: string[] = [];
  for (let w = 0; w < words; w++)
    out.push(rand() < 0.05 ? String(Math.floor(rand() * 10_000)) : pick(NOTE_WORDS));
  return out.join(' ');
}

const TAGS = ['vip', 'spring', 'fall', 'weekly', 'biweekly', 'commercial', 'residential', 'gate-code', 'dog'];

interface Seeded {
  record: LocalCustomer;
  /** Things a user would type to find this customer. */
  typed: string[];
}

function make(i: number): Seeded {
  const first = pick(FIRST);
  const last = pick(LAST);
  const phone = `(${600 + Math.floor(rand() * 300)}) 555-${String(Math.floor(rand() * 10_000)).padStart(4, '0')}`;
  const email = rand() < 0.8 ? `${first.toLowerCase()}.${last.toLowerCase()}${i}@example.com` : null;
  const street = `${1 + Math.floor(rand() * 9999)} ${pick(STREET)}`;
  const city = pick(CITY);
  const record: LocalCustomer = {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    first_name: first,
    last_name: last,
    company_name: rand() < 0.3 ? `${last} ${pick(COMPANY)}` : null,
    email,
    phone,
    notes: notesFor(),
    source: null,
    status: rand() < 0.85 ? 'active' : 'inactive',
    tags: TAGS.filter(() => rand() < 0.15),
    address: {
      street1: street,
      street2: null,
      city,
      state: 'MN',
      zip: String(55000 + Math.floor(rand() * 999)),
      country: 'US',
    },
    created_at: new Date(Date.UTC(2020, 0, 1) + Math.floor(rand() * 5 * 365 * 86_400_000)).toISOString(),
    is_auto_pay: null,
    location: null,
    service_type: null,
    service_frequency: null,
    billing: null,
    serverTags: [],
    syncState: rand() < 0.01 ? 'pending' : 'synced',
    fetchedAt: null,
    missingOnServer: false,
  };
  return {
    record,
    typed: [first, last, `${first} ${last}`, phone.replace(/\D/g, ''), email ?? last, city, street],
  };
}

const N = 50_000;
const seeded = Array.from({ length: N }, (_, i) => make(i));
const records = seeded.map((s) => s.record);
const index = new SearchIndex();
let t = performance.now();
index.load(records);
console.log(`load ${N}: ${(performance.now() - t).toFixed(1)} ms`);

const sorts = ['name', 'newest', 'company'] as const;
for (const s of sorts) index.search({ text: '', sort: s }); // cached orders built once (a click, not a keystroke)

// Typing sessions: type a target's name/phone/email/city char by char, then backspace to empty.
const times: number[] = [];
const coldTimes: number[] = [];
for (let session = 0; session < 150; session++) {
  const text = pick(pick(seeded).typed);
  const sort = pick(sorts);
  const status = rand() < 0.2 ? ('active' as const) : null;
  // A record changes between searches (a sync page, an edit): remembered match sets are dropped.
  index.upsert({ ...pick(records), notes: String(rand()), first_name: pick(FIRST) });
  for (let k = 1; k <= text.length; k++) {
    t = performance.now();
    index.search({ text: text.slice(0, k), sort, status });
    const took = performance.now() - t;
    times.push(took);
    if (k === 1) coldTimes.push(took);
  }
  for (let k = text.length - 1; k >= 0; k--) {
    t = performance.now();
    index.search({ text: text.slice(0, k), sort, status });
    times.push(performance.now() - t);
  }
}
times.sort((a, b) => a - b);
coldTimes.sort((a, b) => a - b);
console.log(
  `keystrokes: ${times.length}  p50 ${pct(times, 0.5)} ms  p95 ${pct(times, 0.95)} ms  p99 ${pct(times, 0.99)} ms  max ${pct(times, 1)} ms`,
);
console.log(
  `first keystroke after a data change: p50 ${pct(coldTimes, 0.5)} ms  p95 ${pct(coldTimes, 0.95)} ms`,
);

// Pasted queries (nothing earlier to narrow from), each after a data change.
const pasted: number[] = [];
for (let i = 0; i < 300; i++) {
  const text = pick(pick(seeded).typed);
  index.upsert({ ...pick(records), first_name: pick(FIRST), source: String(i) });
  t = performance.now();
  index.search({ text, sort: 'name' });
  pasted.push(performance.now() - t);
}
pasted.sort((a, b) => a - b);
console.log(
  `pasted query, cold: p50 ${pct(pasted, 0.5)} ms  p95 ${pct(pasted, 0.95)} ms  max ${pct(pasted, 1)} ms`,
);

const edits: number[] = [];
for (let i = 0; i < 500; i++) {
  const c = { ...pick(records), first_name: pick(FIRST), notes: 'x' };
  t = performance.now();
  index.upsert(c);
  edits.push(performance.now() - t);
}
edits.sort((a, b) => a - b);
console.log(
  `single-record upsert: p50 ${pct(edits, 0.5, 3)} ms  p95 ${pct(edits, 0.95, 3)} ms  max ${pct(edits, 1, 2)} ms`,
);

// Words only notes carry, typed char by char (with notes unsearched these find nothing).
const noteTimes: number[] = [];
for (const text of ['gate code', 'sprinkler', 'dog barks', 'basement key', 'spanish']) {
  index.upsert({ ...pick(records), first_name: pick(FIRST) });
  for (let k = 1; k <= text.length; k++) {
    t = performance.now();
    const r = index.search({ text: text.slice(0, k), sort: 'name' });
    noteTimes.push(performance.now() - t);
    if (k === text.length) console.log(`  "${text}": ${r.total} matches`);
  }
}
noteTimes.sort((a, b) => a - b);
console.log(
  `notes words typed: p50 ${pct(noteTimes, 0.5)} ms  p95 ${pct(noteTimes, 0.95)} ms  max ${pct(noteTimes, 1)} ms`,
);
