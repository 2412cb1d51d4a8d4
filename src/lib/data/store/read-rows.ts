/**
 * What opening an account's cache reads (readCache), and its customers read in chunks by primary key, so the opening screen can say how
 * many of how many are read instead of a bare "Opening…" (20,000 rows take a while), then yields
 * once so "Preparing search" is painted before the index is built in one go.
 */
import { loadDeliveries } from '../db/deliveries';
import { readMeta } from '../db/schema';
import type { CustomerRow, RotorDb, StoredEntry, SyncMeta } from '../db/schema';
import type { Delivery } from '../types';

export interface LoadProgress {
  /** Customers on this computer for the account. */
  total: number;
  read: number;
  /** `reading` rows from storage, then `indexing` them for search. */
  stage: 'reading' | 'indexing';
}

const CHUNK = 2_500;

/**
 * Ends the task so the page can paint between reads: a message, not a timer or an animation frame,
 * which a hidden window (no frames) or a paused page clock (Playwright's, in e2e) would hold for ever.
 */
function yieldToPaint(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export async function readRows(
  db: RotorDb,
  onProgress: ((p: LoadProgress) => void) | undefined,
): Promise<CustomerRow[]> {
  if (!onProgress) return db.customers.toArray();
  const total = await db.customers.count();
  onProgress({ total, read: 0, stage: 'reading' });
  const rows: CustomerRow[] = [];
  let last: string | null = null;
  // Bounded by the count read first (plus one, for rows written by another window meanwhile).
  for (let chunks = 0; chunks <= Math.ceil(total / CHUNK); chunks++) {
    const chunk: CustomerRow[] = await (last === null
      ? db.customers.orderBy('id').limit(CHUNK).toArray()
      : db.customers.where('id').above(last).limit(CHUNK).toArray());
    rows.push(...chunk);
    const tail = chunk.at(-1);
    if (!tail || chunk.length < CHUNK) break;
    last = tail.id;
    onProgress({ total, read: rows.length, stage: 'reading' });
    await yieldToPaint();
  }
  onProgress({ total: Math.max(total, rows.length), read: rows.length, stage: 'indexing' });
  await yieldToPaint();
  return rows;
}

/** Everything the in-memory view starts from, read in parallel (the delivery log pruned on the way). */
export async function readCache(
  db: RotorDb,
  nowMs: number,
  onProgress: ((p: LoadProgress) => void) | undefined,
): Promise<{ rows: CustomerRow[]; entries: StoredEntry[]; meta: SyncMeta; deliveries: Delivery[] }> {
  const [rows, entries, meta, deliveries] = await Promise.all([
    readRows(db, onProgress),
    db.outbox.toArray(),
    readMeta(db),
    loadDeliveries(db, nowMs),
  ]);
  return { rows, entries, meta, deliveries };
}
