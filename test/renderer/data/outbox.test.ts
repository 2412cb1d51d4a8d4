import { afterEach, describe, expect, it } from 'vitest';
import type { LocalDataStore } from '$lib/data/store';
import { must, syncedHarness } from './helpers';

const ANN = {
  first_name: 'Ann',
  last_name: 'Lee',
  email: 'ann@example.com',
  phone: '612-555-0001',
  notes: 'old notes',
  tags: ['vip'],
};

let open: LocalDataStore[] = [];
afterEach(() => {
  for (const s of open) s.close();
  open = [];
});

async function setup() {
  const h = await syncedHarness([ANN, { first_name: 'Bob', last_name: 'Ray' }]);
  open.push(h.store);
  return { ...h, ann: h.id(0), bob: h.id(1) };
}

describe('saveEdit', () => {
  it('writes the new local state and an entry holding only the changed fields and their base', async () => {
    const { store, ann, rotor } = await setup();
    const res = await store.saveEdit(ann, { first_name: 'Ann', notes: 'new notes', property_city: 'Edina' });
    expect(res).toEqual({ ok: true, id: ann });
    expect(store.get(ann)).toMatchObject({ notes: 'new notes', syncState: 'pending' });
    expect(store.get(ann)?.address?.city).toBe('Edina');
    const entry = must(store.entryFor(ann));
    expect(entry).toMatchObject({ kind: 'update', state: 'pending', customerId: ann });
    expect(entry.changes).toEqual({ notes: 'new notes', property_city: 'Edina' });
    expect(entry.base).toEqual({ notes: 'old notes', property_city: null });
    expect(store.meta().pendingCount).toBe(1);
    // Offline: nothing was sent.
    expect(rotor.callsOf('upsert')).toHaveLength(0);

    // Persisted, in the same state, for the next launch.
    const row = await store.db.customers.get(ann);
    expect(row?.notes).toBe('new notes');
    expect(row?.server?.notes).toBe('old notes');
    expect(await store.db.outbox.count()).toBe(1);
  });

  it('coalesces further edits into the pending entry, keeping the first base', async () => {
    const { store, ann } = await setup();
    await store.saveEdit(ann, { notes: 'first' });
    await store.saveEdit(ann, { notes: 'second', last_name: 'Lee-Smith' });
    expect(store.outbox()).toHaveLength(1);
    const entry = must(store.entryFor(ann));
    expect(entry.changes).toEqual({ notes: 'second', last_name: 'Lee-Smith' });
    expect(entry.base).toEqual({ notes: 'old notes', last_name: 'Lee' });
  });

  it('drops a field edited back to its base value, and removes an empty entry (record synced again)', async () => {
    const { store, ann } = await setup();
    await store.saveEdit(ann, { notes: 'changed', last_name: 'X' });
    await store.saveEdit(ann, { notes: 'old notes' });
    expect(must(store.entryFor(ann)).changes).toEqual({ last_name: 'X' });
    expect(must(store.entryFor(ann)).base).toEqual({ last_name: 'Lee' });
    await store.saveEdit(ann, { last_name: 'Lee' });
    expect(store.outbox()).toHaveLength(0);
    expect(store.get(ann)).toMatchObject({ last_name: 'Lee', notes: 'old notes', syncState: 'synced' });
    expect(await store.db.outbox.count()).toBe(0);
  });

  it('does not merge into an entry being sent: the new edit queues behind it', async () => {
    const { store, ann } = await setup();
    await store.saveEdit(ann, { notes: 'one' });
    const first = must(store.entryFor(ann));
    await store.db.outbox.update(first.id, { state: 'sending' });
    await store.saveEdit(ann, { notes: 'two' });
    const entries = store.outbox();
    expect(entries).toHaveLength(2);
    expect(must(entries[0]).changes).toEqual({ notes: 'one' });
    expect(must(entries[1]).changes).toEqual({ notes: 'two' });
    // The second entry's base is the value after the one in flight.
    expect(must(entries[1]).base).toEqual({ notes: 'one' });
    expect(store.get(ann)?.notes).toBe('two');
  });

  it('an edit that changes nothing queues nothing', async () => {
    const { store, ann } = await setup();
    expect(await store.saveEdit(ann, { first_name: 'Ann', notes: 'old notes' })).toEqual({
      ok: true,
      id: ann,
    });
    expect(store.outbox()).toHaveLength(0);
    expect(store.get(ann)?.syncState).toBe('synced');
  });
});

describe('createCustomer', () => {
  it('creates a local:<uuid> record with a create entry; later edits fold into the create', async () => {
    const { store } = await setup();
    const res = await store.createCustomer({
      first_name: 'Cy',
      company_name: 'Cy Co',
      notes: '',
      tags: ['new'],
    });
    expect(res.ok).toBe(true);
    const id = res.ok ? res.id : '';
    expect(id).toMatch(/^local:[0-9a-f-]{36}$/);
    expect(store.get(id)).toMatchObject({
      first_name: 'Cy',
      syncState: 'pending',
      serverTags: [],
      tags: ['new'],
    });
    let entry = must(store.entryFor(id));
    expect(entry.kind).toBe('create');
    expect(entry.changes).toEqual({ first_name: 'Cy', company_name: 'Cy Co', tags: ['new'] });

    await store.saveEdit(id, { phone: '555 0100', company_name: '' });
    expect(store.outbox()).toHaveLength(1);
    entry = must(store.entryFor(id));
    expect(entry.kind).toBe('create');
    expect(entry.changes).toEqual({ first_name: 'Cy', phone: '555 0100', tags: ['new'] });
    // Cleared before it was ever sent: simply not part of the create.
    expect(store.get(id)?.company_name).toBeNull();
  });
});

describe('tags', () => {
  it('adds tags, sending only the new ones', async () => {
    const { store, ann } = await setup();
    await store.saveEdit(ann, { tags: ['vip', 'spring'] });
    expect(must(store.entryFor(ann)).changes).toEqual({ tags: ['spring'] });
    expect(must(store.entryFor(ann)).base).toEqual({ tags: ['vip'] });
    expect(store.get(ann)?.tags).toEqual(['vip', 'spring']);
    expect(store.get(ann)?.serverTags).toEqual(['vip']);
  });

  it('refuses to remove a tag Rotor already has, and writes nothing', async () => {
    const { store, ann } = await setup();
    const res = await store.saveEdit(ann, { tags: ['spring'], notes: 'also this' });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.kind).toBe('tag_removal');
    expect(res.error.message).toContain('"vip"');
    expect(res.error.message).toContain("Rotor's web app");
    expect(store.outbox()).toHaveLength(0);
    expect(store.get(ann)?.notes).toBe('old notes');
  });

  it('allows removing a tag added here and not yet sent', async () => {
    const { store, ann } = await setup();
    await store.saveEdit(ann, { tags: ['vip', 'spring', 'fall'] });
    expect(await store.saveEdit(ann, { tags: ['vip', 'fall'] })).toEqual({ ok: true, id: ann });
    expect(must(store.entryFor(ann)).changes).toEqual({ tags: ['fall'] });
    await store.saveEdit(ann, { tags: ['vip'] });
    expect(store.outbox()).toHaveLength(0);
    expect(store.get(ann)?.tags).toEqual(['vip']);
  });

  it('refuses to remove a tag that is being sent right now', async () => {
    const { store, ann } = await setup();
    await store.saveEdit(ann, { tags: ['vip', 'spring'] });
    await store.db.outbox.update(must(store.entryFor(ann)).id, { state: 'sending' });
    const res = await store.saveEdit(ann, { tags: ['vip'] });
    expect(res.ok ? null : res.error.kind).toBe('tag_removal');
  });
});

describe('validation before queueing', () => {
  it('rejects a bad email, an unknown status and a record with nothing to identify it', async () => {
    const { store, ann, bob } = await setup();
    const bad = await store.saveEdit(ann, { email: 'not-an-email' });
    expect(bad).toMatchObject({
      ok: false,
      error: { kind: 'validation', fields: { email: expect.any(String) } },
    });

    const status = await store.saveEdit(ann, { status: 'archived' as never });
    expect(status).toMatchObject({
      ok: false,
      error: { kind: 'validation', fields: { status: expect.any(String) } },
    });

    const empty = await store.saveEdit(bob, { first_name: '', last_name: '' });
    expect(empty).toMatchObject({
      ok: false,
      error: { kind: 'validation', fields: { first_name: expect.any(String) } },
    });

    const create = await store.createCustomer({ notes: 'only notes' });
    expect(create).toMatchObject({ ok: false, error: { kind: 'validation' } });

    expect(store.outbox()).toHaveLength(0);
    expect(await store.db.outbox.count()).toBe(0);
    expect(store.get(ann)?.email).toBe('ann@example.com');
  });

  it('does not block an unrelated edit of a customer Rotor holds without a name, phone or email', async () => {
    const h = await syncedHarness([{ notes: 'nameless' }]);
    open.push(h.store);
    expect(await h.store.saveEdit(h.id(0), { notes: 'still nameless' })).toEqual({ ok: true, id: h.id(0) });
  });

  it('accepts a record identified by a phone alone', async () => {
    const { store } = await setup();
    expect((await store.createCustomer({ phone: '612 555 0199' })).ok).toBe(true);
  });
});

describe('one transaction per edit', () => {
  it('a failing outbox write leaves neither the record change nor the entry', async () => {
    const { store, ann } = await setup();
    store.db.outbox.hook('creating', () => {
      throw new Error('disk full');
    });
    await expect(store.saveEdit(ann, { notes: 'lost' })).rejects.toThrow();
    expect(store.get(ann)?.notes).toBe('old notes');
    expect((await store.db.customers.get(ann))?.notes).toBe('old notes');
    expect(await store.db.outbox.count()).toBe(0);

    await expect(store.createCustomer({ first_name: 'Never' })).rejects.toThrow();
    expect(await store.db.customers.count()).toBe(2);
    expect(store.meta().customerCount).toBe(2);
  });
});

describe('discard', () => {
  it('rolls an update back to the last server state', async () => {
    const { store, ann } = await setup();
    await store.saveEdit(ann, { notes: 'mine', tags: ['vip', 'x'] });
    await store.discard(must(store.entryFor(ann)).id);
    expect(store.get(ann)).toMatchObject({ notes: 'old notes', tags: ['vip'], syncState: 'synced' });
    expect(store.outbox()).toHaveLength(0);
    expect((await store.db.customers.get(ann))?.notes).toBe('old notes');
  });

  it('removes a local-only create entirely', async () => {
    const { store } = await setup();
    const res = await store.createCustomer({ first_name: 'Temp' });
    const id = res.ok ? res.id : '';
    await store.discard(must(store.entryFor(id)).id);
    expect(store.get(id)).toBeUndefined();
    expect(await store.db.customers.get(id)).toBeUndefined();
    expect(store.search({ text: 'temp' }).ids).toEqual([]);
  });

  it('will not discard an entry that is being sent', async () => {
    const { store, ann } = await setup();
    await store.saveEdit(ann, { notes: 'mine' });
    const entry = must(store.entryFor(ann));
    await store.db.outbox.update(entry.id, { state: 'sending' });
    await store.discard(entry.id);
    expect(await store.db.outbox.get(entry.id)).toBeDefined();
  });
});
