/**
 * Cross-window change notices. Every window keeps its own in-memory view of the shared per-account
 * cache; after a commit a window posts which rows, entries and meta it touched (ids, not values) and
 * the others re-read those from IndexedDB, so each view shows only what was committed there.
 */
import { Changes } from '../outbox/changes';
import { readMeta } from '../db/schema';
import type { RotorDb } from '../db/schema';

interface ChangeNotice {
  rows: string[];
  entries: string[];
  meta: boolean;
  rewrites: Array<[string, string]>;
  deliveries: string[];
  /** Absent from a window running an older build. */
  imports?: string[];
}

export class CrossWindow {
  private channel: BroadcastChannel | null = null;

  /** `received` gets what another window committed, re-read from the database. */
  constructor(
    private readonly db: RotorDb,
    private readonly received: (changes: Changes) => void,
  ) {}

  /** Starts listening; does nothing where BroadcastChannel is missing. */
  open(): void {
    const Channel = (globalThis as { BroadcastChannel?: typeof BroadcastChannel }).BroadcastChannel;
    if (!Channel) return;
    this.channel = new Channel(`rotor-desk-data:${this.db.name}`);
    this.channel.onmessage = (ev: MessageEvent<ChangeNotice>) => void this.reread(ev.data);
  }

  /** Tells the other windows what this window just committed. */
  post(changes: Changes): void {
    if (!this.channel) return;
    const notice: ChangeNotice = {
      rows: [...changes.rows.keys()],
      entries: [...changes.entries.keys()],
      meta: changes.meta !== null,
      rewrites: changes.rewrites,
      deliveries: [...changes.deliveries.keys()],
      imports: [...changes.imports.keys()],
    };
    this.channel.postMessage(notice);
  }

  close(): void {
    this.channel?.close();
    this.channel = null;
  }

  /** Another window committed: re-read what it touched. */
  private async reread(notice: ChangeNotice): Promise<void> {
    // Closed (the store with it): nothing is left to keep in step.
    if (!this.channel) return;
    const changes = new Changes(this.db);
    const importIds = notice.imports ?? [];
    const [rows, entries, meta, deliveries, imports] = await Promise.all([
      this.db.customers.bulkGet(notice.rows),
      this.db.outbox.bulkGet(notice.entries),
      notice.meta ? readMeta(this.db) : Promise.resolve(null),
      this.db.deliveries.bulkGet(notice.deliveries),
      this.db.imports.bulkGet(importIds),
    ]);
    notice.rows.forEach((id, i) => changes.rows.set(id, rows[i] ?? null));
    notice.entries.forEach((id, i) => changes.entries.set(id, entries[i] ?? null));
    notice.deliveries.forEach((id, i) => changes.deliveries.set(id, deliveries[i] ?? null));
    importIds.forEach((id, i) => changes.imports.set(id, imports[i] ?? null));
    changes.meta = meta;
    changes.rewrites.push(...notice.rewrites);
    this.received(changes);
  }
}
