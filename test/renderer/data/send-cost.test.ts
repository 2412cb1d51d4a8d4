/**
 * Sync now's count (cache-summary.ts sendCost) against what replay spends: one request per entry that
 * can go, plus one read of Rotor's copy per customer whose cached copy is stale, but only where a
 * change could show a conflict (presend-check.ts: tags-only changes are sent unread).
 */
import { describe, expect, it } from 'vitest';
import type { StoredEntry } from '$lib/data/db/schema';
import type { EditableFields, LocalCustomer } from '$lib/data/types';
import { newEntry } from '$lib/data/outbox/entries';
import { sendCost } from '$lib/data/store/cache-summary';
import { customer } from '../ui/fakes';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const FRESH_MS = 10 * 60_000;
const STALE = new Date(NOW - 2 * FRESH_MS).toISOString();
const FRESH = new Date(NOW - FRESH_MS / 2).toISOString();

let ids = 0;
const uuid = (): string => `u${++ids}`;
let seq = 0;
function entry(customerId: string, changes: EditableFields, more: Partial<StoredEntry> = {}): StoredEntry {
  return { ...newEntry({ uuid }, ++seq, customerId, 'update', STALE), changes, ...more };
}

function cost(records: LocalCustomer[], entries: StoredEntry[]): number {
  return sendCost(
    { records: new Map(records.map((r) => [r.id, r])), entries: new Map(entries.map((e) => [e.id, e])) },
    FRESH_MS,
    () => NOW,
  );
}

describe('sendCost', () => {
  const stale = customer({ id: 'c1', fetchedAt: STALE });
  const fresh = customer({ id: 'c2', fetchedAt: FRESH });

  it('counts no read before a tags-only change, even on a stale copy', () => {
    expect(cost([stale], [entry('c1', { tags: ['vip'] })])).toBe(1);
  });

  it('counts one read per stale customer with a change Rotor reads back, none for a fresh one', () => {
    expect(cost([stale], [entry('c1', { notes: 'a' })])).toBe(2);
    expect(cost([fresh], [entry('c2', { notes: 'a' })])).toBe(1);
    // Two updates of one customer share the read; a tags-only one before them does not take it.
    expect(
      cost(
        [stale],
        [entry('c1', { tags: ['x'] }), entry('c1', { notes: 'a' }), entry('c1', { last_name: 'b' })],
      ),
    ).toBe(4);
  });

  it('counts a read for each stale customer, however many share the time their copy was fetched', () => {
    // A sync page's rows share one fetchedAt; each customer still needs its own read.
    const page = ['p1', 'p2', 'p3'].map((id) => customer({ id, fetchedAt: STALE }));
    const also = customer({ id: 'p4', fetchedAt: FRESH });
    const never = customer({ id: 'p5', fetchedAt: null });
    const entries = [...page, also, never].map((c) => entry(c.id, { notes: 'a' }));
    expect(cost([...page, also, never], entries)).toBe(5 + 3 + 1);
    // The same time text is fresh for all of them at once.
    const later = [...page].map((c) => ({ ...c, fetchedAt: FRESH }));
    expect(cost(later, entries.slice(0, 3))).toBe(3);
  });

  it('counts nothing for changes that wait for the user', () => {
    expect(cost([stale], [entry('c1', { notes: 'a' }, { state: 'failed' })])).toBe(0);
  });
});
