/**
 * Seeded generators of malformed IPC arguments. Every payload is invalid by construction against the
 * channel's contract schema: a valid base argument with one or more mutations that each, on their own,
 * make it invalid (a wrong type, a value out of range, an unknown key, a missing required field), or a
 * whole-argument replacement of the wrong kind. So a payload the dispatcher accepts is a real finding,
 * never an accident of the generator.
 */
import { CHANNELS } from '@contract/channels';
import type { ChannelName } from '@contract/channels';
import { WRITE_TEXT_FIELDS } from '@contract/customer';

export type Rng = () => number;

/** mulberry32: tiny and deterministic; the same seed gives the same payloads on every machine. */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (rng: Rng, n: number): number => Math.floor(rng() * n);

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[int(rng, items.length)];
  if (item === undefined) throw new RangeError('pick() needs a non-empty list');
  return item;
}

export const CATEGORIES = [
  'wrong-type',
  'huge-string',
  'prototype-keys',
  'deep-nesting',
  'extra-keys',
  'non-finite',
  'bad-number',
  'bad-enum',
  'huge-array',
  'unicode',
  'missing-required',
  'too-long',
  'not-cloneable',
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Payload {
  category: Category;
  /** What was done, for failure messages. */
  label: string;
  arg: unknown;
  /** Whether the argument can travel as JSON to the browser host (no functions, BigInt, Map…). */
  json: boolean;
}

// Shared, not rebuilt per payload: the fuzz run must stay fast on two cores.
export const MEGABYTE = 1024 * 1024;
export const HUGE_STRING = 'x'.repeat(MEGABYTE);
export const HUGE_UNICODE_STRING = '\u0000\ud800\u202e'.repeat(Math.ceil(MEGABYTE / 3));
export const NESTING_LEVELS = 10_000;
export const TEN_THOUSAND_TAGS: readonly string[] = Array.from({ length: 10_000 }, (_, i) => `tag-${i}`);

function nest(levels: number, wrap: (inner: unknown) => unknown): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = wrap(value);
  return value;
}
export const DEEP_ARRAY = nest(NESTING_LEVELS, (inner) => [inner]);
export const DEEP_OBJECT = nest(NESTING_LEVELS, (inner) => ({ a: inner }));
export const DEEP_ARRAY_TEXT = `${'['.repeat(NESTING_LEVELS)}1${']'.repeat(NESTING_LEVELS)}`;
export const DEEP_OBJECT_TEXT = `${'{"a":'.repeat(NESTING_LEVELS)}1${'}'.repeat(NESTING_LEVELS)}`;

/** Lone surrogates, NUL, BOM, bidi override, non-characters, line separators, combining marks. */
export const UNICODE_EDGES = [
  '\ud800',
  '\udfff',
  'a\ud800b',
  '\udc00\ud800',
  '\u0000',
  'a\u0000b',
  '\ufeff',
  '\uffff',
  '\ufffe',
  '\u202eevil',
  '\u2028\u2029',
  '\r\n',
  'e\u0301',
  '\u{10ffff}',
  '\u{1f600}',
] as const;

/** Keys that attack prototypes: own properties (as JSON.parse makes them), never assignments. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
export const POLLUTION_MARK = 'polluted-by-fuzz';

function pollutionValue(rng: Rng): unknown {
  // JSON.parse makes "__proto__" an own property rather than calling the setter.
  return pick(rng, [
    () => JSON.parse(`{"polluted":"${POLLUTION_MARK}","isAdmin":true}`) as unknown,
    () => JSON.parse(`{"prototype":{"polluted":"${POLLUTION_MARK}"}}`) as unknown,
    () => JSON.parse(`{"__proto__":{"polluted":"${POLLUTION_MARK}"}}`) as unknown,
    () => JSON.parse(`{"constructor":{"prototype":{"polluted":"${POLLUTION_MARK}"}}}`) as unknown,
  ])();
}

/** Sets an own property, even for `__proto__` (plain assignment would change the prototype instead). */
function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const WRONG_TYPES: readonly (() => unknown)[] = [
  () => 0,
  () => -1,
  () => 42.5,
  () => 'a string',
  () => '',
  () => true,
  () => false,
  () => null,
  () => [],
  () => [1, 'two', null],
  () => ({ nested: { deeper: [] } }),
];
const NON_FINITE: readonly number[] = [NaN, Infinity, -Infinity];

/** Values neither IPC nor JSON can carry as data (IPC refuses functions and symbols; JSON refuses all). */
const NOT_DATA_SCALARS: readonly (() => unknown)[] = [
  () => () => 'a function',
  () => 10n,
  () => Symbol('fuzz'),
];

/**
 * Non-plain objects Electron's structured clone does deliver to main. Where a schema's fields are all
 * optional, a validator that reads them as `{}` would accept them: those cases live in their own test.
 */
export const NON_PLAIN_OBJECTS: readonly (() => unknown)[] = [
  () => new Date(0),
  () => new Map([['theme', 'dark']]),
  () => new Set(['theme']),
  () => new Uint8Array([1, 2, 3]),
  () => /regexp/g,
  () => new Error('an error'),
];

/** Values IPC could structure-clone but JSON cannot carry, and values neither can (functions). */
const NOT_CLONEABLE: readonly (() => unknown)[] = [
  ...NOT_DATA_SCALARS,
  () => new Date(0),
  () => new Map([['page', 1]]),
  () => new Set([1]),
  () => new Uint8Array([1, 2, 3]),
  () => /regexp/g,
  () => new Error('an error'),
];

interface Made {
  category: Category;
  label: string;
  value: unknown;
  json: boolean;
}

/**
 * A whole-argument replacement that is never a valid argument for the channel. `allOptional`: the
 * channel's object has no required field, so only JSON-less scalars stand in for "not cloneable".
 */
function wholeArgument(rng: Rng, objectChannel: boolean, allOptional = false): Made {
  const kind = pick(rng, [
    'wrong-type',
    'wrong-type',
    'huge-string',
    'deep-nesting',
    'non-finite',
    'unicode',
    'huge-array',
    'prototype-keys',
    'not-cloneable',
  ] as const);
  switch (kind) {
    case 'wrong-type': {
      const value = pick(rng, WRONG_TYPES)();
      // An object-argument channel could accept a plain object; keep those to the no-argument channels.
      if (objectChannel && typeof value === 'object' && value !== null && !Array.isArray(value)) {
        return { category: kind, label: 'a number instead of an object', value: 7, json: true };
      }
      return { category: kind, label: `whole argument ${describe(value)}`, value, json: true };
    }
    case 'huge-string':
      return {
        category: kind,
        label: 'a 1 MB string as the argument',
        value: rng() < 0.5 ? HUGE_STRING : HUGE_UNICODE_STRING,
        json: true,
      };
    case 'deep-nesting':
      return rng() < 0.5
        ? { category: kind, label: '10,000 nested arrays', value: DEEP_ARRAY, json: true }
        : { category: kind, label: '10,000 nested objects', value: DEEP_OBJECT, json: true };
    case 'non-finite':
      return { category: kind, label: 'a non-finite number', value: pick(rng, NON_FINITE), json: true };
    case 'unicode':
      return { category: kind, label: 'a unicode edge string', value: pick(rng, UNICODE_EDGES), json: true };
    case 'huge-array':
      return { category: kind, label: '10,000 tags as the argument', value: TEN_THOUSAND_TAGS, json: true };
    case 'prototype-keys': {
      // Only prototype keys: no channel's argument is an object made of these alone.
      const key = pick(rng, PROTOTYPE_KEYS);
      const value = JSON.parse(`{"${key}":{"polluted":"${POLLUTION_MARK}"}}`) as unknown;
      return { category: kind, label: `an object with only ${key}`, value, json: true };
    }
    case 'not-cloneable': {
      const value = pick(rng, allOptional ? NOT_DATA_SCALARS : NOT_CLONEABLE)();
      return { category: kind, label: `not JSON: ${describe(value)}`, value, json: false };
    }
  }
}

function describe(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return 'a BigInt';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return `a string of ${value.length}`;
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return `${typeof value} ${String(value)}`;
}

/** One way of making a field invalid. `path` is where it acts, inside the argument. */
interface Mutation {
  category: Category;
  label: string;
  json: boolean;
  apply(arg: Record<string, unknown>, rng: Rng): void;
}

/**
 * The object at `path`, or null when an earlier mutation replaced or removed it (the argument is
 * invalid already, and stays so).
 */
function at(arg: Record<string, unknown>, path: readonly string[]): Record<string, unknown> | null {
  let target: unknown = arg;
  for (const key of path) {
    if (typeof target !== 'object' || target === null || Array.isArray(target)) return null;
    target = (target as Record<string, unknown>)[key];
  }
  return typeof target === 'object' && target !== null && !Array.isArray(target)
    ? (target as Record<string, unknown>)
    : null;
}

const set = (
  category: Category,
  path: readonly string[],
  field: string,
  values: readonly (() => unknown)[],
  json = true,
): Mutation => ({
  category,
  label: `${[...path, field].join('.')}: ${category}`,
  json,
  apply(arg, rng) {
    const target = at(arg, path);
    if (target) defineOwn(target, field, pick(rng, values)());
  },
});

const remove = (path: readonly string[], field: string): Mutation => ({
  category: 'missing-required',
  label: `${[...path, field].join('.')} missing`,
  json: true,
  apply(arg) {
    const target = at(arg, path);
    if (target) Reflect.deleteProperty(target, field);
  },
});

/** Unknown keys on a strict object; never one of the object's own field names. */
function extraKeys(path: readonly string[], known: readonly string[]): Mutation[] {
  const names = [
    'extra',
    'Page',
    'id ',
    ' apiKey',
    'admin',
    'toString',
    'hasOwnProperty',
    'valueOf',
    ...UNICODE_EDGES,
  ].filter((name) => !known.includes(name));
  return [
    {
      category: 'extra-keys',
      label: `${path.join('.') || '(argument)'}: unknown key`,
      json: true,
      apply(arg, rng) {
        const target = at(arg, path);
        if (!target) return;
        const count = 1 + int(rng, 3);
        for (let i = 0; i < count; i++) defineOwn(target, pick(rng, names), pick(rng, WRONG_TYPES)());
      },
    },
    {
      category: 'unicode',
      label: `${path.join('.') || '(argument)'}: unknown key with lone surrogates or NUL`,
      json: true,
      apply(arg, rng) {
        const target = at(arg, path);
        if (target) defineOwn(target, `k${pick(rng, UNICODE_EDGES)}`, pick(rng, UNICODE_EDGES));
      },
    },
    {
      category: 'prototype-keys',
      label: `${path.join('.') || '(argument)'}: __proto__ / constructor / prototype as own keys`,
      json: true,
      apply(arg, rng) {
        const target = at(arg, path);
        if (!target) return;
        const own = JSON.parse(
          `{"${pick(rng, PROTOTYPE_KEYS)}":${JSON.stringify(pollutionValue(rng))}}`,
        ) as Record<string, unknown>;
        for (const key of Object.keys(own)) defineOwn(target, key, own[key]);
      },
    },
    {
      category: 'extra-keys',
      label: `${path.join('.') || '(argument)'}: 1,000 unknown keys`,
      json: true,
      apply(arg) {
        const target = at(arg, path);
        if (!target) return;
        for (let i = 0; i < 1000; i++) defineOwn(target, `unknown_${i}`, i);
      },
    },
  ];
}

/** A string field: wrong types, non-finite numbers, not-cloneable values, and lengths past the limit. */
function stringField(
  path: readonly string[],
  field: string,
  opts: { min?: number; max: number; enumOf?: readonly string[] },
): Mutation[] {
  const tooLong = 'y'.repeat(opts.max + 1);
  const out: Mutation[] = [
    set(
      'wrong-type',
      path,
      field,
      WRONG_TYPES.filter((make) => typeof make() !== 'string'),
    ),
    set(
      'non-finite',
      path,
      field,
      NON_FINITE.map((n) => () => n),
    ),
    set('not-cloneable', path, field, NOT_CLONEABLE, false),
    set('too-long', path, field, [() => tooLong, () => `${tooLong}\ud800\u0000`]),
    set('huge-string', path, field, [() => HUGE_STRING, () => HUGE_UNICODE_STRING]),
    set('deep-nesting', path, field, [() => DEEP_ARRAY, () => DEEP_OBJECT]),
    set('huge-array', path, field, [() => TEN_THOUSAND_TAGS]),
  ];
  const { min, enumOf } = opts;
  if (min !== undefined && min > 0) {
    // Short, and still short after trimming: unicode that is not whitespace counts towards length.
    const short = Array.from({ length: min }, (_, n) => '\u0000'.repeat(n));
    out.push(set('unicode', path, field, [...short.map((s) => () => s), () => '\ud800'.repeat(min - 1)]));
  }
  if (enumOf) {
    const wrong = [
      'Active',
      'ACTIVE',
      'archived',
      'deleted',
      ' active',
      'active\u0000',
      'inactive\ud800',
      '',
      'activ',
    ].filter((v) => !enumOf.includes(v));
    out.push(
      set(
        'bad-enum',
        path,
        field,
        wrong.map((v) => () => v),
      ),
    );
  }
  return out;
}

function booleanField(path: readonly string[], field: string): Mutation[] {
  return [
    set('wrong-type', path, field, [
      () => 'true',
      () => 'false',
      () => 1,
      () => 0,
      () => null,
      () => [true],
      () => ({}),
    ]),
    set(
      'non-finite',
      path,
      field,
      NON_FINITE.map((n) => () => n),
    ),
    set(
      'unicode',
      path,
      field,
      UNICODE_EDGES.map((s) => () => s),
    ),
    set('not-cloneable', path, field, NOT_CLONEABLE, false),
  ];
}

/** An integer field in [min, max]: floats, out of range, negative zero below 1, strings of digits. */
function integerField(path: readonly string[], field: string, min: number, max: number): Mutation[] {
  const bad = [
    min - 1,
    min - 0.5,
    min + 0.5,
    -1,
    -1000,
    max + 1,
    max * 10,
    Number.MAX_SAFE_INTEGER + 2,
    1e300,
  ]
    .filter((n) => !(Number.isInteger(n) && n >= min && n <= max))
    .map((n) => () => n);
  if (min > 0)
    bad.push(
      () => -0,
      () => 0,
    );
  return [
    set('bad-number', path, field, bad),
    set(
      'non-finite',
      path,
      field,
      NON_FINITE.map((n) => () => n),
    ),
    set('wrong-type', path, field, [
      () => String(min),
      () => `${min}`,
      () => null,
      () => true,
      () => [min],
      () => ({}),
    ]),
    set(
      'unicode',
      path,
      field,
      UNICODE_EDGES.map((s) => () => `${min}${s}`),
    ),
    set('not-cloneable', path, field, [() => BigInt(min), () => new Date(min), () => () => min], false),
    set('huge-string', path, field, [() => HUGE_STRING]),
  ];
}

/** A tags array: 10,000 items, items empty or too long or not strings, unicode junk in the wrong shape. */
function tagsField(path: readonly string[], field: string, maxItems: number): Mutation[] {
  return [
    set('huge-array', path, field, [
      () => TEN_THOUSAND_TAGS,
      () => Array.from({ length: maxItems + 1 }, () => 'ok'),
    ]),
    set('wrong-type', path, field, [
      () => 'a,b',
      () => 5,
      () => null,
      () => ({ 0: 'a' }),
      () => [1, 2],
      () => [null],
    ]),
    set('too-long', path, field, [() => ['y'.repeat(201)], () => [HUGE_STRING]]),
    set('unicode', path, field, [
      () => [''],
      () => ['ok', ''],
      () => [['\ud800']],
      () => [{ tag: '\u0000' }],
    ]),
    set('deep-nesting', path, field, [() => DEEP_ARRAY]),
    set(
      'non-finite',
      path,
      field,
      NON_FINITE.map((n) => () => [n]),
    ),
    set('not-cloneable', path, field, [() => new Set(['a']), () => [() => 'a']], false),
  ];
}

interface ObjectChannel {
  base(): Record<string, unknown>;
  mutations: Mutation[];
  /** Every field optional: `{}` is valid, so whole-argument replacements must not be read as `{}`. */
  allOptional?: boolean;
}

const LIST_KEYS = ['accountId', 'page', 'limit', 'search', 'status', 'tags', 'archived'];
const GET_KEYS = ['accountId', 'id'];
const UPSERT_KEYS = ['accountId', 'customer', 'idempotencyKey'];
/** Well-formed: these payloads are refused for their other fields, before any account is looked at. */
const ACCOUNT_ID = 'fuzz-account-0001';
/** The account every customer channel must name: refused when missing or not a short string. */
const accountIdField = (): Mutation[] => [
  ...stringField([], 'accountId', { min: 1, max: 200 }),
  remove([], 'accountId'),
];
const CUSTOMER_KEYS = ['id', ...WRITE_TEXT_FIELDS, 'billing_same_as_property', 'status', 'tags'];
const SETTINGS_KEYS = [
  'baseUrl',
  'pageSize',
  'autoRefreshHours',
  'includeArchived',
  'replayConcurrency',
  'freshCopyMinutes',
  'theme',
];

/** Base URLs the settings must refuse (the key goes wherever the URL points). */
const BAD_BASE_URLS = [
  'http://rotor.example.com/open-api',
  'http://192.0.2.10/open-api',
  'ftp://127.0.0.1/open-api',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'https://user:pass@api.getrotor.com/open-api',
  'https://api.getrotor.com/open-api?x=1',
  'https://api.getrotor.com/open-api#frag',
  'not a url',
  '',
  `https://api.getrotor.com/${'a'.repeat(2001)}`,
  'http://[::ffff:c000:20a]/',
];

const OBJECT_CHANNELS: Partial<Record<ChannelName, ObjectChannel>> = {
  'account.connect': {
    base: () => ({ apiKey: 'rk_live_fuzz_0000000000' }),
    mutations: [
      ...stringField([], 'apiKey', { min: 8, max: 512 }),
      set('unicode', [], 'apiKey', [
        () => '   \t\n   ',
        () => ' abc\u00a0\u2003 ',
        () => '\u3000'.repeat(20),
      ]),
      remove([], 'apiKey'),
      ...extraKeys([], ['apiKey']),
    ],
  },
  'demo.setReachable': {
    base: () => ({ reachable: true }),
    mutations: [...booleanField([], 'reachable'), remove([], 'reachable'), ...extraKeys([], ['reachable'])],
  },
  'customers.list': {
    base: () => ({ accountId: ACCOUNT_ID, page: 1, limit: 50 }),
    mutations: [
      ...accountIdField(),
      ...integerField([], 'page', 1, 1_000_000),
      ...integerField([], 'limit', 1, 1000),
      remove([], 'page'),
      remove([], 'limit'),
      ...stringField([], 'search', { max: 200 }),
      ...stringField([], 'status', { max: 8, enumOf: ['active', 'inactive'] }).filter(
        (m) => m.category !== 'too-long',
      ),
      ...tagsField([], 'tags', 50),
      ...booleanField([], 'archived'),
      ...extraKeys([], LIST_KEYS),
    ],
  },
  'customers.get': {
    base: () => ({ accountId: ACCOUNT_ID, id: 'a-customer-id' }),
    mutations: [
      ...accountIdField(),
      ...stringField([], 'id', { min: 1, max: 200 }),
      remove([], 'id'),
      ...extraKeys([], GET_KEYS),
    ],
  },
  'customers.upsert': {
    base: () => ({
      accountId: ACCOUNT_ID,
      customer: { first_name: 'Fuzz', tags: ['ok'] },
      idempotencyKey: 'idem-key-0001',
    }),
    mutations: [
      ...accountIdField(),
      set(
        'wrong-type',
        [],
        'customer',
        WRONG_TYPES.filter((m) => {
          const v = m();
          return typeof v !== 'object' || v === null || Array.isArray(v);
        }),
      ),
      set('not-cloneable', [], 'customer', NOT_DATA_SCALARS, false),
      set('deep-nesting', [], 'customer', [() => DEEP_ARRAY]),
      remove([], 'customer'),
      remove([], 'idempotencyKey'),
      ...stringField([], 'idempotencyKey', { min: 8, max: 200 }),
      ...stringField(['customer'], 'id', { min: 1, max: 200 }),
      ...WRITE_TEXT_FIELDS.flatMap((field) =>
        stringField(['customer'], field, { max: 10_000 }).filter(
          (m) => m.category !== 'huge-array' && m.category !== 'deep-nesting',
        ),
      ),
      ...booleanField(['customer'], 'billing_same_as_property'),
      ...stringField(['customer'], 'status', { max: 8, enumOf: ['active', 'inactive'] }).filter(
        (m) => m.category !== 'too-long',
      ),
      ...tagsField(['customer'], 'tags', 200),
      ...extraKeys([], UPSERT_KEYS),
      ...extraKeys(['customer'], CUSTOMER_KEYS),
    ],
  },
  'settings.update': {
    allOptional: true,
    base: () => ({ theme: 'dark' }),
    mutations: [
      set(
        'bad-enum',
        [],
        'baseUrl',
        BAD_BASE_URLS.map((url) => () => url),
      ),
      set('wrong-type', [], 'baseUrl', [() => 1, () => null, () => ['https://api.getrotor.com'], () => ({})]),
      set('huge-string', [], 'baseUrl', [() => `https://api.getrotor.com/${HUGE_STRING}`]),
      set(
        'unicode',
        [],
        'baseUrl',
        UNICODE_EDGES.map((s) => () => `http://rotor${s}.example.com/`),
      ),
      ...integerField([], 'pageSize', 1, 1000),
      ...integerField([], 'replayConcurrency', 1, 16),
      set('bad-number', [], 'autoRefreshHours', [() => 0, () => 0.5, () => -1, () => 169, () => 1e9]),
      set(
        'non-finite',
        [],
        'autoRefreshHours',
        NON_FINITE.map((n) => () => n),
      ),
      set('wrong-type', [], 'autoRefreshHours', [() => '6', () => null, () => [6]]),
      set('bad-number', [], 'freshCopyMinutes', [() => -1, () => -0.5, () => 1441, () => 1e9]),
      set(
        'non-finite',
        [],
        'freshCopyMinutes',
        NON_FINITE.map((n) => () => n),
      ),
      set('wrong-type', [], 'freshCopyMinutes', [() => '2', () => null, () => [2], () => true]),
      ...booleanField([], 'includeArchived'),
      ...stringField([], 'theme', { max: 6, enumOf: ['system', 'light', 'dark'] }).filter(
        (m) => m.category !== 'too-long',
      ),
      set('extra-keys', [], 'windowBounds', [
        () => null,
        () => ({ x: 0, y: 0, width: 800, height: 600, maximized: false }),
      ]),
      ...extraKeys([], SETTINGS_KEYS),
    ],
  },
};

export function takesArgument(channel: ChannelName): boolean {
  return OBJECT_CHANNELS[channel] !== undefined;
}

function fromWhole(made: Made): Payload {
  return { category: made.category, label: made.label, arg: made.value, json: made.json };
}

const DEEP_MARKERS = new Map<unknown, [string, string]>([
  [DEEP_ARRAY, ['\u0001DEEP_ARRAY\u0001', DEEP_ARRAY_TEXT]],
  [DEEP_OBJECT, ['\u0001DEEP_OBJECT\u0001', DEEP_OBJECT_TEXT]],
]);

/**
 * `{ "arg": … }` as JSON text for the browser host, or null when the argument cannot travel as JSON.
 * JSON.stringify overflows the stack on 10,000 levels, so deep values are spliced in as text. Built on
 * demand: most payloads never go to the host, and many hold a megabyte.
 */
export function hostBodyOf(payload: Payload): string | null {
  if (!payload.json) return null;
  let text = JSON.stringify(
    { arg: payload.arg },
    (_key, value: unknown) => DEEP_MARKERS.get(value)?.[0] ?? value,
  );
  for (const [marker, replacement] of DEEP_MARKERS.values()) {
    const quoted = JSON.stringify(marker);
    if (text.includes(quoted)) text = text.split(quoted).join(replacement);
  }
  return text;
}

function mutated(channel: ObjectChannel, rng: Rng, first: Mutation, extra: number): Payload {
  const arg = channel.base();
  const applied = [first];
  for (let i = 0; i < extra; i++) applied.push(pick(rng, channel.mutations));
  let json = true;
  for (const m of applied) {
    m.apply(arg, rng);
    json &&= m.json;
  }
  return { category: first.category, label: applied.map((m) => m.label).join(' + '), arg, json };
}

/**
 * `count` malformed arguments for `channel`, deterministic for a seed. The first ones walk every
 * mutation (and every whole-argument kind) once so each category is always covered; the rest are drawn.
 */
export function malformedArguments(channel: ChannelName, count: number, seed: number): Payload[] {
  const rng = mulberry32(seed ^ ((CHANNELS.indexOf(channel) + 1) * 0x9e3779b1));
  const spec = OBJECT_CHANNELS[channel];
  const out: Payload[] = [];
  if (!spec) {
    // No-argument channels: anything but undefined is malformed, including `{}`.
    const fixed: Made[] = [
      { category: 'extra-keys', label: 'an empty object', value: {}, json: true },
      { category: 'extra-keys', label: 'an object with a field', value: { page: 1 }, json: true },
      ...WRONG_TYPES.map((make): Made => ({
        category: 'wrong-type',
        label: 'wrong type',
        value: make(),
        json: true,
      })),
      ...NOT_CLONEABLE.map((make): Made => ({
        category: 'not-cloneable',
        label: 'not JSON',
        value: make(),
        json: false,
      })),
    ];
    for (const made of fixed) out.push(fromWhole(made));
    while (out.length < count) {
      const made = wholeArgument(rng, false);
      if (made.category === 'wrong-type' && rng() < 0.3) {
        // Objects of any shape: a no-argument channel takes none of them.
        const value: Record<string, unknown> = {};
        defineOwn(value, pick(rng, [...PROTOTYPE_KEYS, 'arg', 'x']), pollutionValue(rng));
        out.push(fromWhole({ category: 'prototype-keys', label: 'an object', value, json: true }));
      } else out.push(fromWhole(made));
    }
    return out.slice(0, count);
  }
  for (const m of spec.mutations) out.push(mutated(spec, rng, m, 0));
  while (out.length < count) {
    if (rng() < 0.12) out.push(fromWhole(wholeArgument(rng, true, spec.allOptional)));
    else out.push(mutated(spec, rng, pick(rng, spec.mutations), int(rng, 3)));
  }
  return out.slice(0, count);
}

/** Whether `value` holds more than `limit` characters or nodes; stops walking as soon as it knows. */
export function isLarge(value: unknown, limit = 64 * 1024): boolean {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    size += typeof v === 'string' ? v.length + 2 : 1;
    if (size > limit) return true;
    if (typeof v === 'object' && v !== null) {
      for (const key of Object.keys(v)) {
        size += key.length;
        stack.push((v as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}

/** Pieces of text that break paths, headers, query strings and UTF-16: all within the contract's types. */
const HOSTILE_PIECES = [
  '.',
  '..',
  '/',
  '\\',
  '%',
  '%2e',
  '%2F',
  '?',
  '#',
  '&',
  '=',
  ' ',
  '\t',
  '\r\n',
  '\u0000',
  '\ud800',
  '\udc00',
  '\u00e9',
  '\u20ac',
  '\u{1f600}',
  '\u202e',
  '\ufeff',
  'a',
  'Z',
  '0',
  '-',
  '_',
  '~',
  "'",
  '"',
  '<',
  ',',
  ';',
  '@',
] as const;

/** The pieces an HTTP header can carry as they are (visible ASCII). */
const VISIBLE_ASCII_PIECES = HOSTILE_PIECES.filter((p) => /^[\x21-\x7e]+$/.test(p));

/**
 * A string of `min`..`max` UTF-16 units made of hostile pieces (a cut may leave a lone surrogate).
 * `visibleAscii`: only pieces a header could carry, so the string gets past the send-time checks.
 */
export function hostileString(rng: Rng, min: number, max: number, visibleAscii = false): string {
  const length = min + int(rng, Math.min(max, 60) - min + 1);
  const pieces = visibleAscii ? VISIBLE_ASCII_PIECES : HOSTILE_PIECES;
  let out = '';
  while (out.length < length) out += pick(rng, pieces);
  return out.slice(0, length);
}
