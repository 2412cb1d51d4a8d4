/**
 * The delivery log: one row per change Rotor accepted, written in the same transaction that clears the
 * change from the outbox (replay/answer.ts), so a change is either still waiting or logged as sent,
 * never both and never neither. It is the one home of "when was this sent": a customer's `sentAt` is
 * its latest row (store/cache-view.ts).
 *
 * Kept small on purpose: rows older than `DELIVERY_DAYS` go with every write (an index range, usually
 * empty), and at most `DELIVERY_CAP` rows survive opening the cache. The day's quota (1,000 requests)
 * already bounds a week to a few thousand rows.
 */
import type { Delivery, EditableFields, ReplayPass } from '../types';
import { DELIVERY_DAYS } from '../types';
import type { Changes } from '../outbox/changes';
import { EDITABLE_FIELDS } from '../mapping';
import type { RotorDb, StoredEntry } from './schema';

export const DELIVERY_CAP = 5000;

const DAY_MS = 86_400_000;

/** Rows before this ISO time are past keeping. */
export function deliveryCutoff(nowMs: number): string {
  return new Date(nowMs - DELIVERY_DAYS * DAY_MS).toISOString();
}

/** Local midnight of the day `nowMs` falls on: "today" for the Sent list. */
export function startOfLocalDay(nowMs: number): number {
  const d = new Date(nowMs);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** The fields a change carried, in the field table's order. */
export function sentFields(changes: EditableFields): Delivery['fields'] {
  return EDITABLE_FIELDS.filter((f) => f in changes);
}

/**
 * Logs `entry` as delivered and drops rows past keeping. Call inside a transaction that includes
 * `db.deliveries` (the one that clears the entry).
 */
export async function recordDelivery(
  db: RotorDb,
  changes: Changes,
  entry: StoredEntry,
  facts: { at: string; customerId: string; name: string; requests: number },
): Promise<void> {
  await changes.putDelivery({
    id: entry.id,
    at: facts.at,
    customerId: facts.customerId,
    name: facts.name,
    kind: entry.kind,
    fields: sentFields(entry.changes),
    requests: facts.requests,
  });
  const old = await db.deliveries
    .where('at')
    .below(deliveryCutoff(Date.parse(facts.at)))
    .primaryKeys();
  await changes.deleteDeliveries(old);
}

/**
 * On opening the cache: drops rows past keeping and, beyond the cap, the oldest; answers what is left.
 * (Other windows still holding a pruned row in memory lose it on their own next open.)
 */
export async function loadDeliveries(db: RotorDb, nowMs: number): Promise<Delivery[]> {
  return db.transaction('rw', db.deliveries, async () => {
    await db.deliveries.where('at').below(deliveryCutoff(nowMs)).delete();
    const over = (await db.deliveries.count()) - DELIVERY_CAP;
    if (over > 0) await db.deliveries.bulkDelete(await db.deliveries.orderBy('at').limit(over).primaryKeys());
    return db.deliveries.toArray();
  });
}

/** A replay run's tally, added to as each change is accepted. */
export function emptyPass(): ReplayPass {
  return { sent: 0, requests: 0 };
}
