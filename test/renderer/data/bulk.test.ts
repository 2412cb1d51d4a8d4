/**
 * A bulk tag on 500 customers through the store's batched save: one entry per customer that changes
 * (the ones that already have the tag cost nothing), coalesced with a pending edit, one transaction
 * per batch; and the cost line with today's budget.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LocalDataStore } from '$lib/data/store/store';
import { BULK_SAVE_FAILED, bulkCostText, bulkOutcomeText, planBulk, runBulk } from '$lib/state/bulk';
import { outboxActions } from '$lib/state/outbox-actions';
import type { PauseContext } from '$lib/state/pause';
import { must, syncedHarness } from './helpers';

let open: LocalDataStore[] = [];
afterEach(() => {
  for (const s of open) s.close();
  open = [];
});

describe('a bulk tag on 500 customers', () => {
  it('queues one entry per customer that changes, coalesced with a pending edit, in batches', async () => {
    const seed = Array.from({ length: 500 }, (_, i) => ({
      first_name: `Ann${i}`,
      last_name: 'Lee',
      status: 'active' as const,
      tags: i % 10 === 0 ? ['spring'] : ['old'],
    }));
    const h = await syncedHarness(seed);
    open.push(h.store);
    const store = h.store;
    // A pending edit of customer 1 that the bulk edit must join, not queue behind.
    expect((await store.saveEdit(h.id(1), { notes: 'call first' })).ok).toBe(true);

    const plan = planBulk(h.ids, { kind: 'tags', tags: ['spring'] }, (id) => store.get(id));
    expect(plan.skipped).toBe(50);
    expect(plan.requests).toBe(450);

    let transactions = 0;
    const progress: number[] = [];
    const outcome = await runBulk(
      plan.edits,
      (batch) => {
        transactions++;
        return store.saveEdits(batch);
      },
      { size: 100, progress: (n) => progress.push(n), yieldNow: () => Promise.resolve() },
    );
    expect(outcome).toEqual({ saved: 450, failed: [] });
    expect(transactions).toBe(5);
    expect(progress).toEqual([100, 200, 300, 400, 450]);

    const entries = store.outbox();
    expect(entries).toHaveLength(450);
    const one = entries.filter((e) => e.customerId === h.id(1));
    expect(one).toHaveLength(1);
    expect(must(one[0]).changes).toEqual({ notes: 'call first', tags: ['spring'] });
    // The entry carries only the tag to add; the record shows both.
    expect(must(store.entryFor(h.id(2))).changes).toEqual({ tags: ['spring'] });
    expect(store.get(h.id(2))?.tags).toEqual(['old', 'spring']);
    expect(store.entryFor(h.id(10))).toBeUndefined();
    expect(await store.db.outbox.count()).toBe(450);

    // Run again: everyone has it now, nothing is planned.
    expect(planBulk(h.ids, { kind: 'tags', tags: ['spring'] }, (id) => store.get(id))).toMatchObject({
      requests: 0,
      skipped: 500,
    });
  });

  it('a status change skips those that have it; the cost says when today’s budget is short', async () => {
    const h = await syncedHarness([
      { first_name: 'A', status: 'active' },
      { first_name: 'B', status: 'inactive' },
      { first_name: 'C', status: 'active' },
    ]);
    open.push(h.store);
    const plan = planBulk(h.ids, { kind: 'status', status: 'inactive' }, (id) => h.store.get(id));
    expect(plan.edits.map((e) => e.customerId)).toEqual([h.id(0), h.id(2)]);
    expect(bulkCostText(plan, { remaining: 900, exhausted: false }, 0)).toEqual({
      cost: '2 requests, one per customer that changes.',
      skipped: '1 customer already has it: skipped, no cost.',
      budget: null,
    });
    expect(bulkCostText(plan, { remaining: 3, exhausted: false }, 2).budget).toBe(
      'Today’s remaining budget is 1 request after the changes already waiting: 1 go today, the other 1 wait on this computer until the limit resets at 00:00 UTC.',
    );
    // A status is checked against Rotor's copy first where the cached one is stale (tags never are).
    const stale = planBulk(
      h.ids,
      { kind: 'status', status: 'inactive' },
      (id) => h.store.get(id),
      (c) => c.id === h.id(2),
    );
    expect(stale).toMatchObject({ requests: 3, checks: 1 });
    expect(bulkCostText(stale, { remaining: 900, exhausted: false }, 0).cost).toBe(
      '3 requests: one per customer that changes, plus 1 read of Rotor’s copy first where this computer’s is not fresh.',
    );
    const tagsStale = planBulk(
      h.ids,
      { kind: 'tags', tags: ['x'] },
      (id) => h.store.get(id),
      () => true,
    );
    expect(tagsStale).toMatchObject({ requests: 3, checks: 0 });
    const outcome = await runBulk(plan.edits, (b) => h.store.saveEdits(b));
    expect(outcome.saved).toBe(2);
    expect(h.store.get(h.id(0))?.status).toBe('inactive');
  });
});

describe('a bulk save that cannot be saved', () => {
  const edits = [
    { customerId: 'a', changes: { tags: ['x'] } },
    { customerId: 'b', changes: { tags: ['x'] } },
  ];

  it('with no account open: every edit answers why, and the user is told, not "0 changes saved"', async () => {
    const told: string[] = [];
    const actions = outboxActions(
      { store: null, online: true, pauseContext: {} as PauseContext, replay: async () => {} },
      (m) => told.push(m),
    );
    const outcome = await runBulk(edits, (b) => actions.saveEdits(b), { yieldNow: () => Promise.resolve() });
    expect(outcome.saved).toBe(0);
    expect(outcome.failed.map((f) => f.customerId)).toEqual(['a', 'b']);
    const text = bulkOutcomeText(outcome);
    expect(text).toEqual({
      ok: false,
      text: 'Nothing was saved: No account is open, so the change could not be saved.',
    });
  });

  it('a batch that throws ends the run with the rest not saved (the dialog never hangs)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    let calls = 0;
    const outcome = await runBulk(
      [...edits, { customerId: 'c', changes: { tags: ['x'] } }],
      async (batch) => {
        if (calls++ > 0) throw new Error('QuotaExceededError');
        return batch.map((e) => ({ ok: true as const, data: { id: e.customerId } }));
      },
      { size: 1, yieldNow: () => Promise.resolve() },
    );
    expect(outcome.saved).toBe(1);
    expect(outcome.failed).toEqual([
      { customerId: 'b', message: BULK_SAVE_FAILED },
      { customerId: 'c', message: BULK_SAVE_FAILED },
    ]);
    expect(bulkOutcomeText(outcome).text).toBe(`1 change saved; 2 could not be: ${BULK_SAVE_FAILED}`);
    warn.mockRestore();
  });
});
