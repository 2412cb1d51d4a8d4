/**
 * The in-memory view of one account's cache: records, the server copies of records with queued
 * changes, the outbox, the sync meta row, the delivery log, tag counts and the search index. A
 * record's `sentAt` is its latest delivery, filled in here (the log is its one home). It changes only through
 * `apply()` with what a committed transaction wrote (changes.ts), so memory never shows a write that
 * was rolled back.
 */
import type { Delivery, EditableFields, ImportGroupRow, LocalCustomer } from '../types';
import type { Changes } from '../outbox/changes';
import { EMPTY_META, localOf, serverCopyOf } from '../db/schema';
import type { CustomerRow, StoredEntry, SyncMeta } from '../db/schema';
import type { CustomerData } from '../mapping';
import { hasContact, mayBeResultOf } from '../replay/adopt';
import { isLocalId } from '../outbox/entries';
import { SearchIndex } from '../../search/index';
import { ValuePool } from './value-pool';
import { digitsOnly } from '../../search/normalize';

/** Records are plain data from IndexedDB, each made by `localOf` in one key order. */
const sameRecord = (a: LocalCustomer, b: LocalCustomer): boolean => JSON.stringify(a) === JSON.stringify(b);

export class CacheView {
  readonly records = new Map<string, LocalCustomer>();
  /** Server copies of records with queued changes (what Rotor would match a phone/email against). */
  private readonly servers = new Map<string, CustomerData>();
  readonly entries = new Map<string, StoredEntry>();
  private readonly tagCounts = new Map<string, number>();
  /**
   * tagCounts' keys in display order, sorted again only when a tag appears or goes: replay and most
   * edits leave the set as it was, and the list re-reads it on every change (issue 12). The same array
   * while the set holds, so what depends on it does not re-run.
   */
  private tagsSorted: readonly string[] = [];
  /** A tag's count went to or from 0 since tagsSorted was made (a row rewritten does both). */
  private tagsMoved = false;
  readonly index = new SearchIndex();
  private readonly rewrites = new Map<string, string>();
  meta: SyncMeta = { ...EMPTY_META };
  readonly deliveries = new Map<string, Delivery>();
  readonly imports = new Map<string, ImportGroupRow>();
  /** Customer id → ISO time of its latest delivery. */
  private readonly lastSent = new Map<string, string>();
  /** One copy of the values records share (value-pool.ts). */
  private readonly pool = new ValuePool();
  /** See matchIndex; null when a change may have moved a phone or email. */
  private matches: { phone: Map<string, string>; email: Map<string, string> } | null = null;

  load(
    rows: readonly CustomerRow[],
    entries: readonly StoredEntry[],
    meta: SyncMeta,
    deliveries: readonly Delivery[] = [],
    imports: readonly ImportGroupRow[] = [],
  ): void {
    this.matches = null;
    this.imports.clear();
    for (const g of imports) this.imports.set(g.id, g);
    this.records.clear();
    this.servers.clear();
    this.tagCounts.clear();
    this.tagsMoved = true;
    this.deliveries.clear();
    for (const d of deliveries) this.deliveries.set(d.id, d);
    this.indexSent();
    for (const row of rows) {
      const local = this.localOf(row);
      this.records.set(row.id, local);
      this.countTags(local.tags, 1);
      const server = pendingServer(row);
      if (server) this.servers.set(row.id, server);
    }
    this.entries.clear();
    for (const e of entries) this.entries.set(e.id, e);
    this.meta = meta;
    this.index.load(this.records.values());
  }

  /**
   * Adds rows read in the background after `load()` (read-rows.ts), except those in `skip`: a
   * transaction applied since the read began already put a newer version (or a deletion) in memory.
   */
  addLoaded(rows: readonly CustomerRow[], skip: ReadonlySet<string>): void {
    this.matches = null;
    const added: LocalCustomer[] = [];
    for (const row of rows) {
      if (skip.has(row.id)) continue;
      const prev = this.records.get(row.id);
      const local = this.localOf(row);
      // Rotor's copy is taken whatever the record does: a pending change can hide a field it changed.
      const server = pendingServer(row);
      if (server) this.servers.set(row.id, server);
      // The opening read the first screen and the customers with waiting changes already; their rows
      // come again here, the same unless another window wrote them since. The record in memory stays
      // then: a new copy re-rendered its rows in the list, and each measured its tags again with a
      // forced layout, a long task at every progress report with the CPU throttled (bench, issue 12).
      if (prev && sameRecord(prev, local)) continue;
      if (prev) this.countTags(prev.tags, -1);
      this.records.set(row.id, local);
      this.countTags(local.tags, 1);
      added.push(local);
    }
    this.index.upsertMany(added);
  }

  /** Applies a committed transaction; returns the id rewrites it made, in order. */
  apply(changes: Changes): Array<[string, string]> {
    if (changes.rows.size > 0) this.matches = null;
    const sentChanged = this.applyDeliveries(changes);
    // One index merge for the whole transaction (a sync page is 1,000 rows), not one insert per row.
    const upserts: LocalCustomer[] = [];
    const removals: string[] = [];
    for (const [id, row] of changes.rows) {
      const prev = this.records.get(id);
      if (prev) this.countTags(prev.tags, -1);
      if (row === null) {
        this.records.delete(id);
        this.servers.delete(id);
        removals.push(id);
        continue;
      }
      const local = this.localOf(row);
      this.records.set(id, local);
      this.countTags(local.tags, 1);
      const server = pendingServer(row);
      if (server) this.servers.set(id, server);
      else this.servers.delete(id);
      upserts.push(local);
    }
    this.index.removeMany(removals);
    this.index.upsertMany(upserts);
    // Deliveries pruned (or written by a window whose row we did not re-read): only `sentAt` moves.
    for (const id of sentChanged) {
      const rec = this.records.get(id);
      if (rec && !changes.rows.has(id)) this.records.set(id, this.withSent(rec));
    }
    for (const [id, e] of changes.entries) {
      if (e === null) this.entries.delete(id);
      else this.entries.set(id, e);
    }
    for (const [id, g] of changes.imports) {
      if (g === null) this.imports.delete(id);
      else this.imports.set(id, g);
    }
    if (changes.meta) this.meta = changes.meta;
    for (const [from, to] of changes.rewrites) this.rewrites.set(from, to);
    return changes.rewrites;
  }

  /** Deliveries at or after `sinceMs`, newest first. */
  deliveriesSince(sinceMs: number): Delivery[] {
    const since = new Date(sinceMs).toISOString();
    return [...this.deliveries.values()]
      .filter((d) => d.at >= since)
      .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  }

  /** Applies delivery rows; returns the customers whose latest delivery may have moved. */
  private applyDeliveries(changes: Changes): Set<string> {
    const touched = new Set<string>();
    let removed = false;
    for (const [id, d] of changes.deliveries) {
      const prev = this.deliveries.get(id);
      if (prev) touched.add(prev.customerId);
      if (d === null) {
        removed ||= prev !== undefined;
        this.deliveries.delete(id);
        continue;
      }
      this.deliveries.set(id, d);
      touched.add(d.customerId);
      const last = this.lastSent.get(d.customerId);
      if (!last || d.at > last) this.lastSent.set(d.customerId, d.at);
    }
    // Pruning drops the oldest rows; a rebuild is cheap next to how rarely it happens.
    if (removed) this.indexSent();
    return touched;
  }

  private indexSent(): void {
    this.lastSent.clear();
    for (const d of this.deliveries.values()) {
      const last = this.lastSent.get(d.customerId);
      if (!last || d.at > last) this.lastSent.set(d.customerId, d.at);
    }
  }

  private localOf(row: CustomerRow): LocalCustomer {
    // Runs for every row of a refresh: set on the fresh object rather than copy it again.
    const local = localOf(row);
    this.pool.intern(local);
    const at = this.lastSent.get(row.id);
    if (at) local.sentAt = at;
    return local;
  }

  /** The record with its latest delivery (left out when there is none, as stored rows have it). */
  private withSent(local: LocalCustomer): LocalCustomer {
    const at = this.lastSent.get(local.id);
    if (at) return { ...local, sentAt: at };
    if (local.sentAt === undefined) return local;
    const { sentAt: _gone, ...rest } = local;
    return rest;
  }

  resolveId(id: string): string {
    let current = id;
    for (let i = 0; i < 8; i++) {
      const next = this.rewrites.get(current);
      if (!next) break;
      current = next;
    }
    return current;
  }

  tagsPresent(): readonly string[] {
    if (!this.tagsMoved) return this.tagsSorted;
    this.tagsMoved = false;
    const counts = this.tagCounts;
    const same = this.tagsSorted.length === counts.size && this.tagsSorted.every((t) => counts.has(t));
    if (!same) this.tagsSorted = [...counts.keys()].sort(TAG_ORDER.compare);
    return this.tagsSorted;
  }

  /**
   * Rotor matches an id-less upsert by phone first, then by email (the phone compared by its digits
   * and the email case-insensitively: an inference, the docs don't say how strictly it matches).
   * Compared against Rotor's values, so an unsent local edit doesn't hide or invent a match.
   */
  findUpsertMatch(fields: Pick<EditableFields, 'phone' | 'email'>): LocalCustomer | undefined {
    const digits = digitsOnly(fields.phone);
    const email = fields.email?.trim().toLowerCase() ?? '';
    if (!digits && !email) return undefined;
    const index = this.matchIndex();
    const id = (digits ? index.phone.get(digits) : undefined) ?? (email ? index.email.get(email) : undefined);
    return id === undefined ? undefined : this.records.get(id);
  }

  /**
   * Rotor's phone digits and emails → the first cached customer (in record order) holding them, built on
   * demand and dropped by any change: replay asks once per queued create when it groups lanes, and an
   * import queues thousands (a scan of 50,000 records each would hold the window for seconds).
   */
  private matchIndex(): { phone: Map<string, string>; email: Map<string, string> } {
    if (this.matches) return this.matches;
    const phone = new Map<string, string>();
    const email = new Map<string, string>();
    for (const r of this.records.values()) {
      if (isLocalId(r.id)) continue;
      const server: CustomerData = this.servers.get(r.id) ?? r;
      const digits = digitsOnly(server.phone);
      if (digits && !phone.has(digits)) phone.set(digits, r.id);
      const mail = server.email?.trim().toLowerCase();
      if (mail && !email.has(mail)) email.set(mail, r.id);
    }
    this.matches = { phone, email };
    return this.matches;
  }

  /** Cached customers (by Rotor's values) an ambiguous no-contact create may have become; see adopt.ts. */
  adoptCandidates(entry: StoredEntry): string[] {
    if (entry.kind !== 'create' || !entry.ambiguous || hasContact(entry.changes)) return [];
    const taken = new Set(this.meta.createdIds ?? []);
    const out: string[] = [];
    for (const r of this.records.values())
      if (!isLocalId(r.id) && mayBeResultOf(entry, this.servers.get(r.id) ?? r, taken)) out.push(r.id);
    return out;
  }

  private countTags(tags: readonly string[], delta: 1 | -1): void {
    for (const t of tags) {
      const was = this.tagCounts.get(t) ?? 0;
      const n = was + delta;
      if (n > 0) this.tagCounts.set(t, n);
      else this.tagCounts.delete(t);
      if (was === 0 || n === 0) this.tagsMoved = true;
    }
  }
}

/** Tags as the list shows them: by letters, case and accents aside (one collator, not one a comparison). */
const TAG_ORDER = new Intl.Collator(undefined, { sensitivity: 'base' });

/** The server copy worth keeping beside a record: only where queued changes make the two differ. */
function pendingServer(row: CustomerRow): CustomerData | null {
  return row.syncState === 'synced' ? null : serverCopyOf(row);
}
