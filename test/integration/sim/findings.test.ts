/**
 * What the simulation found, each as a fixed scenario on the same world (real data layer, real main,
 * the Rotor double, one virtual clock), so it stays a regression test whatever the generator becomes.
 * Each one names the shrunk simulation run it came from.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LocalDataStore } from '$lib/data/store/store';
import { HOUR } from './clock';
import { FifoGate } from './gate';
import { causeContext } from './net';
import { World } from './world';

vi.mock('conf', () => import('./conf-double'));
vi.mock(import('../../../electron/main/rotor/retry'), async (original) => {
  const retry = await original();
  const sim = await import('./sleep');
  return { ...retry, sleep: sim.simSleep, backoffDelay: sim.seededBackoff(retry.backoffDelay) };
});

const open: World[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

async function world(gated = false): Promise<{ w: World; store: LocalDataStore }> {
  const w = await World.create({
    seed: 3,
    customers: { A: 6, B: 0 },
    ...(gated ? { scheduler: new FifoGate() } : {}),
  });
  open.push(w);
  await w.settle();
  const store = w.app.store;
  if (!store) throw new Error('no store open');
  return { w, store };
}

const companyA = (w: World) => w.server.control.company('company-a');

/** Lets time pass until nothing but the user's choices holds changes back (bounded). */
async function drain(w: World): Promise<void> {
  await w.app.api().connectivity.check();
  for (let i = 0; i < 72 && (w.app.quota.exhausted || (w.app.store?.outbox().length ?? 0) > 0); i++)
    await w.advance(HOUR);
}

describe('found by the simulation', () => {
  // Shrunk run: seed 77 (maxCommands 16), "key revoked, edit, create (match), edit".
  it('an edit typed after a create that Rotor will match to the same customer is not overtaken by it', async () => {
    const { w, store } = await world();
    const x = companyA(w)
      .customers()
      .find((c) => !c.archived && c.phone);
    if (!x?.phone) throw new Error('no customer with a phone');
    w.revoke();
    expect(await w.until(store.saveEdit(x.id, { notes: 'note 1' }))).toMatchObject({ ok: true });
    const made = await w.until(
      store.createCustomer({ first_name: 'Ann', last_name: 'Sim2', phone: x.phone, notes: 'made 2' }),
    );
    expect(made).toMatchObject({ ok: true });
    expect(await w.until(store.saveEdit(x.id, { notes: 'note 3' }))).toMatchObject({ ok: true });
    await w.until(w.restoreKeys());
    await drain(w);
    expect(store.outbox()).toEqual([]);
    // Rotor matched the create to x by phone; the user's last word on x's notes is "note 3".
    expect(companyA(w).getCustomer(x.id)).toMatchObject({ last_name: 'Sim2', notes: 'note 3' });
  });

  // Shrunk run: seed 101 (maxCommands 20), "quota spent, 10 min, edit, edit (+2 calls), switch".
  it('an edit typed while the change before it is being checked against Rotor survives that check’s 429', async () => {
    const { w, store } = await world(true);
    const x = companyA(w)
      .customers()
      .find((c) => !c.archived);
    if (!x) throw new Error('no customer');
    const key = w.accounts.A.key;
    w.server.control.spendQuota(key, 1000 - w.server.control.quotaUsed(key));
    await w.advance(10 * 60_000); // the copy is no longer fresh: the next send reads it first
    expect(await w.until(store.saveEdit(x.id, { notes: 'note 1' }))).toMatchObject({ ok: true });
    // The pre-send read is on its way (held at the gate) when the user edits again.
    expect(await w.until(store.saveEdit(x.id, { notes: 'note 2' }))).toMatchObject({ ok: true });
    await w.settle();
    w.server.control.resetQuota();
    await drain(w);
    expect(store.outbox()).toEqual([]);
    expect(companyA(w).getCustomer(x.id)?.notes).toBe('note 2');
  });

  // Shrunk run: seed 606 (maxCommands 20), "truncated upsert answer, create (none), Sync now, edit".
  it('a create without phone or email whose answer was lost is not sent again after a refresh listed it', async () => {
    const { w, store } = await world();
    w.server.control.queueFault('truncatedJson', ['upsert']);
    expect(
      await w.until(store.createCustomer({ first_name: 'Ann', last_name: 'Sim1', notes: 'made 1' })),
    ).toMatchObject({
      ok: true,
    });
    await w.settle();
    expect(store.outbox()).toMatchObject([{ kind: 'create', state: 'pending' }]);
    // Sync now lists what Rotor saved; the user then edits the customer as the list shows it.
    await w.until(causeContext.run('manual', () => store.fullRefresh({ manual: true })));
    const listed = store
      .search({ text: '' })
      .ids.map((id) => store.get(id))
      .filter((c) => c?.last_name === 'Sim1');
    const saved = listed.find((c) => c && !c.id.startsWith('local:'));
    if (saved) await w.until(store.saveEdit(saved.id, { notes: 'note 2' }));
    await drain(w);
    expect(
      companyA(w)
        .customers()
        .filter((c) => c.last_name === 'Sim1'),
    ).toHaveLength(1);
  });
});
