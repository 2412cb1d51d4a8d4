/**
 * A change Rotor rejected keeps its reason: through later refreshes, through a conflict on the same
 * entry, and after the conflict is settled unless the rejected value itself was chosen anew. And
 * settling a conflict says what is left to send (nothing, when every field takes Rotor's value).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalDataStore } from '$lib/data/store/store';
import { apiError } from './fake-rotor';
import { must, syncedHarness } from './helpers';

let open: LocalDataStore[] = [];
afterEach(() => {
  for (const s of open) s.close();
  open = [];
});

const REJECTED = 'billing@lakeside.example';

/** Ann's email change, rejected by Rotor on its one attempt. */
async function rejectedHarness() {
  const h = await syncedHarness([{ first_name: 'Ann', email: 'ann@x.io', notes: 'n0', source: 's0' }]);
  open.push(h.store);
  const id = h.id(0);
  await h.store.saveEdit(id, { email: REJECTED, notes: 'mine' });
  h.rotor.fail('upsert', apiError('validation'));
  h.net.online = true;
  await h.store.replay();
  const entry = must(h.store.entryFor(id));
  expect(entry).toMatchObject({ state: 'failed', lastError: { kind: 'validation' } });
  return { ...h, id, entryId: entry.id, upserts: () => h.rotor.callsOf('upsert').length };
}

describe('a rejected change', () => {
  it('stays failed with its reason through a refresh that changes nothing, and is not sent again', async () => {
    const h = await rejectedHarness();
    await h.store.fullRefresh();
    await h.store.replay();
    expect(must(h.store.entryFor(h.id))).toMatchObject({
      state: 'failed',
      lastError: { kind: 'validation', fields: [{ field: 'email', message: 'Invalid email format' }] },
    });
    expect(h.upserts()).toBe(1);
  });

  it('keeps its reason as a conflict, and goes back to failed (not pending) when the conflict goes', async () => {
    const h = await rejectedHarness();
    h.rotor.edit(h.id, { email: 'office@x.io' });
    await h.store.fullRefresh();
    const conflict = must(h.store.entryFor(h.id));
    expect(conflict.state).toBe('conflict');
    expect(conflict.conflicts).toEqual({
      email: { base: 'ann@x.io', theirs: 'office@x.io', mine: REJECTED },
    });
    expect(conflict.lastError).toMatchObject({ kind: 'validation', fields: [{ field: 'email' }] });

    h.rotor.edit(h.id, { email: 'ann@x.io' });
    await h.store.fullRefresh();
    await h.store.replay();
    expect(must(h.store.entryFor(h.id))).toMatchObject({
      state: 'failed',
      conflicts: null,
      lastError: { kind: 'validation' },
    });
    expect(h.upserts()).toBe(1);
  });

  it('settling other fields leaves it failed with its reason; a new value for the rejected one sends it', async () => {
    const h = await rejectedHarness();
    h.rotor.edit(h.id, { email: 'office@x.io', notes: 'theirs' });
    await h.store.fullRefresh();
    h.net.online = false;

    // Only the notes decided: the email still waits for a choice.
    expect(await h.store.resolveConflict(h.entryId, { notes: 'mine' })).toEqual({
      ok: true,
      data: { left: 'conflict' },
    });
    // A typed value is checked like a save, and nothing changes when it is refused.
    const refused = await h.store.resolveConflict(h.entryId, { email: { value: 'not-an-email' } });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'validation', fields: [{ field: 'email' }] } });
    expect(must(h.store.entryFor(h.id)).state).toBe('conflict');

    expect(
      await h.store.resolveConflict(h.entryId, { email: { value: 'ann@lakeside.example.com' } }),
    ).toEqual({
      ok: true,
      data: { left: 'pending' },
    });
    const entry = must(h.store.entryFor(h.id));
    expect(entry).toMatchObject({
      state: 'pending',
      lastError: null,
      changes: { email: 'ann@lakeside.example.com', notes: 'mine' },
      base: { email: 'office@x.io', notes: 'theirs' },
    });
    h.net.online = true;
    await h.store.replay();
    expect(h.rotor.customers.get(h.id)).toMatchObject({ email: 'ann@lakeside.example.com', notes: 'mine' });
  });

  it('a conflict on another field, settled, leaves the rejected email failed with its reason', async () => {
    const h = await rejectedHarness();
    h.rotor.edit(h.id, { notes: 'theirs' });
    await h.store.fullRefresh();
    expect(must(h.store.entryFor(h.id)).state).toBe('conflict');
    h.net.online = false;
    expect(await h.store.resolveConflict(h.entryId, { notes: 'theirs' })).toEqual({
      ok: true,
      data: { left: 'failed' },
    });
    expect(must(h.store.entryFor(h.id))).toMatchObject({
      state: 'failed',
      changes: { email: REJECTED },
      lastError: { kind: 'validation' },
    });
  });
});

describe('settling a conflict', () => {
  it('with Rotor’s value for every field leaves nothing to send: no entry, the customer matches Rotor', async () => {
    const h = await syncedHarness([{ first_name: 'Ann', notes: 'n0', source: 's0' }]);
    open.push(h.store);
    const id = h.id(0);
    await h.store.saveEdit(id, { notes: 'mine', source: 'my-source' });
    h.rotor.edit(id, { notes: 'theirs', source: 'their-source' });
    h.net.online = true;
    h.rotor.fail('upsert', apiError('network'), { times: 99 });
    await h.store.fullRefresh();
    const entry = must(h.store.entryFor(id));
    const before = h.rotor.callsOf('upsert').length;
    expect(await h.store.resolveConflict(entry.id, { notes: 'theirs', source: 'theirs' })).toEqual({
      ok: true,
      data: { left: null },
    });
    expect(h.store.outbox()).toHaveLength(0);
    expect(h.store.get(id)).toMatchObject({ notes: 'theirs', source: 'their-source', syncState: 'synced' });
    await h.store.replay();
    expect(h.rotor.callsOf('upsert').length).toBe(before);
  });

  it('a typed value equal to Rotor’s is nothing to send; kept notes are sent joined', async () => {
    const h = await syncedHarness([{ first_name: 'Ann', notes: 'n0', source: 's0' }]);
    open.push(h.store);
    const id = h.id(0);
    await h.store.saveEdit(id, { notes: 'Gate code 1234', source: 'my-source' });
    h.rotor.edit(id, { notes: 'Call first', source: 'their-source' });
    h.net.online = true;
    await h.store.fullRefresh();
    h.net.online = false;
    const entry = must(h.store.entryFor(id));
    const joined = 'Call first\n\n———\n\nGate code 1234';
    await h.store.resolveConflict(entry.id, { source: { value: 'their-source' }, notes: { value: joined } });
    expect(must(h.store.entryFor(id))).toMatchObject({
      state: 'pending',
      changes: { notes: joined },
      base: { notes: 'Call first' },
    });
    h.net.online = true;
    await h.store.replay();
    expect(h.rotor.customers.get(id)).toMatchObject({ notes: joined, source: 'their-source' });
  });
});
