/**
 * The store's read-side summaries, computed from the in-memory view (cache-view.ts) so the status
 * bar and the outbox screen never wait on IndexedDB: outbox counts, the entry that describes one
 * customer, and what a refresh or sending the queue would cost in API requests.
 */
import type { DataMeta, OutboxEntry } from '../types';
import { hasContact } from '../replay/adopt';
import { copyIsFresh, hasCheckableChange } from '../replay/presend-check';
import type { CacheView } from './cache-view';
import { bySeq } from '../outbox/rebase';

export function metaOf(view: CacheView, autoRefresh: DataMeta['autoRefresh']): DataMeta {
  let pendingCount = 0;
  let failedCount = 0;
  let conflictCount = 0;
  for (const e of view.entries.values()) {
    if (e.state === 'failed') failedCount++;
    else if (e.state === 'conflict') conflictCount++;
    else pendingCount++;
  }
  return {
    lastFullSyncAt: view.meta.lastFullSyncAt,
    customerCount: view.records.size,
    pendingCount,
    failedCount,
    conflictCount,
    autoRefresh,
  };
}

/** The entry that best describes the customer's state: a conflict, else a failure, else the latest. */
export function entryFor(view: CacheView, customerId: string): OutboxEntry | undefined {
  const id = view.resolveId(customerId);
  const mine = [...view.entries.values()].filter((e) => e.customerId === id).sort(bySeq);
  return mine.find((e) => e.state === 'conflict') ?? mine.find((e) => e.state === 'failed') ?? mine.at(-1);
}

/** ceil(last known total / page size); at least 1, since even an empty list costs a request. */
export function refreshCost(view: CacheView, pageSize: number): number {
  const total = view.meta.lastKnownTotal ?? 0;
  return Math.max(1, Math.ceil(total / pageSize));
}

/**
 * What replay would spend now: failed and conflicted entries wait for the user, so they cost nothing;
 * an ambiguous create without contact details first searches for an earlier attempt (adopt.ts); and
 * a customer's updates share one pre-send read when its cached copy is not fresh and one of them changes
 * a field Rotor reads back (presend-check.ts: tags-only changes go unread).
 */
export function sendCost(
  view: Pick<CacheView, 'entries' | 'records'>,
  freshMs: number,
  now: () => number,
): number {
  const at = now();
  const checked = new Set<string>();
  // Whether a copy fetched at a time is fresh, by that time's text: the rows of one sync page share
  // one, so a queue of thousands parses a few dates, not one per customer (it is counted again after
  // every answer replay commits: issue 12).
  const freshAt = new Map<string | null | undefined, boolean>();
  let cost = 0;
  for (const e of view.entries.values()) {
    if (e.state === 'failed' || e.state === 'conflict') continue;
    cost++;
    if (e.kind === 'create' && e.ambiguous && !hasContact(e.changes)) cost++;
    if (!hasCheckableChange(e) || checked.has(e.customerId)) continue;
    checked.add(e.customerId);
    const fetchedAt = view.records.get(e.customerId)?.fetchedAt;
    let fresh = freshAt.get(fetchedAt);
    if (fresh === undefined) {
      fresh = copyIsFresh(fetchedAt, at, freshMs);
      freshAt.set(fetchedAt, fresh);
    }
    if (!fresh) cost++;
  }
  return cost;
}
