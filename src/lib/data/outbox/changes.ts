/**
 * What one committed transaction changed. Writers record every put and delete here inside the
 * transaction; the store applies it to memory (records, search index, outbox view) only after commit,
 * so memory never shows a write that was rolled back.
 */
import type { AppError } from '@contract/result';
import type { Delivery, ImportGroupRow } from '../types';
import type { CustomerRow, RotorDb, StoredEntry, SyncMeta } from '../db/schema';

export class Changes {
  /** id → row written, or null when deleted. */
  readonly rows = new Map<string, CustomerRow | null>();
  readonly entries = new Map<string, StoredEntry | null>();
  /** Temp ids that became Rotor ids, in order. */
  readonly rewrites: Array<[from: string, to: string]> = [];
  /** The sync meta row as written, when it changed. */
  meta: SyncMeta | null = null;
  /** Delivery log rows written (a change Rotor accepted), or null when pruned. */
  readonly deliveries = new Map<string, Delivery | null>();
  /** Import groups written, or null when dismissed. */
  readonly imports = new Map<string, ImportGroupRow | null>();

  constructor(private readonly db: RotorDb) {}

  async putRow(row: CustomerRow): Promise<void> {
    await this.db.customers.put(row);
    this.rows.set(row.id, row);
  }

  async putRows(rows: CustomerRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.customers.bulkPut(rows);
    for (const r of rows) this.rows.set(r.id, r);
  }

  async deleteRow(id: string): Promise<void> {
    await this.db.customers.delete(id);
    this.rows.set(id, null);
  }

  async deleteRows(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.customers.bulkDelete(ids);
    for (const id of ids) this.rows.set(id, null);
  }

  async putEntry(entry: StoredEntry): Promise<void> {
    await this.db.outbox.put(entry);
    this.entries.set(entry.id, entry);
  }

  async deleteEntry(id: string): Promise<void> {
    await this.db.outbox.delete(id);
    this.entries.set(id, null);
  }

  async putDelivery(delivery: Delivery): Promise<void> {
    await this.db.deliveries.put(delivery);
    this.deliveries.set(delivery.id, delivery);
  }

  async deleteDeliveries(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.deliveries.bulkDelete(ids);
    for (const id of ids) this.deliveries.set(id, null);
  }

  async putImport(group: ImportGroupRow): Promise<void> {
    await this.db.imports.put(group);
    this.imports.set(group.id, group);
  }

  async deleteImport(id: string): Promise<void> {
    await this.db.imports.delete(id);
    this.imports.set(id, null);
  }

  get empty(): boolean {
    return (
      this.rows.size === 0 &&
      this.entries.size === 0 &&
      this.rewrites.length === 0 &&
      !this.meta &&
      this.deliveries.size === 0 &&
      this.imports.size === 0
    );
  }
}

/** What a refresh reports when IndexedDB refused one of its transactions (disk full, aborted, closed). */
export function cacheWriteError(e: unknown): AppError {
  const name = e instanceof Error ? e.name : 'unknown error';
  return {
    kind: 'internal',
    message:
      `The cache on this computer could not be written (${name}). The customers shown are kept; ` +
      'free some disk space or restart Rotor Desk, then try Sync now.',
  };
}
