/**
 * Import groups (outbox/import-queue.ts, outbox/import-groups.ts, replay/import-hold.ts): a confirmed
 * import queued by the form's rules in batches, coalescing with the user's waiting changes, held by
 * pause and by the edit reserve, cancelled unsent, and resumed across a reload, every row sent once.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CustomerWrite } from '@contract/customer';
import { EDIT_RESERVE } from '$lib/data/budget';
import type { ImportPlan, ImportRowPlan } from '$lib/data/types';
import type { LocalDataStore } from '$lib/data/store/store';
import { IMPORT_BATCH } from '$lib/data/outbox/import-queue';
import { isLocalId } from '$lib/data/outbox/outbox';
import { must, replayWakes, spend, syncedHarness } from './helpers';

let open: LocalDataStore[] = [];
afterEach(() => {
  for (const s of open) s.close();
  open = [];
});

type UpsertArg = { customer: CustomerWrite; idempotencyKey: string };

async function setup(n = 3) {
  const seed = Array.from({ length: n }, (_, i) => ({
    first_name: `C${i}`,
    notes: 'n0',
    phone: `612-555-${String(1000 + i)}`,
  }));
  const h = await syncedHarness(seed);
  open.push(h.store);
  const upserts = (): UpsertArg[] => h.rotor.callsOf('upsert').map((c) => c.arg as UpsertArg);
  return { ...h, upserts };
}

const plan = (rows: ImportRowPlan[], fileName = 'leads.csv'): ImportPlan => ({ fileName, rows });
const group = (store: LocalDataStore) => must(store.importGroups()[0], 'the import group');
const queue = async (store: LocalDataStore, p: ImportPlan) => {
  const r = await store.queueImport(p);
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
};

/** `n` new customers, rows 1..n. */
const creates = (n: number, from = 1): ImportRowPlan[] =>
  Array.from({ length: n }, (_, i) => ({
    row: from + i,
    target: null,
    changes: { first_name: `New${from + i}`, email: `new${from + i}@x.io` },
  }));

describe('queueImport', () => {
  it('queues updates and creates as one group, a duplicate row folding into the create an earlier row made', async () => {
    const h = await setup();
    const data = await queue(
      h.store,
      plan([
        { row: 1, target: { customerId: h.id(0) }, changes: { notes: 'from file' } },
        { row: 2, target: null, changes: { first_name: 'Zed', email: 'zed@x.io' } },
        { row: 3, target: { createdByRow: 2 }, changes: { tags: ['lead'] } },
      ]),
    );
    expect(data).toMatchObject({ queued: 3, refused: [] });
    const entries = h.store.outbox();
    expect(entries).toHaveLength(2);
    expect(entries.every((e) => e.importId === data.importId)).toBe(true);
    const create = must(entries.find((e) => e.kind === 'create'));
    expect(create.importRows).toEqual([2, 3]);
    expect(create.changes).toMatchObject({ first_name: 'Zed', tags: ['lead'] });
    expect(isLocalId(create.customerId)).toBe(true);
    expect(h.store.get(h.id(0))).toMatchObject({ notes: 'from file', syncState: 'pending' });
    expect(group(h.store)).toMatchObject({
      id: data.importId,
      fileName: 'leads.csv',
      total: 3,
      joined: 0,
      sent: 0,
      waiting: 3,
      failed: 0,
      paused: false,
      done: false,
    });
  });

  it('refuses rows by the form’s rules with the form’s message; the others are queued', async () => {
    const h = await setup();
    const data = await queue(
      h.store,
      plan([
        { row: 1, target: null, changes: { first_name: 'Bad', email: 'not-an-email' } },
        { row: 2, target: { createdByRow: 1 }, changes: { notes: 'x' } },
        { row: 3, target: { customerId: h.id(1) }, changes: { notes: 'ok' } },
      ]),
    );
    const form = await h.store.createCustomer({ first_name: 'Bad', email: 'not-an-email' });
    expect(form.ok).toBe(false);
    expect(data.queued).toBe(1);
    expect(data.refused.map((r) => r.row)).toEqual([1, 2]);
    expect(data.refused[0]?.message).toBe(!form.ok && form.error.message);
    expect(data.refused[1]?.message).toMatch(/row 1/);
    expect(group(h.store).total).toBe(1);
  });

  it(`writes ${IMPORT_BATCH} rows per transaction, not one transaction per row`, async () => {
    const h = await setup();
    const spy = vi.spyOn(h.store.db, 'transaction');
    await queue(h.store, plan(creates(2 * IMPORT_BATCH + 50)));
    expect(spy.mock.calls.length).toBe(3);
    expect(h.store.outbox()).toHaveLength(250);
    expect(group(h.store).total).toBe(250);
  });

  it('an edit row after a create that Rotor will match to the same customer queues behind it, as an edit does', async () => {
    const h = await setup();
    const phone = must(h.store.get(h.id(0))?.phone);
    await queue(
      h.store,
      plan([
        { row: 1, target: { customerId: h.id(0) }, changes: { notes: 'first' } },
        { row: 2, target: null, changes: { first_name: 'Twin', phone } },
        { row: 3, target: { customerId: h.id(0) }, changes: { company_name: 'Later' } },
      ]),
    );
    const forA = h.store.outbox().filter((e) => e.customerId === h.id(0));
    expect(forA.map((e) => e.importRows)).toEqual([[1], [3]]);
    // The same rule as saveEdit's, which reads the outbox instead of the import's index.
    await h.store.saveEdit(h.id(0), { notes: 'typed' });
    expect(h.store.outbox().filter((e) => e.customerId === h.id(0))).toHaveLength(2);
  });

  it('a row for a customer with a change the user has waiting joins it: the user’s, not the import’s', async () => {
    const h = await setup();
    await h.store.saveEdit(h.id(0), { notes: 'typed by the user' });
    const data = await queue(
      h.store,
      plan([
        { row: 1, target: { customerId: h.id(0) }, changes: { tags: ['lead'] } },
        { row: 2, target: { customerId: h.id(1) }, changes: { notes: 'file' } },
      ]),
    );
    const mine = must(h.store.entryFor(h.id(0)));
    expect(mine.importId).toBeUndefined();
    expect(mine.changes).toEqual({ notes: 'typed by the user', tags: ['lead'] });
    expect(group(h.store)).toMatchObject({ total: 1, joined: 1 });
    // Pausing the import holds only its own entry; Cancel leaves the user's change as typed.
    await h.store.pauseImport(data.importId, true);
    h.net.online = true;
    await h.store.replay();
    expect(h.upserts().map((u) => u.customer.id)).toEqual([h.id(0)]);
    expect(await h.store.cancelImport(data.importId)).toBe(1);
    expect(h.store.get(h.id(1))).toMatchObject({ notes: 'n0', syncState: 'synced' });
    expect(group(h.store)).toMatchObject({ sent: 0, joined: 1, dropped: 1, done: true });
  });

  it('an edit the user makes later to an imported customer takes that entry out of the import', async () => {
    const h = await setup();
    const data = await queue(
      h.store,
      plan([{ row: 1, target: { customerId: h.id(0) }, changes: { notes: 'f' } }]),
    );
    await h.store.saveEdit(h.id(0), { company_name: 'Acme' });
    expect(h.store.entryFor(h.id(0))?.importId).toBeUndefined();
    expect(group(h.store)).toMatchObject({ total: 1, dropped: 1, done: true });
    expect(await h.store.cancelImport(data.importId)).toBe(0);
    expect(h.store.get(h.id(0))).toMatchObject({ notes: 'f', company_name: 'Acme' });
  });
});

describe('replay and import groups', () => {
  it('a paused import waits (ordinary edits still go); Resume sends it', async () => {
    const h = await setup();
    const data = await queue(h.store, plan(creates(3)));
    await h.store.pauseImport(data.importId, true);
    await h.store.saveEdit(h.id(0), { notes: 'edit' });
    h.net.online = true;
    await h.store.replay();
    expect(h.upserts().map((u) => u.customer.id)).toEqual([h.id(0)]);
    expect(group(h.store)).toMatchObject({ paused: true, waiting: 3, sent: 0 });
    expect(replayWakes(h)).toEqual([]);
    await h.store.pauseImport(data.importId, false);
    await h.store.replay();
    expect(h.upserts()).toHaveLength(4);
    expect(group(h.store)).toMatchObject({ paused: false, waiting: 0, sent: 3, done: true });
  });

  it('an edit made while an import is being sent goes before the rest of the import', async () => {
    const h = await setup();
    await queue(h.store, plan(creates(30)));
    let n = 0;
    h.rotor.beforeHandle = async () => {
      if (++n === 1) await h.store.saveEdit(h.id(2), { notes: 'urgent' });
    };
    h.net.online = true;
    await h.store.replay();
    const order = h.upserts().map((u) => u.customer.id ?? 'create');
    expect(order).toHaveLength(31);
    // Only the sends already under way (one per lane in flight) went before it.
    expect(order.indexOf(h.id(2))).toBeLessThanOrEqual(h.settings.replayConcurrency);
  });

  it('a pause applies to the next send, not only to the next round of a pass', async () => {
    const h = await setup();
    const data = await queue(h.store, plan(creates(20)));
    let n = 0;
    h.rotor.beforeHandle = async () => {
      if (++n === 1) await h.store.pauseImport(data.importId, true);
    };
    h.net.online = true;
    await h.store.replay();
    // Only the sends already under way when the pause landed (one per lane in flight) went.
    expect(h.upserts().length).toBeLessThanOrEqual(h.settings.replayConcurrency);
    expect(group(h.store)).toMatchObject({ paused: true, waiting: 20 - h.upserts().length });
  });

  it('sends import entries only while the quota is above the edit reserve; edits are never held', async () => {
    const h = await setup();
    await queue(h.store, plan(creates(5)));
    spend(h.quota, h.quota.dailyLimit - EDIT_RESERVE - 2);
    // Main counts each request: two go, then the import waits at the reserve.
    h.rotor.beforeHandle = () => spend(h.quota, h.quota.usedToday + 1);
    h.net.online = true;
    await h.store.replay();
    expect(h.upserts()).toHaveLength(2);
    expect(group(h.store)).toMatchObject({ sent: 2, waiting: 3 });
    expect(replayWakes(h)).toEqual([]);
    await h.store.saveEdit(h.id(1), { notes: 'urgent' });
    await h.store.replay();
    expect(h.upserts().map((u) => u.customer.id)).toContain(h.id(1));
    expect(h.upserts()).toHaveLength(3);
    // The day resets: main's quota event wakes replay, and the rest goes.
    spend(h.quota, 0);
    for (const l of h.rotor.quotaListeners) l(h.quota);
    await vi.waitFor(() => expect(group(h.store)).toMatchObject({ sent: 5, done: true }));
    expect(new Set(h.upserts().map((u) => u.idempotencyKey)).size).toBe(6);
  });

  it('counts its own sends while main’s figure stands still (main tells its count once per burst)', async () => {
    const h = await setup();
    await queue(h.store, plan(creates(6)));
    spend(h.quota, h.quota.dailyLimit - EDIT_RESERVE - 2);
    h.net.online = true;
    await h.store.replay();
    expect(h.upserts()).toHaveLength(2);
    // Main's count catches up (2 fewer): nothing more goes; a new day (more left): the rest goes.
    spend(h.quota, h.quota.usedToday + 2);
    await h.store.replay();
    expect(h.upserts()).toHaveLength(2);
    spend(h.quota, 0);
    await h.store.replay();
    expect(h.upserts()).toHaveLength(6);
  });
});

describe('cancel and dismiss', () => {
  it('discards unsent rows by discard’s rules; what may already be in Rotor stays', async () => {
    const h = await setup();
    const data = await queue(
      h.store,
      plan([
        { row: 1, target: { customerId: h.id(0) }, changes: { notes: 'file' } },
        { row: 2, target: { customerId: h.id(1) }, changes: { notes: 'file' } },
        ...creates(2, 3),
      ]),
    );
    const ambiguous = must(h.store.entryFor(h.id(1)));
    await h.store.db.outbox.update(ambiguous.id, { ambiguous: true });
    h.store.close();
    const store = await h.reopen();
    open.push(store);
    const created = store
      .outbox()
      .filter((e) => e.kind === 'create')
      .map((e) => e.customerId);
    expect(await store.cancelImport(data.importId)).toBe(3);
    expect(store.get(h.id(0))).toMatchObject({ notes: 'n0', syncState: 'synced' });
    for (const id of created) expect(store.get(id)).toBeUndefined();
    expect(store.outbox().map((e) => e.id)).toEqual([ambiguous.id]);
    const g = group(store);
    expect(g).toMatchObject({ dropped: 3, inFlight: 1, waiting: 0, done: false });
    expect(g.cancelledAt).not.toBeNull();
    // Once it settles the group is done and can be dismissed.
    store.close();
    const again = await h.reopen();
    open.push(again);
    h.net.online = true;
    await again.replay();
    expect(group(again)).toMatchObject({ sent: 1, done: true });
    await again.dismissImport(data.importId);
    expect(again.importGroups()).toEqual([]);
  });
});

describe('across a reload', () => {
  it('the same group and progress after closing mid-import, paused or not, and every row sent exactly once', async () => {
    const h = await setup();
    const data = await queue(h.store, plan(creates(150)));
    h.net.online = true;
    let calls = 0;
    // The window closes after 40 sends.
    h.rotor.beforeHandle = () => {
      if (++calls === 40) h.store.close();
    };
    await h.store.replay().catch(() => undefined);
    h.rotor.beforeHandle = () => undefined;
    h.net.online = false;
    const first = await h.reopen();
    open.push(first);
    const before = group(first);
    expect(before.sent + before.waiting + before.inFlight).toBe(150);
    await first.pauseImport(data.importId, true);
    first.close();

    const second = await h.reopen();
    open.push(second);
    expect(group(second)).toMatchObject({ ...before, paused: true });
    h.net.online = true;
    await second.replay();
    // Only the send cut short by the close goes (it may already be in Rotor: never held).
    expect(group(second)).toMatchObject({ sent: before.sent + before.inFlight, inFlight: 0 });
    await second.pauseImport(data.importId, false);
    await second.replay();
    expect(group(second)).toMatchObject({ total: 150, sent: 150, done: true });
    const byRow = new Map<string, number>();
    for (const u of h.upserts()) {
      const email = String(u.customer.email);
      byRow.set(email, (byRow.get(email) ?? 0) + 1);
    }
    expect(byRow.size).toBe(150);
    // A resend after the close reuses its key: Rotor saw each row once.
    expect(h.rotor.customers.size).toBe(3 + 150);
  });
});
