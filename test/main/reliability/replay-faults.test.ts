/**
 * Faults during replay: 200 edits through the real data layer, sent by the real main-process services to
 * the Rotor-faithful server while it answers 30% of requests with 500, resets 10% of connections (half
 * before the write commits, half after) and lets 5% time out. Afterwards Rotor must hold exactly what the
 * user typed: no edit lost, none applied twice, no duplicate customer beyond what the ambiguous-create
 * rule (docs/reliability.md) allows.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { EditableFields } from '$lib/data/types';
import { mulberry32 } from '../../../electron/main/simulation/prng';
import type { RequestLogEntry, ServerCustomer } from '../../../electron/main/simulation/server';
import { drain, wire } from './wiring';
import type { Wired } from './wiring';

/** Real time a server `timeout` fault costs; far above any honest answer's time, even on a busy machine. */
const CLIENT_TIMEOUT_MS = 500;

const open: Wired[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

async function setup(opts: Parameters<typeof wire>[0] = {}): Promise<Wired> {
  const w = await wire({
    requestTimeoutMs: CLIENT_TIMEOUT_MS,
    ...opts,
    server: { dailyQuota: 1_000_000, ...opts.server },
  });
  open.push(w);
  await w.store.fullRefresh();
  expect(w.store.progress().error).toBeNull();
  return w;
}

const must = <T>(value: T | null | undefined, what: string): T => {
  if (value === null || value === undefined) throw new Error(`expected ${what}`);
  return value;
};

/** Posts that changed Rotor's data: answered 2xx, or committed and then cut off. */
const committed = (e: RequestLogEntry): boolean =>
  e.method === 'POST' &&
  e.path === '/customers' &&
  ((e.status !== null && e.status >= 200 && e.status < 300) || e.fault === 'resetAfterCommit');
const acknowledged = (e: RequestLogEntry): boolean =>
  e.method === 'POST' && e.path === '/customers' && e.status !== null && e.status >= 200 && e.status < 300;
/** Requests that carried the key (main's keyless reachability probes are not part of the budget). */
const keyed = (w: Wired): RequestLogEntry[] =>
  w.server.control.requestLog().filter((e) => e.apiKeyHint !== null);

// ---- the model: what Rotor must hold once everything is sent -------------------------------------

type Fields = Record<string, unknown>;
const COMPARED = [
  'first_name',
  'last_name',
  'company_name',
  'email',
  'phone',
  'notes',
  'source',
  'property_city',
  'property_street1',
  'status',
] as const;

/** The compared fields; a cleared text field is '' or null depending on who cleared it, so both read as null. */
function view(c: ServerCustomer | Fields): Fields {
  const out: Fields = {};
  for (const f of COMPARED) out[f] = (c as Fields)[f] || null;
  out.tags = [...(((c as Fields).tags as string[] | null) ?? [])].sort();
  return out;
}

/** Applies an edit the way Rotor's upsert does: given fields replace, tags merge. */
function applyEdit(target: Fields, edit: EditableFields): void {
  for (const [k, v] of Object.entries(edit)) {
    if (k === 'tags') {
      const merged = new Set((target.tags as string[] | null) ?? []);
      for (const t of v as string[]) merged.add(t);
      target.tags = [...merged];
    } else target[k] = v;
  }
}

interface Logical {
  /** Stable handle: a seeded id, or the local id a create started with. */
  handle: string;
  kind: 'seed' | 'create-phone' | 'create-email' | 'create-none' | 'create-match';
  /** Unique last name of a create (how it is found on the server), or the matched seed's id. */
  marker: string;
  expected: Fields;
}

describe('replay under faults (real data layer → dispatch → services → HTTP → Rotor double)', () => {
  it('200 edits under 30% 5xx, 10% resets and 5% timeouts: nothing lost, nothing applied twice', async () => {
    const w = await setup({
      server: { customers: 150, seed: 41 },
      seed: 41,
      settings: { replayConcurrency: 4 },
    });
    const rng = mulberry32(20260302);
    const { store, server } = w;
    const initial = new Map(server.control.customers().map((c) => [c.id, c]));
    const listed = [...initial.values()].filter((c) => !c.archived);
    expect(store.meta().customerCount).toBe(listed.length);

    const logical = new Map<string, Logical>();
    /** Every outbox entry (one logical change, one idempotency key), its customer and its kind. */
    const byKey = new Map<string, { owner: Logical; kind: 'create' | 'update' }>();
    const noteKeys = (l: Logical): void => {
      for (const e of store.outbox()) {
        const owner = store.resolveId(e.customerId);
        if (!byKey.has(e.idempotencyKey) && (owner === store.resolveId(l.handle) || owner === l.handle))
          byKey.set(e.idempotencyKey, { owner: l, kind: e.kind });
      }
    };
    let edits = 0;
    const edit = async (l: Logical, change: EditableFields): Promise<void> => {
      const current = must(store.get(store.resolveId(l.handle)), `cached ${l.handle}`);
      const withTags = change.tags ? { ...change, tags: [...current.tags, ...change.tags] } : change;
      const result = await store.saveEdit(l.handle, withTags);
      expect(result, `edit of ${l.marker}`).toMatchObject({ ok: true });
      applyEdit(l.expected, change);
      edits++;
      noteKeys(l);
    };
    const create = async (
      kind: Logical['kind'],
      fields: EditableFields,
      marker: string,
      expected: Fields,
    ) => {
      const result = await store.createCustomer(fields);
      if (!result.ok) throw new Error(`create ${marker}: ${result.error.message}`);
      const l: Logical = { handle: result.data.id, kind, marker, expected };
      logical.set(result.data.id, l);
      edits++;
      noteKeys(l);
      return l;
    };

    // Round A, offline: everything queues.
    w.net.up = false;
    const seeds = listed.slice(0, 80);
    for (const [i, c] of seeds.entries()) {
      const l: Logical = { handle: c.id, kind: 'seed', marker: c.id, expected: view(c) };
      logical.set(c.id, l);
      await edit(l, {
        notes: `A${i} note`,
        property_city: `City ${i}`,
        ...(i % 5 === 0 ? { tags: [`reliability-a${i}`] } : {}),
      });
    }
    const hot = must(logical.get(must(seeds[0], 'seed 0').id), 'hot customer');
    for (let k = 1; k <= 8; k++)
      await edit(hot, { notes: `hot ${k}`, first_name: `Hot${k}`, property_street1: `${k} Main St` });

    const seededPhones = new Set(listed.map((c) => (c.phone ?? '').replace(/\D/g, '')));
    for (let k = 0; k < 25; k++) {
      const phone = `(999) 310-${String(1000 + k)}`;
      expect(seededPhones.has(phone.replace(/\D/g, ''))).toBe(false);
      const marker = `Phonecreate${String(k).padStart(3, '0')}`;
      const fields: EditableFields = {
        first_name: 'Pat',
        last_name: marker,
        phone,
        notes: `created with phone ${k}`,
        ...(k % 3 === 0 ? { email: `phone${k}@reliability.test` } : {}),
      };
      await create('create-phone', fields, marker, view(fields));
    }
    for (let k = 0; k < 10; k++) {
      const marker = `Mailcreate${String(k).padStart(3, '0')}`;
      const fields: EditableFields = {
        first_name: 'Em',
        last_name: marker,
        email: `mail${k}@reliability.test`,
      };
      await create('create-email', fields, marker, view(fields));
    }
    for (let k = 0; k < 20; k++) {
      const marker = `Nocontact${String(k).padStart(3, '0')}`;
      const fields: EditableFields = {
        first_name: 'Ned',
        last_name: marker,
        notes: `no phone, no email ${k}`,
        ...(k % 2 === 0 ? { company_name: `Nocontact Co ${k}` } : {}),
        ...(k % 4 === 0 ? { tags: ['walk-in'] } : {}),
      };
      await create('create-none', fields, marker, view(fields));
    }
    // Creates whose phone Rotor already has: Rotor updates that customer instead (merge, no duplicate).
    const matched = listed
      .slice(100)
      .filter((c) => c.phone)
      .slice(0, 3);
    for (const [k, c] of matched.entries()) {
      const fields: EditableFields = {
        phone: must(c.phone, 'phone'),
        notes: `merged by phone ${k}`,
        tags: ['matched'],
      };
      const expected = view(c);
      applyEdit(expected, fields);
      await create('create-match', fields, c.id, expected);
    }
    const roundA = edits;
    expect(roundA).toBe(80 + 8 + 25 + 10 + 20 + 3);

    // Faults from here on, for every request that carries the key.
    server.control.clearLog();
    server.control.injectFaults({
      status5xx: 0.3,
      resetBeforeCommit: 0.05,
      resetAfterCommit: 0.05,
      timeout: 0.05,
      only: ['list', 'get', 'upsert'],
      seed: 7,
    });

    // Round B, online: the user keeps editing while replay runs (edits land mid-pass, between sends).
    w.net.up = true;
    const targets = [...logical.values()];
    const remaining = (): number => 200 - edits;
    const { rounds, virtualMs } = await drain(w, {
      more: () => remaining() > 0,
      between: async () => {
        const burst = Math.min(remaining(), Math.floor(rng() * 4));
        for (let i = 0; i < burst; i++) {
          const l = must(targets[Math.floor(rng() * targets.length)], 'target');
          const r = rng();
          if (l.kind === 'seed' && r < 0.3) {
            // Back to the value Rotor had before any edit: must still be sent if an earlier send may have landed.
            await edit(l, { notes: initial.get(l.handle)?.notes ?? '' });
          } else if ((l.kind === 'create-phone' || l.kind === 'create-email') && r < 0.4) {
            // A corrected phone: the create must still become one customer.
            await edit(l, { phone: `(999) 320-${String(1000 + edits)}` });
          } else {
            await edit(l, {
              notes: `B${edits} note`,
              ...(r > 0.8 ? { tags: [`reliability-b${edits}`] } : {}),
            });
          }
        }
      },
    });
    expect(edits).toBe(200);
    expect(store.outbox()).toEqual([]);
    expect(w.errors).toEqual([]);

    // ---- what Rotor holds ----
    const log = keyed(w);
    server.control.clearFaults();
    const finalServer = server.control.customers();
    const creates = [...logical.values()].filter((l) => l.kind !== 'seed' && l.kind !== 'create-match');
    const expectedById = new Map<string, Fields>();
    for (const c of initial.values()) expectedById.set(c.id, view(c));
    for (const l of logical.values())
      if (l.kind === 'seed' || l.kind === 'create-match') expectedById.set(l.marker, l.expected);

    // Every seeded customer holds exactly the last value of every field the user set.
    for (const [id, expected] of expectedById) {
      const actual = must(server.control.getCustomer(id), `server customer ${id}`);
      expect(view(actual), `customer ${id}`).toEqual(view(expected));
    }
    // Every create exists exactly once, with its last values; no customer exists that nobody made.
    const newOnServer = finalServer.filter((c) => !initial.has(c.id));
    expect(newOnServer).toHaveLength(creates.length);
    for (const l of creates) {
      const found = finalServer.filter((c) => c.last_name === l.marker);
      expect(found, `customers named ${l.marker}`).toHaveLength(1);
      expect(view(must(found[0], l.marker)), l.marker).toEqual(view({ ...l.expected, status: 'active' }));
    }

    // ---- per logical change, from the server's request log ----
    const posts = log.filter((e) => e.method === 'POST' && e.path === '/customers');
    const keys = new Set(posts.map((e) => must(e.idempotencyKey, 'idempotency key on a POST')));
    for (const key of keys) expect(byKey.has(key), `POST with an unknown key ${key}`).toBe(true);
    let adopted = 0;
    for (const key of keys) {
      const mine = posts.filter((e) => e.idempotencyKey === key);
      const acks = mine.filter(acknowledged);
      // Once Rotor's answer arrived, the change is never sent again.
      expect(acks.length, `acknowledged writes for ${key}`).toBeLessThanOrEqual(1);
      if (acks.length === 1) expect(mine.at(-1), `nothing sent after the answer for ${key}`).toBe(acks[0]);
      // A write reaches Rotor again only when the earlier one's answer was lost.
      const commits = mine.filter(committed);
      for (const c of commits.slice(0, -1)) expect(c.fault).toBe('resetAfterCommit');
      const { owner, kind } = must(byKey.get(key), key);
      if (owner.kind === 'create-none' && kind === 'create') {
        // The ambiguous-create rule: without phone or email, a create reaches Rotor exactly once.
        expect(commits, `writes of ${owner.marker}`).toHaveLength(1);
        if (acks.length === 0) adopted++;
      } else expect(commits.length, `writes of ${owner.marker}`).toBeGreaterThanOrEqual(1);
    }
    // Every logical change reached Rotor (a coalesced edit shares its entry's key).
    for (const [key, { owner }] of byKey) {
      const reached = posts.some((e) => e.idempotencyKey === key && committed(e));
      expect(reached, `change ${key} of ${owner.marker} reached Rotor`).toBe(true);
    }

    // ---- the cache agrees with Rotor after a clean refresh ----
    await store.fullRefresh();
    expect(store.progress().error).toBeNull();
    const serverListed = server.control.customers().filter((c) => !c.archived);
    expect(store.meta().customerCount).toBe(serverListed.length);
    for (const c of serverListed) {
      const local = must(store.get(c.id), `cached ${c.id}`);
      expect(local.syncState).toBe('synced');
      expect({ notes: local.notes, last_name: local.last_name, tags: [...local.tags].sort() }).toEqual({
        notes: c.notes,
        last_name: c.last_name,
        tags: [...(c.tags ?? [])].sort(),
      });
    }
    expect(store.search({ text: '' }).ids.filter((id) => id.startsWith('local:'))).toEqual([]);

    const faults: Record<string, number> = {};
    for (const e of log) if (e.fault) faults[e.fault] = (faults[e.fault] ?? 0) + 1;
    expect(faults.status5xx ?? 0).toBeGreaterThan(0);
    expect(faults.resetBeforeCommit ?? 0).toBeGreaterThan(0);
    expect(faults.resetAfterCommit ?? 0).toBeGreaterThan(0);
    expect(faults.timeout ?? 0).toBeGreaterThan(0);
    const searches = log.filter((e) => e.method === 'GET' && e.path === '/customers' && e.query.search);
    console.info(
      `[reliability] replay-faults: ${edits} edits, ${byKey.size} outbox entries, ${log.length} requests ` +
        `(${posts.length} upserts, ${searches.length} ambiguity searches, ${log.length - posts.length - searches.length} other), ` +
        `${posts.length - keys.size} upsert retries, faults ${JSON.stringify(faults)}, ` +
        `${adopted} creates adopted after a lost answer, ${rounds} replay rounds over ${Math.round(virtualMs / 1000)} virtual s`,
    );
  }, 45_000);
});

describe('the ambiguous-create rule (docs/reliability.md), one fault at a time', () => {
  const upserts = (w: Wired) => keyed(w).filter((e) => e.method === 'POST' && e.path === '/customers');
  const searches = (w: Wired) =>
    keyed(w).filter((e) => e.method === 'GET' && e.path === '/customers' && e.query.search);
  const named = (w: Wired, last: string) => w.server.control.customers().filter((c) => c.last_name === last);

  async function queued(w: Wired, fields: EditableFields): Promise<string> {
    w.net.up = false;
    const created = await w.store.createCustomer(fields);
    if (!created.ok) throw new Error(created.error.message);
    w.net.up = true;
    w.server.control.clearLog();
    return created.data.id;
  }

  it('no phone or email, answer lost after Rotor saved it: one search finds it, nothing is sent twice', async () => {
    const w = await setup({ server: { customers: 20, seed: 5 } });
    const local = await queued(w, { first_name: 'Ida', last_name: 'Lostanswer', notes: 'gate code 4411' });
    w.server.control.queueFault('resetAfterCommit', ['upsert']);
    await drain(w);
    expect(upserts(w)).toHaveLength(1);
    expect(searches(w).map((e) => e.query.search)).toEqual(['Lostanswer']);
    const onServer = named(w, 'Lostanswer');
    expect(onServer).toHaveLength(1);
    expect(w.store.resolveId(local)).toBe(onServer[0]?.id);
    expect(w.store.get(local)).toMatchObject({ notes: 'gate code 4411', syncState: 'synced' });
  });

  it('no phone or email, connection reset before Rotor saved it: the search finds nothing and it is sent again, once', async () => {
    const w = await setup({ server: { customers: 20, seed: 5 } });
    await queued(w, { first_name: 'Ida', last_name: 'Neverarrived' });
    w.server.control.queueFault('resetBeforeCommit', ['upsert']);
    await drain(w);
    expect(upserts(w).map((e) => e.status ?? e.fault)).toEqual(['resetBeforeCommit', 201]);
    expect(searches(w)).toHaveLength(1);
    expect(named(w, 'Neverarrived')).toHaveLength(1);
  });

  it('no phone or email, 500 then the search itself fails: the search is repeated, never skipped', async () => {
    const w = await setup({ server: { customers: 20, seed: 5 } });
    await queued(w, { company_name: 'Searchfails Gutters' });
    w.server.control.queueFault('status5xx', ['upsert']);
    // The client repeats a read up to three times itself; all three fail, so the outbox retries later.
    for (let i = 0; i < 3; i++) w.server.control.queueFault('resetBeforeCommit', ['list']);
    await drain(w);
    expect(searches(w).map((e) => e.query.search)).toEqual(Array(4).fill('Searchfails Gutters'));
    expect(upserts(w).map((e) => e.status)).toEqual([500, 201]);
    expect(w.server.control.customers().filter((c) => c.company_name === 'Searchfails Gutters')).toHaveLength(
      1,
    );
  });

  it('the documented exception: if Rotor’s copy changed before the retry, it cannot be recognised and a duplicate results', async () => {
    const w = await setup({ server: { customers: 20, seed: 5 } });
    await queued(w, { first_name: 'Ida', last_name: 'Editedmeanwhile', notes: 'side gate' });
    w.server.control.queueFault('resetAfterCommit', ['upsert']);
    await w.store.replay();
    const first = must(named(w, 'Editedmeanwhile')[0], 'first copy');
    // Someone in the office edits a sent field before the app retries.
    w.server.control.updateCustomerRaw(first.id, { notes: 'side gate, dog' });
    await drain(w);
    expect(searches(w)).toHaveLength(1);
    expect(named(w, 'Editedmeanwhile')).toHaveLength(2);
    expect(upserts(w).filter(committed)).toHaveLength(2);
  });

  it('with a phone, answer lost: sent again without a search, and Rotor matches it to itself', async () => {
    const w = await setup({ server: { customers: 20, seed: 5 } });
    await queued(w, { first_name: 'Ida', last_name: 'Hasphone', phone: '(999) 444-0101' });
    w.server.control.queueFault('resetAfterCommit', ['upsert']);
    await drain(w);
    expect(searches(w)).toHaveLength(0);
    expect(upserts(w).map((e) => e.status ?? e.fault)).toEqual(['resetAfterCommit', 200]);
    expect(named(w, 'Hasphone')).toHaveLength(1);
  });

  it('an update whose answer was lost, then edited back to the original value, still restores it in Rotor', async () => {
    const w = await setup({ server: { customers: 20, seed: 5 } });
    const target = must(
      w.server.control.customers().find((c) => !c.archived && c.notes),
      'a listed customer with notes',
    );
    const original = must(target.notes, 'notes');
    w.server.control.queueFault('resetAfterCommit', ['upsert']);
    await w.store.saveEdit(target.id, { notes: 'typo here' });
    await w.store.replay();
    // Rotor saved "typo here", but the app only saw the connection drop.
    expect(w.server.control.getCustomer(target.id)?.notes).toBe('typo here');
    // The user puts the note back before the retry.
    await w.store.saveEdit(target.id, { notes: original });
    await drain(w);
    expect(w.store.get(target.id)?.notes).toBe(original);
    expect(w.server.control.getCustomer(target.id)?.notes).toBe(original);
  });

  it('a create with a phone whose answer was lost, then given another phone, still becomes one customer', async () => {
    const w = await setup({ server: { customers: 20, seed: 5 } });
    const local = await queued(w, { first_name: 'Ida', last_name: 'Newphone', phone: '(999) 444-0202' });
    w.server.control.queueFault('resetAfterCommit', ['upsert']);
    await w.store.replay();
    expect(named(w, 'Newphone')).toHaveLength(1);
    // Before the retry the user corrects the number.
    await w.store.saveEdit(local, { phone: '(999) 444-0303' });
    await drain(w);
    const onServer = named(w, 'Newphone');
    expect(onServer).toHaveLength(1);
    expect(onServer[0]?.phone).toBe('(999) 444-0303');
    expect(w.store.resolveId(local)).toBe(onServer[0]?.id);
  });
});

describe('the window dies while a change is on the wire', () => {
  /** Closes the store as soon as the upsert reaches Rotor; Rotor then commits it, but no one hears the answer. */
  async function dieMidSend(w: Wired): Promise<void> {
    w.server.control.setLatency(50);
    const arrived = w.server.control.nextRequest();
    const replaying = w.store.replay().catch(() => undefined);
    await arrived;
    w.store.close();
    await replaying;
    w.server.control.setLatency(0);
    await w.reopen();
  }

  it('a create without phone or email that Rotor saved is not created again after a restart', async () => {
    const w = await setup({ server: { customers: 20, seed: 5 } });
    w.net.up = false;
    const created = await w.store.createCustomer({ first_name: 'Ida', last_name: 'Crashedwhilesending' });
    expect(created.ok).toBe(true);
    w.net.up = true;
    await dieMidSend(w);
    expect(w.server.control.customers().filter((c) => c.last_name === 'Crashedwhilesending')).toHaveLength(1);
    await drain(w);
    expect(w.server.control.customers().filter((c) => c.last_name === 'Crashedwhilesending')).toHaveLength(1);
    expect(w.store.outbox()).toEqual([]);
    expect(w.store.search({ text: 'Crashedwhilesending' }).ids).toHaveLength(1);
  });

  it('a create without phone or email is not created twice when main’s answer never reaches the page', async () => {
    const w = await setup({ server: { customers: 20, seed: 5 } });
    w.net.up = false;
    await w.store.createCustomer({ first_name: 'Ida', last_name: 'Hostdied' });
    w.net.up = true;
    // What the browser host's bridge (and the preload) answer when the background process is gone.
    w.bridge.after = (channel, result) => {
      if (channel !== 'customers.upsert') return result;
      w.bridge.after = null;
      return {
        ok: false,
        error: {
          kind: 'internal',
          message: 'Rotor Desk’s background service is not answering.',
          retryable: true,
        },
      };
    };
    await drain(w);
    expect(w.server.control.customers().filter((c) => c.last_name === 'Hostdied')).toHaveLength(1);
    expect(w.store.outbox()).toEqual([]);
  });

  it('an update that Rotor saved, then put back by the user after the restart, ends with the value put back', async () => {
    const w = await setup({ server: { customers: 20, seed: 5 } });
    const target = must(
      w.server.control.customers().find((c) => !c.archived && c.notes),
      'a listed customer with notes',
    );
    w.net.up = false;
    await w.store.saveEdit(target.id, { notes: 'sent just before the crash' });
    w.net.up = true;
    await dieMidSend(w);
    w.net.up = false;
    await w.store.saveEdit(target.id, { notes: must(target.notes, 'notes') });
    w.net.up = true;
    await drain(w);
    expect(w.server.control.getCustomer(target.id)?.notes).toBe(target.notes);
  });
});
