import { afterEach, describe, expect, it } from 'vitest';
import type { Dexie } from 'dexie';
import type { RotorDb, StoredEntry } from '$lib/data/db/schema';
import {
  createCustomerTx,
  discardTx,
  rebaseLater,
  recreateAsNewTx,
  retryNowTx,
  saveEditTx,
} from '$lib/data/outbox/outbox';
import { resolveConflictsTx } from '$lib/data/outbox/resolve';
import type { WriteContext } from '$lib/data/outbox/outbox';
import type { LocalDataStore } from '$lib/data/store/store';
import { apiError } from './fake-rotor';
import { must, syncedHarness } from './helpers';
import { serverCopyOf } from '$lib/data/db/schema';

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
    expect(res).toEqual({ ok: true, data: { id: ann } });
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
    expect(row && serverCopyOf(row)?.notes).toBe('old notes');
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
      data: { id: ann },
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
    const id = res.ok ? res.data.id : '';
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
    expect(await store.saveEdit(ann, { tags: ['vip', 'fall'] })).toEqual({ ok: true, data: { id: ann } });
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
      error: {
        kind: 'validation',
        fields: expect.arrayContaining([{ field: 'email', message: expect.any(String) }]),
      },
    });

    const status = await store.saveEdit(ann, { status: 'archived' as never });
    expect(status).toMatchObject({
      ok: false,
      error: {
        kind: 'validation',
        fields: expect.arrayContaining([{ field: 'status', message: expect.any(String) }]),
      },
    });

    const empty = await store.saveEdit(bob, { first_name: '', last_name: '' });
    expect(empty).toMatchObject({
      ok: false,
      error: {
        kind: 'validation',
        fields: expect.arrayContaining([{ field: 'first_name', message: expect.any(String) }]),
      },
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
    expect(await h.store.saveEdit(h.id(0), { notes: 'still nameless' })).toEqual({
      ok: true,
      data: { id: h.id(0) },
    });
  });

  it('accepts a record identified by a phone alone', async () => {
    const { store } = await setup();
    expect((await store.createCustomer({ phone: '612 555 0199' })).ok).toBe(true);
  });
});

describe('one transaction per edit', () => {
  it('a failing outbox write leaves neither the record change nor the entry, and says so', async () => {
    const { store, ann } = await setup();
    store.db.outbox.hook('creating', () => {
      throw new Error('disk full');
    });
    expect(await store.saveEdit(ann, { notes: 'lost' })).toMatchObject({
      ok: false,
      error: { kind: 'storage' },
    });
    expect(store.get(ann)?.notes).toBe('old notes');
    expect((await store.db.customers.get(ann))?.notes).toBe('old notes');
    expect(await store.db.outbox.count()).toBe(0);

    expect(await store.createCustomer({ first_name: 'Never' })).toMatchObject({
      ok: false,
      error: { kind: 'storage' },
    });
    expect(await store.db.customers.count()).toBe(2);
    expect(store.meta().customerCount).toBe(2);
  });
});

/** Makes every write to the cache fail, as a full disk or an aborted transaction would. */
function refuseWrites(db: RotorDb): () => void {
  const refuse = (): never => {
    throw new DOMException('disk full', 'QuotaExceededError');
  };
  const tables = [db.customers, db.outbox] as unknown as Array<Dexie.Table>;
  for (const t of tables) {
    t.hook('creating', refuse);
    t.hook('updating', refuse);
    t.hook('deleting', refuse);
  }
  return () => {
    for (const t of tables) {
      t.hook('creating').unsubscribe(refuse);
      t.hook('updating').unsubscribe(refuse);
      t.hook('deleting').unsubscribe(refuse);
    }
  };
}

describe('IndexedDB refusing a write', () => {
  it('reaches the caller of every outbox write as a rejection, with nothing written', async () => {
    const { store, ann, bob } = await setup();
    await store.saveEdit(ann, { notes: 'queued' });
    await store.saveEdit(bob, { notes: 'in conflict' });
    const queued = must(store.entryFor(ann));
    const conflicted = must(store.entryFor(bob));
    await store.db.outbox.update(conflicted.id, {
      state: 'conflict',
      conflicts: { notes: { base: null, theirs: 'x', mine: 'in conflict' } },
    });
    const gone = {
      ...queued,
      id: 'gone',
      seq: 99,
      state: 'failed',
      lastError: apiError('not_found'),
    } as StoredEntry;
    await store.db.outbox.put({ ...gone, customerId: bob, changes: { last_name: 'Ray2' }, base: {} });
    const before = JSON.stringify([await store.db.customers.toArray(), await store.db.outbox.toArray()]);
    const ctx: WriteContext = {
      db: store.db,
      nowIso: () => new Date().toISOString(),
      uuid: () => crypto.randomUUID(),
    };
    const undo = refuseWrites(store.db);
    await expect(saveEditTx(ctx, ann, { notes: 'more' })).rejects.toThrow();
    await expect(createCustomerTx(ctx, { first_name: 'New' })).rejects.toThrow();
    await expect(discardTx(ctx, queued.id)).rejects.toThrow();
    await expect(retryNowTx(ctx, queued.id)).rejects.toThrow();
    await expect(resolveConflictsTx(ctx, conflicted.id, { notes: 'mine' })).rejects.toThrow();
    await expect(recreateAsNewTx(ctx, 'gone')).rejects.toThrow();
    undo();
    expect(JSON.stringify([await store.db.customers.toArray(), await store.db.outbox.toArray()])).toBe(
      before,
    );
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
    const id = res.ok ? res.data.id : '';
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

describe('discard re-bases later entries', () => {
  /** Entry 1 (notes old → B) is frozen so that entry 2 (B → C) queues behind it with base B. */
  async function twoEntries(freeze: 'ambiguous' | 'failed') {
    const h = await setup();
    const { store, ann } = h;
    await store.saveEdit(ann, { notes: 'B' });
    const first = must(store.entryFor(ann));
    await store.db.outbox.update(
      first.id,
      freeze === 'ambiguous' ? { ambiguous: true } : { state: 'sending' },
    );
    await store.saveEdit(ann, { notes: 'C', last_name: 'Lee-Smith' });
    if (freeze === 'failed')
      // Its send was refused (a validation error): it never reached Rotor and is no longer frozen.
      await store.db.outbox.update(first.id, { state: 'failed', lastError: apiError('validation') });
    const second = must(store.outbox().find((e) => e.id !== first.id));
    expect(second.base).toEqual({ notes: 'B', last_name: 'Lee' });
    return { ...h, first, second };
  }

  /** A refresh in which Rotor still holds every field as it was (sending fails, so nothing changes). */
  async function refresh(h: Awaited<ReturnType<typeof setup>>): Promise<void> {
    h.net.online = true;
    h.rotor.fail('upsert', apiError('network'), { times: 99 });
    await h.store.fullRefresh();
  }

  it.each(['ambiguous', 'failed'] as const)(
    'a refresh returning the discarded entry’s base shows no conflict (entry 1 %s)',
    async (freeze) => {
      const h = await twoEntries(freeze);
      await h.store.discard(h.first.id);
      expect(h.store.outbox().map((e) => e.id)).toEqual([h.second.id]);
      expect(must(h.store.entryFor(h.ann)).base).toEqual({ notes: 'old notes', last_name: 'Lee' });
      expect((await h.store.db.outbox.get(h.second.id))?.base.notes).toBe('old notes');
      await refresh(h);
      const after = must(h.store.entryFor(h.ann));
      expect(after.state).not.toBe('conflict');
      expect(after.conflicts).toBeNull();
      expect(h.store.get(h.ann)).toMatchObject({ notes: 'C', last_name: 'Lee-Smith' });
    },
  );
});

describe('removing a tag held by an earlier entry', () => {
  /** Entry 1 adds `spring` (and maybe notes); it was being sent when entry 2 queued behind it. */
  async function tagInEarlierEntry(extra: { notes?: string } = {}) {
    const h = await setup();
    const { store, ann } = h;
    await store.saveEdit(ann, { tags: ['vip', 'spring'], ...extra });
    const first = must(store.entryFor(ann));
    await store.db.outbox.update(first.id, { state: 'sending' });
    await store.saveEdit(ann, { last_name: 'Lee-Smith' });
    return { ...h, first };
  }

  it('takes it out of that entry when it is not being sent, deleting the entry left empty', async () => {
    const h = await tagInEarlierEntry();
    // The send never left (offline): the entry waits again, unsent and not ambiguous.
    await h.store.db.outbox.update(h.first.id, { state: 'pending' });
    expect(await h.store.saveEdit(h.ann, { tags: ['vip'] })).toEqual({ ok: true, data: { id: h.ann } });
    expect(await h.store.db.outbox.get(h.first.id)).toBeUndefined();
    expect(h.store.outbox().map((e) => e.changes)).toEqual([{ last_name: 'Lee-Smith' }]);
    expect(h.store.get(h.ann)).toMatchObject({ tags: ['vip'], last_name: 'Lee-Smith' });
  });

  it('keeps the entry’s other changes', async () => {
    const h = await tagInEarlierEntry({ notes: 'spring clean' });
    await h.store.db.outbox.update(h.first.id, { state: 'failed', lastError: apiError('validation') });
    expect(await h.store.saveEdit(h.ann, { tags: ['vip'] })).toEqual({ ok: true, data: { id: h.ann } });
    expect((await h.store.db.outbox.get(h.first.id))?.changes).toEqual({ notes: 'spring clean' });
    expect(h.store.get(h.ann)).toMatchObject({ tags: ['vip'], notes: 'spring clean' });
  });

  it.each([
    ['being sent', { state: 'sending' as const }],
    ['possibly already in Rotor', { state: 'pending' as const, ambiguous: true }],
  ])('refuses with tag_removal when that entry is %s, and writes nothing', async (_name, frozen) => {
    const h = await tagInEarlierEntry();
    await h.store.db.outbox.update(h.first.id, frozen);
    const before = JSON.stringify(await h.store.db.outbox.toArray());
    const res = await h.store.saveEdit(h.ann, { tags: ['vip'], notes: 'also' });
    expect(res).toMatchObject({
      ok: false,
      error: { kind: 'tag_removal', message: expect.stringContaining('"spring"') },
    });
    expect(JSON.stringify(await h.store.db.outbox.toArray())).toBe(before);
    expect(h.store.get(h.ann)?.tags).toEqual(['vip', 'spring']);
  });
});

describe('rebaseLater', () => {
  const entry = (
    id: string,
    seq: number,
    changes: StoredEntry['changes'],
    base: StoredEntry['base'],
  ): StoredEntry =>
    ({
      id,
      customerId: 'c1',
      idempotencyKey: `k-${id}`,
      kind: 'update',
      changes,
      base,
      state: 'pending',
      attempts: 0,
      nextAttemptAt: null,
      lastError: null,
      conflicts: null,
      createdAt: '',
      updatedAt: '',
      seq,
      firstAttemptAt: null,
      ambiguous: false,
    }) satisfies StoredEntry;

  it('re-bases only the next entry that changes a field; later ones built on that entry', () => {
    const gone = entry('d', 1, { notes: 'B', tags: ['spring'] }, { notes: 'A', tags: ['vip'] });
    const e2 = entry('e2', 2, { notes: 'C', tags: ['fall'] }, { notes: 'B', tags: ['vip', 'spring'] });
    const e3 = entry('e3', 3, { notes: 'D' }, { notes: 'C' });
    const out = rebaseLater(gone, [e2, e3], 'now');
    expect(out.map((e) => [e.id, e.base, e.updatedAt])).toEqual([
      ['e2', { notes: 'A', tags: ['vip'] }, 'now'],
    ]);
    // The inputs are not changed in place.
    expect(e2.base).toEqual({ notes: 'B', tags: ['vip', 'spring'] });
  });

  it('leaves an entry being sent, and a base that is not the discarded value', () => {
    const gone = entry('d', 1, { notes: 'B' }, { notes: 'A' });
    const sending = { ...entry('e2', 2, { notes: 'C' }, { notes: 'B' }), state: 'sending' as const };
    expect(rebaseLater(gone, [sending], 'now')).toEqual([]);
    expect(rebaseLater(gone, [entry('e2', 2, { notes: 'C' }, { notes: 'X' })], 'now')).toEqual([]);
  });
});
