/**
 * The delivery log: a change Rotor accepts is logged in the transaction that clears it (so it is
 * either still waiting or logged, never both or neither), the customer says when it was sent, each
 * replay run tells once what it sent, and the log keeps only recent history.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DELIVERY_CAP } from '$lib/data/db/deliveries';
import type { LocalDataStore } from '$lib/data/store/store';
import type { Delivery, ReplayPass } from '$lib/data/types';
import { DELIVERY_DAYS } from '$lib/data/types';
import { apiError } from './fake-rotor';
import type { ServerCustomer } from './fake-rotor';
import { must, syncedHarness } from './helpers';

let open: LocalDataStore[] = [];
afterEach(() => {
  for (const s of open) s.close();
  open = [];
});

const DAY = 86_400_000;

async function setup(
  seed: Array<Partial<ServerCustomer>> = [
    { first_name: 'Ann', last_name: 'Lee', notes: 'n0', phone: '612-555-0001' },
    { first_name: 'Bob', last_name: 'Moe', email: 'bob@x.io' },
  ],
) {
  const h = await syncedHarness(seed);
  open.push(h.store);
  const passes: ReplayPass[] = [];
  h.store.onReplayed((p) => passes.push(p));
  return { ...h, passes };
}

function logRow(overrides: Partial<Delivery>): Delivery {
  return {
    id: crypto.randomUUID(),
    at: new Date(0).toISOString(),
    customerId: 'c-old',
    name: 'Old',
    kind: 'update',
    fields: ['notes'],
    requests: 1,
    ...overrides,
  };
}

describe('logging a delivery', () => {
  it('logs an update with what it changed and its requests, and the customer says when it was sent', async () => {
    const h = await setup();
    const id = h.id(0);
    await h.store.saveEdit(id, { notes: 'gate 12', phone: '612-555-0002' });
    const entryId = must(h.store.entryFor(id)).id;
    h.net.online = true;
    await h.store.replay();
    const at = new Date(h.clock.now).toISOString();
    // Fields in the field table's order, not the order they were typed.
    const expected: Delivery = {
      id: entryId,
      at,
      customerId: id,
      name: 'Ann Lee',
      kind: 'update',
      fields: ['phone', 'notes'],
      requests: 1,
    };
    expect(await h.store.db.deliveries.toArray()).toEqual([expected]);
    expect(h.store.deliveriesToday()).toEqual([expected]);
    expect(h.store.get(id)?.sentAt).toBe(at);
    expect(h.store.get(h.id(1))?.sentAt).toBeUndefined();
  });

  it('counts the read of Rotor’s copy made before sending', async () => {
    const h = await setup();
    const id = h.id(0);
    h.clock.now += 10 * 60_000; // older than freshCopyMinutes: replay reads Rotor's copy first
    await h.store.saveEdit(id, { notes: 'checked' });
    h.net.online = true;
    await h.store.replay();
    expect(h.rotor.callsOf('get')).toHaveLength(1);
    expect(h.store.deliveriesToday().map((d) => d.requests)).toEqual([2]);
    expect(h.passes).toEqual([{ sent: 1, requests: 2 }]);
  });

  it('logs a new customer under the id Rotor gave it', async () => {
    const h = await setup();
    const created = await h.store.createCustomer({ first_name: 'Dee', phone: '612-555-0009' });
    const localId = must(created.ok ? created.data.id : null, 'the local id');
    h.net.online = true;
    await h.store.replay();
    const rotorId = h.store.resolveId(localId);
    expect(rotorId).not.toBe(localId);
    expect(h.store.deliveriesToday()).toMatchObject([
      { customerId: rotorId, name: 'Dee', kind: 'create', fields: ['first_name', 'phone'], requests: 1 },
    ]);
    expect(h.store.get(rotorId)?.sentAt).toBe(new Date(h.clock.now).toISOString());
  });

  it('logs nothing when the answer could not be written: the change stays queued, unsent', async () => {
    const h = await setup();
    const id = h.id(0);
    await h.store.saveEdit(id, { notes: 'x' });
    h.store.db.outbox.hook('deleting', () => {
      throw new Error('disk full');
    });
    h.net.online = true;
    await expect(h.store.replay()).rejects.toThrow();
    expect(await h.store.db.deliveries.count()).toBe(0);
    expect(await h.store.db.outbox.count()).toBe(1);
    expect(h.store.deliveriesToday()).toEqual([]);
    expect(h.store.get(id)?.sentAt).toBeUndefined();
  });

  it('logs nothing for a failed attempt, and the change once it goes', async () => {
    const h = await setup();
    const id = h.id(0);
    h.rotor.fail('upsert', apiError('server'));
    await h.store.saveEdit(id, { notes: 'x' });
    h.net.online = true;
    await h.store.replay();
    expect(await h.store.db.deliveries.count()).toBe(0);
    expect(h.passes).toEqual([{ sent: 0, requests: 0 }]);
    h.clock.now += 60_000;
    await h.store.replay();
    expect(h.store.deliveriesToday().map((d) => d.customerId)).toEqual([id]);
    expect(h.passes.at(-1)).toEqual({ sent: 1, requests: 1 });
  });

  it('keeps sentAt through a later edit and a full refresh', async () => {
    const h = await setup();
    const id = h.id(0);
    await h.store.saveEdit(id, { notes: 'one' });
    h.net.online = true;
    await h.store.replay();
    const sentAt = must(h.store.get(id)?.sentAt, 'sentAt');
    h.net.online = false;
    await h.store.saveEdit(id, { notes: 'two' });
    expect(h.store.get(id)).toMatchObject({ sentAt, syncState: 'pending' });
    h.net.online = true;
    h.clock.now += 60_000;
    await h.store.fullRefresh();
    await h.store.replay();
    expect(h.store.get(id)?.sentAt).toBe(new Date(h.clock.now).toISOString());
    expect(h.store.deliveriesToday()).toHaveLength(2);
  });
});

describe('another window', () => {
  it('sees what this window sent: the customer’s sentAt and today’s list, but no report of the run', async () => {
    const h = await syncedHarness([{ first_name: 'Ann' }], { extra: { broadcast: true } });
    open.push(h.store);
    const other = await h.reopen({ broadcast: true });
    open.push(other);
    const passes: ReplayPass[] = [];
    other.onReplayed((p) => passes.push(p));
    const seen = new Promise<void>((resolve) => {
      const off = other.subscribe(() => {
        if (other.get(h.id(0))?.sentAt) {
          off();
          resolve();
        }
      });
    });
    await h.store.saveEdit(h.id(0), { notes: 'from window 1' });
    h.net.online = true;
    await h.store.replay();
    await seen;
    expect(other.deliveriesToday()).toEqual(h.store.deliveriesToday());
    expect(other.get(h.id(0))?.sentAt).toBe(h.store.get(h.id(0))?.sentAt);
    // Only the window that sent says so: the toast is not repeated in every window.
    expect(passes).toEqual([]);
  });
});

describe('one report per replay run', () => {
  it('tells once what a run sent, however many customers and rounds it took', async () => {
    const h = await setup();
    await h.store.saveEdit(h.id(0), { notes: 'a' });
    await h.store.saveEdit(h.id(0), { phone: '612-555-0003' });
    await h.store.saveEdit(h.id(1), { notes: 'b' });
    // A create moves to its Rotor id and the lanes regroup: another round of the same run.
    await h.store.createCustomer({ first_name: 'Eve', phone: '612-555-0010' });
    h.net.online = true;
    // Two callers at once (connectivity back, the app's catch-up) join one run.
    await Promise.all([h.store.replay(), h.store.replay()]);
    expect(h.store.outbox()).toHaveLength(0);
    // Ann's two edits coalesced into one change.
    expect(h.store.deliveriesToday()).toHaveLength(3);
    expect(h.passes).toEqual([{ sent: 3, requests: 3 }]);
  });

  it('tells a run that sent nothing as 0 (the app says nothing then)', async () => {
    const h = await setup();
    h.net.online = true;
    await h.store.replay();
    expect(h.passes).toEqual([{ sent: 0, requests: 0 }]);
  });

  it('stops telling once the store is closed', async () => {
    const h = await setup();
    await h.store.saveEdit(h.id(0), { notes: 'a' });
    h.net.online = true;
    const run = h.store.replay();
    h.store.close();
    await run.catch(() => undefined);
    expect(h.passes).toEqual([]);
  });
});

describe('history kept', () => {
  it('a reload keeps sentAt and today’s list', async () => {
    const h = await setup();
    const id = h.id(0);
    await h.store.saveEdit(id, { notes: 'kept' });
    h.net.online = true;
    await h.store.replay();
    const today = h.store.deliveriesToday();
    h.store.close();
    const again = await h.reopen();
    open.push(again);
    expect(again.deliveriesToday()).toEqual(today);
    expect(again.get(id)?.sentAt).toBe(must(today[0]).at);
  });

  it('today’s list leaves out what was sent before local midnight', async () => {
    const h = await setup();
    await h.store.db.deliveries.put(
      logRow({ customerId: h.id(1), at: new Date(h.clock.now - DAY).toISOString() }),
    );
    const again = await h.reopen();
    open.push(again);
    expect(again.deliveriesToday()).toEqual([]);
    // Still within the kept week: the customer still says when it was sent.
    expect(again.get(h.id(1))?.sentAt).toBe(new Date(h.clock.now - DAY).toISOString());
  });

  it(`drops rows older than ${DELIVERY_DAYS} days with the next delivery, and sentAt with them`, async () => {
    const h = await setup();
    const old = logRow({
      customerId: h.id(1),
      at: new Date(h.clock.now - (DELIVERY_DAYS - 1) * DAY).toISOString(),
    });
    await h.store.db.deliveries.put(old);
    const store = await h.reopen();
    open.push(store);
    expect(store.get(h.id(1))?.sentAt).toBe(old.at);
    h.clock.now += 2 * DAY; // now past keeping
    await store.saveEdit(h.id(0), { notes: 'new day' });
    h.net.online = true;
    await store.replay();
    expect((await store.db.deliveries.toArray()).map((d) => d.customerId)).toEqual([h.id(0)]);
    expect(store.get(h.id(1))?.sentAt).toBeUndefined();
    expect(store.get(h.id(0))?.sentAt).toBe(new Date(h.clock.now).toISOString());
  });

  it(`opening the cache drops rows past keeping and keeps at most ${DELIVERY_CAP}, the newest`, async () => {
    const h = await setup();
    const base = h.clock.now - DAY;
    const rows = Array.from({ length: DELIVERY_CAP + 5 }, (_, i) =>
      logRow({ id: `d${i}`, customerId: `c${i}`, at: new Date(base + i * 1000).toISOString() }),
    );
    rows.push(logRow({ id: 'ancient', at: new Date(h.clock.now - (DELIVERY_DAYS + 1) * DAY).toISOString() }));
    await h.store.db.deliveries.bulkPut(rows);
    const again = await h.reopen();
    open.push(again);
    const kept = await again.db.deliveries.orderBy('at').primaryKeys();
    expect(kept).toHaveLength(DELIVERY_CAP);
    expect(kept[0]).toBe('d5');
    expect(kept.at(-1)).toBe(`d${DELIVERY_CAP + 4}`);
  });
});
