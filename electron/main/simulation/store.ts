import { emailKey, phoneKey } from '@contract/match-keys';
import { blankCustomer, cloneCustomer, WRITE_TEXT_FIELDS } from './customer';
import type { ServerCustomer, WriteBody } from './customer';
import type { ListQuery } from './validate';

interface Entry {
  c: ServerCustomer;
  /** created_at as a number, for ordering. */
  ms: number;
  /** Lower-cased search text, built on the first search and dropped whenever the record changes. */
  hay: string | null;
}

/** Most keys belong to one record; an array only where several share a phone or an email. */
type KeyIndex = Map<string, Entry | Entry[]>;

export type UpsertOutcome =
  | { kind: 'created' | 'updated'; customer: ServerCustomer; matchedBy: 'id' | 'phone' | 'email' | null }
  | { kind: 'not_found' };

export interface ListResult {
  rows: ServerCustomer[];
  total: number;
}

const parseMs = (iso: string): number => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? 0 : ms;
};

/** Newest first; equal times fall back to id ascending so the order is total and stable. */
function before(a: Entry, b: Entry): boolean {
  return a.ms !== b.ms ? a.ms > b.ms : a.c.id < b.c.id;
}

function haystack(c: ServerCustomer): string {
  return [c.first_name, c.last_name, c.company_name, c.email, c.phone]
    .filter((v): v is string => !!v)
    .join('\n')
    .toLowerCase();
}

/**
 * In-memory customers of one company, kept sorted newest first at all times so a list page is a
 * filter plus a slice, never a sort. Phone and email indexes make the upsert's matching O(1).
 */
export class CustomerStore {
  private sorted: Entry[] = [];
  private readonly byId = new Map<string, Entry>();
  private readonly byPhone: KeyIndex = new Map();
  private readonly byEmail: KeyIndex = new Map();
  private version = 0;
  private cache: { key: string; version: number; rows: Entry[] } | null = null;
  private applied = 0;

  /** `owned`: the records are the store's to mutate (fresh from seedCustomers), so no copy is made. */
  constructor(
    seed: readonly ServerCustomer[],
    private readonly newId: () => string,
    private readonly now: () => number,
    owned = false,
  ) {
    const entries = seed.map((c) => this.entry(owned ? c : cloneCustomer(c)));
    // seedCustomers already yields this order, and V8's TimSort is linear on sorted input.
    entries.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    for (const e of entries) {
      if (this.byId.has(e.c.id)) throw new Error(`Duplicate customer id ${e.c.id}`);
      this.index(e);
    }
    this.sorted = entries;
  }

  get upsertsApplied(): number {
    return this.applied;
  }

  count(includeArchived: boolean): number {
    if (includeArchived) return this.sorted.length;
    let n = 0;
    for (const e of this.sorted) if (!e.c.archived) n++;
    return n;
  }

  all(): ServerCustomer[] {
    return this.sorted.map((e) => cloneCustomer(e.c));
  }

  get(id: string): ServerCustomer | undefined {
    return this.byId.get(id)?.c;
  }

  list(q: ListQuery): ListResult {
    const matches = this.filtered(q);
    const start = (q.page - 1) * q.limit;
    return { rows: matches.slice(start, start + q.limit).map((e) => e.c), total: matches.length };
  }

  upsert(body: WriteBody): UpsertOutcome {
    let target: Entry | undefined;
    let matchedBy: 'id' | 'phone' | 'email' | null = null;
    if (body.id !== undefined) {
      target = this.byId.get(body.id);
      if (!target) return { kind: 'not_found' };
      matchedBy = 'id';
    } else {
      target = this.match(this.byPhone, phoneKey(body.phone));
      if (target) matchedBy = 'phone';
      else {
        target = this.match(this.byEmail, emailKey(body.email));
        if (target) matchedBy = 'email';
      }
    }
    this.applied++;
    if (target) {
      this.mutate(target, (c) => applyWrite(c, body));
      return { kind: 'updated', customer: target.c, matchedBy };
    }
    const created = blankCustomer(this.freshId(), new Date(this.now()).toISOString());
    applyWrite(created, body);
    this.insert(this.entry(created));
    return { kind: 'created', customer: created, matchedBy: null };
  }

  /** Test hook: a record as if someone else had created it in Rotor. */
  add(partial: Partial<ServerCustomer>): ServerCustomer {
    const id = partial.id ?? this.freshId();
    if (this.byId.has(id)) throw new Error(`Customer ${id} already exists`);
    const c = cloneCustomer({ ...blankCustomer(id, new Date(this.now()).toISOString()), ...partial, id });
    this.insert(this.entry(c));
    return cloneCustomer(c);
  }

  /** Test hook: a change made on the server behind the client's back. Bypasses validation and tag merging. */
  updateRaw(id: string, partial: Partial<ServerCustomer>): ServerCustomer | undefined {
    const e = this.byId.get(id);
    if (!e) return undefined;
    this.mutate(e, (c) => Object.assign(c, cloneCustomer({ ...c, ...partial, id })));
    return cloneCustomer(e.c);
  }

  delete(id: string): boolean {
    const e = this.byId.get(id);
    if (!e) return false;
    this.unindex(e);
    this.byId.delete(id);
    this.sorted.splice(this.position(e), 1);
    this.version++;
    return true;
  }

  setArchived(id: string, archived: boolean): boolean {
    const e = this.byId.get(id);
    if (!e) return false;
    this.mutate(e, (c) => {
      c.archived = archived;
    });
    return true;
  }

  private entry(c: ServerCustomer): Entry {
    return { c, ms: parseMs(c.created_at), hay: null };
  }

  private freshId(): string {
    let id = this.newId();
    while (this.byId.has(id)) id = this.newId();
    return id;
  }

  /** Several records may share a phone or email (added by hand); the oldest wins, deterministically. */
  private match(index: KeyIndex, key: string): Entry | undefined {
    const found = key ? index.get(key) : undefined;
    if (!Array.isArray(found)) return found;
    let oldest: Entry | undefined;
    for (const e of found) if (!oldest || before(oldest, e)) oldest = e;
    return oldest;
  }

  private mutate(e: Entry, change: (c: ServerCustomer) => void): void {
    const oldMs = e.ms;
    this.unindex(e);
    const at = this.position(e);
    change(e.c);
    e.ms = parseMs(e.c.created_at);
    e.hay = null;
    this.index(e);
    if (e.ms !== oldMs) {
      this.sorted.splice(at, 1);
      this.sorted.splice(this.insertionPoint(e), 0, e);
    }
    this.version++;
  }

  private insert(e: Entry): void {
    this.index(e);
    this.sorted.splice(this.insertionPoint(e), 0, e);
    this.version++;
  }

  private insertionPoint(e: Entry): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.sorted[mid] as Entry, e)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private position(e: Entry): number {
    const at = this.insertionPoint(e);
    if (this.sorted[at] === e) return at;
    // Only reached if ordering keys changed without going through mutate(); stay correct anyway.
    return this.sorted.indexOf(e);
  }

  private index(e: Entry): void {
    this.byId.set(e.c.id, e);
    add(this.byPhone, phoneKey(e.c.phone), e);
    add(this.byEmail, emailKey(e.c.email), e);
  }

  /** Must run before the record's phone or email changes: the keys are computed from them. */
  private unindex(e: Entry): void {
    drop(this.byPhone, phoneKey(e.c.phone), e);
    drop(this.byEmail, emailKey(e.c.email), e);
  }

  /**
   * One cached result per filter: a full refresh pages through the same filter hundreds of times,
   * and any write invalidates it.
   */
  private filtered(q: ListQuery): Entry[] {
    const key = JSON.stringify([q.search, q.status, q.tags, q.archived]);
    if (this.cache && this.cache.key === key && this.cache.version === this.version) return this.cache.rows;
    const search = q.search.toLowerCase();
    const searchDigits = /^[\d\s()+.-]+$/.test(search) ? phoneKey(search) : '';
    const tags = q.tags.map((t) => t.toLowerCase());
    const rows = this.sorted.filter((e) => {
      const c = e.c;
      if (!q.archived && c.archived) return false;
      if (q.status && c.status !== q.status) return false;
      if (tags.length > 0 && !(c.tags ?? []).some((t) => tags.includes(t.toLowerCase()))) return false;
      if (search) {
        e.hay ??= haystack(c);
        if (!e.hay.includes(search) && !(searchDigits && phoneKey(c.phone).includes(searchDigits)))
          return false;
      }
      return true;
    });
    this.cache = { key, version: this.version, rows };
    return rows;
  }
}

function add(index: KeyIndex, key: string, e: Entry): void {
  if (!key) return;
  const found = index.get(key);
  if (found === undefined) index.set(key, e);
  else if (Array.isArray(found)) found.push(e);
  else index.set(key, [found, e]);
}

function drop(index: KeyIndex, key: string, e: Entry): void {
  const found = key ? index.get(key) : undefined;
  if (found === e) index.delete(key);
  else if (Array.isArray(found)) {
    const rest = found.filter((x) => x !== e);
    if (rest.length === 1) index.set(key, rest[0] as Entry);
    else index.set(key, rest);
  }
}

/** Only the fields present change; tags are merged (union, first-seen order), never removed. */
function applyWrite(c: ServerCustomer, body: WriteBody): void {
  for (const field of WRITE_TEXT_FIELDS) {
    const v = body[field];
    if (v !== undefined) c[field] = v;
  }
  if (body.status !== undefined) c.status = body.status;
  if (body.billing_same_as_property !== undefined) c.billing_same_as_property = body.billing_same_as_property;
  if (body.tags !== undefined) {
    const merged = [...(c.tags ?? [])];
    for (const tag of body.tags) if (!merged.includes(tag)) merged.push(tag);
    c.tags = merged;
  }
}
