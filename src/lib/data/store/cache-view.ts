/**
 * The in-memory view of one account's cache: records, the server copies of records with queued
 * changes, the outbox, the sync meta row, tag counts and the search index. It changes only through
 * `apply()` with what a committed transaction wrote (changes.ts), so memory never shows a write that
 * was rolled back.
 */
import type { EditableFields, LocalCustomer } from '../types';
import type { Changes } from '../outbox/changes';
import { EMPTY_META, localOf } from '../db/schema';
import type { CustomerRow, StoredEntry, SyncMeta } from '../db/schema';
import type { CustomerData } from '../mapping';
import { hasContact, mayBeResultOf } from '../replay/adopt';
import { isLocalId } from '../outbox/outbox';
import { SearchIndex } from '../../search/index';
import { digitsOnly } from '../../search/normalize';

export class CacheView {
  readonly records = new Map<string, LocalCustomer>();
  /** Server copies of records with queued changes (what Rotor would match a phone/email against). */
  private readonly servers = new Map<string, CustomerData>();
  readonly entries = new Map<string, StoredEntry>();
  private readonly tagCounts = new Map<string, number>();
  readonly index = new SearchIndex();
  private readonly rewrites = new Map<string, string>();
  meta: SyncMeta = { ...EMPTY_META };

  load(rows: readonly CustomerRow[], entries: readonly StoredEntry[], meta: SyncMeta): void {
    this.records.clear();
    this.servers.clear();
    this.tagCounts.clear();
    for (const row of rows) {
      const local = localOf(row);
      this.records.set(row.id, local);
      this.countTags(local.tags, 1);
      if (row.syncState !== 'synced' && row.server) this.servers.set(row.id, row.server);
    }
    this.entries.clear();
    for (const e of entries) this.entries.set(e.id, e);
    this.meta = meta;
    this.index.load(this.records.values());
  }

  /** Applies a committed transaction; returns the id rewrites it made, in order. */
  apply(changes: Changes): Array<[string, string]> {
    for (const [id, row] of changes.rows) {
      const prev = this.records.get(id);
      if (prev) this.countTags(prev.tags, -1);
      if (row === null) {
        this.records.delete(id);
        this.servers.delete(id);
        this.index.remove(id);
        continue;
      }
      const local = localOf(row);
      this.records.set(id, local);
      this.countTags(local.tags, 1);
      if (row.syncState !== 'synced' && row.server) this.servers.set(id, row.server);
      else this.servers.delete(id);
      this.index.upsert(local);
    }
    for (const [id, e] of changes.entries) {
      if (e === null) this.entries.delete(id);
      else this.entries.set(id, e);
    }
    if (changes.meta) this.meta = changes.meta;
    for (const [from, to] of changes.rewrites) this.rewrites.set(from, to);
    return changes.rewrites;
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

  tagsPresent(): string[] {
    return [...this.tagCounts.keys()].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
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
    const candidates = [...this.records.values()].filter((r) => !isLocalId(r.id));
    const server = (r: LocalCustomer): CustomerData => this.servers.get(r.id) ?? r;
    if (digits) {
      const hit = candidates.find((r) => digitsOnly(server(r).phone) === digits);
      if (hit) return hit;
    }
    if (email) return candidates.find((r) => server(r).email?.trim().toLowerCase() === email);
    return undefined;
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
      const n = (this.tagCounts.get(t) ?? 0) + delta;
      if (n > 0) this.tagCounts.set(t, n);
      else this.tagCounts.delete(t);
    }
  }
}
