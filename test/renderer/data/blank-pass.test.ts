/**
 * The blank-pass rule (src/lib/data/sync/blank.ts): a first sync into an empty cache writes its pages
 * without reading them, until anything but the pass writes a customer.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ListCustomersArg } from '@contract/schemas';
import type { LocalDataStore } from '$lib/data/store/store';
import { fieldValue } from '$lib/data/mapping';
import { SAME_AS_LOCAL } from '$lib/data/db/schema';
import type { ServerCustomer } from './fake-rotor';
import { deferred, idAt, makeHarness, must, syncedHarness } from './helpers';

let open: LocalDataStore[] = [];
afterEach(() => {
  for (const s of open) s.close();
  open = [];
});

const people = (n: number): Array<Partial<ServerCustomer>> =>
  Array.from({ length: n }, (_, i) => ({ first_name: `Person${i}`, last_name: 'Test', notes: 'n0' }));

/** An empty cache over 25 customers in pages of 10, counting the reads a page write makes. */
async function emptyCache() {
  const h = await makeHarness({ settings: { pageSize: 10 } });
  open.push(h.store);
  h.net.online = true;
  const ids = h.rotor.seed(people(25)).map((c) => c.id);
  const bulkGet = vi.spyOn(h.store.db.customers, 'bulkGet');
  return { ...h, ids, id: idAt(ids), bulkGet };
}

/** The ids bulk-read from the customers table (the sweep's read of nothing left out is not one). */
const reads = (h: { bulkGet: { mock: { calls: unknown[][] } } }): unknown[] =>
  h.bulkGet.mock.calls.map(([ids]) => ids).filter((ids) => (ids as unknown[]).length > 0);

/**
 * Holds page 2 (answered with the list as it was when requested) after a customer created in Rotor
 * pushed page 1's last customer onto it: page 2 will list `dup` again, as it was before the hold.
 */
function holdPage2(h: Awaited<ReturnType<typeof emptyCache>>) {
  const gate = deferred();
  h.rotor.listAtRequestTime = true;
  h.rotor.beforePage(2, () => h.rotor.create({ first_name: 'Newer' }));
  h.rotor.beforeHandle = (m, arg) =>
    m === 'list' && (arg as ListCustomersArg).page === 2 ? gate.promise : undefined;
  return { gate, dup: h.id(15) };
}

describe('a blank pass (first sync into an empty cache)', () => {
  it('writes every page without reading it, and stores each server copy once', async () => {
    const h = await emptyCache();
    expect(await h.store.fullRefresh()).toEqual({ kind: 'completed', customers: 25, skipped: 0 });
    expect(reads(h)).toEqual([]);
    const row = must(await h.store.db.customers.get(h.id(3)));
    expect(row.server).toBe(SAME_AS_LOCAL);

    // The next pass finds a cache that is not empty: it reads, to rebase and keep newer answers.
    await h.store.fullRefresh();
    expect(reads(h)).not.toEqual([]);
  });

  it('ends when an upsert is answered mid-pass: a page requested before the answer does not overwrite it', async () => {
    const h = await emptyCache();
    const { gate, dup } = holdPage2(h);
    const refresh = h.store.fullRefresh();
    await vi.waitFor(() => expect(h.store.get(dup)).toBeDefined());
    h.clock.now += 1000;
    await h.store.saveEdit(dup, { notes: 'mine', billing_city: 'St Paul' });
    await h.store.replay();
    expect(h.store.get(dup)).toMatchObject({ notes: 'mine', syncState: 'synced' });
    gate.resolve();
    await refresh;
    const row = must(h.store.get(dup));
    expect(row.notes).toBe('mine');
    // A list never carries billing: only the answer knew it, and reading kept it.
    expect(fieldValue(row, 'billing_city')).toBe('St Paul');
    expect(reads(h)).not.toEqual([]);
  });

  it('ends when one customer is read again mid-pass: its newer copy is kept', async () => {
    const h = await emptyCache();
    const { gate, dup } = holdPage2(h);
    const refresh = h.store.fullRefresh();
    await vi.waitFor(() => expect(h.store.get(dup)).toBeDefined());
    h.clock.now += 1000;
    h.rotor.edit(dup, { first_name: 'Renamed' });
    expect(await h.store.refreshOne(dup)).toEqual({ ok: true });
    gate.resolve();
    await refresh;
    expect(h.store.get(dup)?.first_name).toBe('Renamed');
    expect(reads(h)).not.toEqual([]);
  });

  it('ends when a change is queued mid-pass: the page rebases it', async () => {
    const h = await emptyCache();
    const { gate, dup } = holdPage2(h);
    const refresh = h.store.fullRefresh();
    await vi.waitFor(() => expect(h.store.get(dup)).toBeDefined());
    h.net.online = false;
    await h.store.saveEdit(dup, { notes: 'unsent' });
    gate.resolve();
    await refresh;
    expect(h.store.get(dup)).toMatchObject({ notes: 'unsent', syncState: 'pending' });
    expect(h.store.entryFor(dup)?.changes).toEqual({ notes: 'unsent' });
  });

  it('is not taken on a cache that holds customers', async () => {
    const h = await syncedHarness(people(3));
    open.push(h.store);
    const bulkGet = vi.spyOn(h.store.db.customers, 'bulkGet');
    h.net.online = true;
    await h.store.fullRefresh();
    expect(reads({ bulkGet })).not.toEqual([]);
  });
});
