import { afterEach, describe, expect, it } from 'vitest';
import type { LocalDataStore } from '$lib/data/store/store';
import { apiError } from './fake-rotor';
import { syncedHarness } from './helpers';

let open: LocalDataStore[] = [];
afterEach(() => {
  for (const s of open) s.close();
  open = [];
});

async function setup() {
  const h = await syncedHarness([
    { first_name: 'Ann', phone: '612-555-0001', email: 'ann@x.io', tags: ['vip', 'Spring'] },
    { first_name: 'Bob', email: 'bob@x.io', tags: ['fall'] },
  ]);
  open.push(h.store);
  return h;
}

describe('DataStore view', () => {
  it('notifies subscribers on every committed change, until they unsubscribe', async () => {
    const { store, id } = await setup();
    let n = 0;
    const off = store.subscribe(() => n++);
    await store.saveEdit(id(0), { notes: 'x' });
    expect(n).toBe(1);
    off();
    await store.saveEdit(id(0), { notes: 'y' });
    expect(n).toBe(1);
  });

  it('lists the tags present, case-insensitively sorted, following edits', async () => {
    const { store, id } = await setup();
    expect(store.tagsPresent()).toEqual(['fall', 'Spring', 'vip']);
    await store.saveEdit(id(1), { tags: ['fall', 'autumn'] });
    expect(store.tagsPresent()).toEqual(['autumn', 'fall', 'Spring', 'vip']);
  });

  it('answers the same tag list while no tag appears or goes, so what shows it need not re-run', async () => {
    const { store, id } = await setup();
    const before = store.tagsPresent();
    await store.saveEdit(id(0), { notes: 'only notes' });
    expect(store.tagsPresent()).toBe(before);
    await store.saveEdit(id(1), { tags: ['fall', 'autumn'] });
    const added = store.tagsPresent();
    expect(added).not.toBe(before);
    expect(added).toEqual(['autumn', 'fall', 'Spring', 'vip']);
    await store.saveEdit(id(1), { tags: ['fall'] });
    expect(store.tagsPresent()).toEqual(['fall', 'Spring', 'vip']);
  });

  it('counts pending, failed and conflict entries', async () => {
    const h = await setup();
    await h.store.saveEdit(h.id(0), { notes: 'a' });
    await h.store.saveEdit(h.id(1), { notes: 'b' });
    expect(h.store.meta()).toMatchObject({
      customerCount: 2,
      pendingCount: 2,
      failedCount: 0,
      conflictCount: 0,
    });
    h.rotor.fail('upsert', apiError('validation'), { times: 2 });
    h.net.online = true;
    await h.store.replay();
    expect(h.store.meta()).toMatchObject({ pendingCount: 0, failedCount: 2 });
  });

  it('finds the customer an id-less upsert would update: phone first, then email, against server values', async () => {
    const { store, id } = await setup();
    expect(store.findUpsertMatch({ phone: '(612) 555 0001', email: 'bob@x.io' })?.id).toBe(id(0));
    expect(store.findUpsertMatch({ phone: '000', email: 'BOB@x.io ' })?.id).toBe(id(1));
    expect(store.findUpsertMatch({ phone: '', email: '' })).toBeUndefined();
    // An unsent local change of Bob's email does not change what Rotor would match.
    await store.saveEdit(id(1), { email: 'robert@x.io' });
    expect(store.findUpsertMatch({ email: 'bob@x.io' })?.id).toBe(id(1));
    expect(store.findUpsertMatch({ email: 'robert@x.io' })).toBeUndefined();
  });

  it('keeps working with a temp id after it was rewritten', async () => {
    const h = await setup();
    const res = await h.store.createCustomer({ first_name: 'Cy' });
    const localId = res.ok ? res.data.id : '';
    h.net.online = true;
    await h.store.replay();
    const serverId = h.store.resolveId(localId);
    expect(serverId).not.toBe(localId);
    h.net.online = false;
    await h.store.saveEdit(localId, { notes: 'via old id' });
    expect(h.store.entryFor(localId)).toMatchObject({
      customerId: serverId,
      changes: { notes: 'via old id' },
    });
  });

  it('tells another window what changed (BroadcastChannel)', async () => {
    const h = await syncedHarness([{ first_name: 'Ann' }], { extra: { broadcast: true } });
    open.push(h.store);
    const other = await h.reopen({ broadcast: true });
    open.push(other);
    const seen = new Promise<void>((resolve) => {
      const off = other.subscribe(() => {
        if (other.get(h.id(0))?.notes === 'from window 1') {
          off();
          resolve();
        }
      });
    });
    await h.store.saveEdit(h.id(0), { notes: 'from window 1' });
    await seen;
    expect(other.outbox()).toHaveLength(1);
    expect(other.search({ text: 'ann', pendingOnly: true }).ids).toEqual([h.ids[0]]);
  });

  it('close stops notifications and further replays', async () => {
    const h = await setup();
    let n = 0;
    h.store.subscribe(() => n++);
    h.store.close();
    await h.store.replay();
    expect(n).toBe(0);
    expect(h.rotor.callsOf('upsert')).toHaveLength(0);
  });
});
