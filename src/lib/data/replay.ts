/**
 * Sends the outbox to Rotor.
 *
 * - Single flight across windows and reloads: a pass runs holding the Web Lock
 *   `rotor-desk-replay-<accountId>` (an in-process lock where Web Locks are missing). A pass that
 *   starts after another window died mid-send finds its entries still `sending` and puts them back
 *   to `pending` (nothing else can be sending while we hold the lock).
 * - Order: one lane per customer; a lane sends its entries strictly in queue order and stops at the
 *   first one that does not succeed. Lanes of different customers run in parallel, at most
 *   `replayConcurrency` at a time.
 * - Each entry carries its own idempotency key, the same on every attempt. On success the server's
 *   answer is written into the cache and the entry cleared in one transaction.
 * - A create's `local:<uuid>` id is rewritten everywhere (row, queued entries, listeners) to the id
 *   Rotor answered. When that id is already cached (Rotor matched the phone/email of an existing
 *   customer), the create merges into that record: no duplicate remains.
 *
 * Failure classes:
 * - network / timeout / server / bad_response (and anything unexpected): stays pending, retried with
 *   backoff: 1 s doubling per attempt up to 5 min, with jitter (half fixed, half random), woken by the
 *   injected scheduler;
 * - validation: the entry is `failed` with Rotor's field messages until the user edits or discards;
 * - not_found on an update: `failed`, "deleted in Rotor": recreate as new, or discard;
 * - auth / forbidden / not_configured / keychain: the whole queue pauses until the key is fixed;
 * - quota: the whole queue pauses until `quota()` shows budget again (it lifts by itself).
 * Nothing is ever dropped except by the user's discard.
 *
 * AMBIGUOUS CREATES
 * Rotor deduplicates a create by phone, then email. A create with neither has no such guard: if an
 * attempt failed in a way that may have reached Rotor (network, timeout, 5xx, unreadable answer, no
 * answer from main at all, a window that died mid-send), sending it again could create a second
 * customer. Such an entry is marked `ambiguous` (as is every entry after such a failure, so later edits
 * queue behind it: see outbox.ts), and before the next send of a create without phone or email, replay
 * spends ONE request to look for the first attempt's result:
 *   GET /customers?page=1&limit=50&search=<last name, else first name, else company>
 * (one field, because Rotor's search matches within a field: a "first last" string could miss; the
 * list is newest first, so a just-created customer is on page 1). It adopts a listed customer only if
 *   1. it was created at or after the first attempt's time (minus 60 s for clock skew between this
 *      computer and Rotor; anything older existed before we sent), and
 *   2. every field that was sent and that list returns equals what was sent (text compared trimmed;
 *      every sent tag present), and
 *   3. it is not already the result of another create in this session.
 * Several candidates: the earliest created is adopted. None: the create is sent again. Adopting
 * counts as success (same transaction, id rewrite, merge) and the search request's own failure is
 * handled like any other attempt failure.
 */
import type { AppError } from '@contract/result';
import type { ApiUpsertResponse, CustomerWrite, RotorCustomer } from '@contract/customer';
import type { QuotaState } from '@contract/state';
import type { RotorApi } from '@contract/surface';
import type { EditableField, EditableFields, PausedReason } from './api';
import { callRotor } from './call-rotor';
import { Changes } from './changes';
import type { RotorDb, StoredEntry } from './db';
import type { LockLike } from './locks';
import { applyChanges, fieldValue, fromRead, fromUpsert, WRITE_ONLY_FIELDS } from './mapping';
import type { CustomerData } from './mapping';
import { entriesFor, isLocalId } from './outbox';
import { bySeq, composeRow, recompose } from './rebase';

export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_MAX_MS = 5 * 60 * 1000;
export const ADOPT_SKEW_MS = 60 * 1000;
export const ADOPT_SEARCH_LIMIT = 50;

/** Delay before attempt `attempts + 1`, after `attempts` failures: 1 s, 2 s, 4 s … capped at 5 min. */
export function backoffMs(attempts: number, random: () => number): number {
  const full = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(full / 2 + (random() * full) / 2);
}

export interface ReplayDeps {
  db: RotorDb;
  api: RotorApi;
  accountId: string;
  concurrency: () => number;
  quota: () => QuotaState;
  online: () => boolean;
  now: () => number;
  /** Strictly increasing client time (see CustomerRow.serverStamp). */
  stamp: () => number;
  random: () => number;
  schedule: (fn: () => void, ms: number) => () => void;
  locks: LockLike;
  /** Applies a committed transaction to memory and notifies. */
  commit: (changes: Changes) => void;
  /** Called whenever the pause reason changes. */
  pauseChanged: () => void;
}

type SendOutcome = 'ok' | 'stop' | 'rewritten';

const PAUSING = new Set(['auth', 'forbidden', 'not_configured', 'keychain']);

export class Replayer {
  private paused: PausedReason | null = null;
  /**
   * Where a quota pause came from. One seen in main's quota state lifts when that state clears; one
   * from a 429 lifts on main's next quota event or at its retry time, never merely because main's
   * state looks fine (it may not have caught up yet, and each early retry burns a request).
   */
  private quotaPauseFrom: 'state' | 'error' = 'state';
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private cancelWake: (() => void) | null = null;
  private wakeAt: number | null = null;
  /** Rotor ids that creates of this session became; never adopted by another ambiguous create. */
  private readonly createdIds = new Set<string>();

  constructor(private readonly d: ReplayDeps) {}

  pausedReason(): PausedReason | null {
    return this.paused;
  }

  /** Runs a replay pass (or joins the running one, which then runs once more). */
  replay(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.d.locks.request(`rotor-desk-replay-${this.d.accountId}`, {}, () => this.pass());
        } while (this.again && !this.closed);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Lifts an auth-type pause (the user fixed the key) and replays. */
  async resume(): Promise<void> {
    if (this.paused && this.paused.kind !== 'quota') this.setPaused(null);
    await this.replay();
  }

  /** Quota news from main: lift a quota pause once budget is back. */
  quotaChanged(): void {
    if (this.paused?.kind === 'quota' && !this.quotaExhausted()) {
      this.setPaused(null);
      void this.replay().catch(() => undefined);
    }
  }

  close(): void {
    this.closed = true;
    this.cancelWake?.();
    this.cancelWake = null;
  }

  private setPaused(reason: PausedReason | null): void {
    this.paused = reason;
    this.d.pauseChanged();
  }

  private quotaExhausted(): { until: string } | null {
    const q = this.d.quota();
    if (q.exhaustedUntil && Date.parse(q.exhaustedUntil) > this.d.now()) return { until: q.exhaustedUntil };
    if (q.usedToday >= q.dailyLimit) return { until: q.exhaustedUntil ?? nextUtcMidnight(this.d.now()) };
    return null;
  }

  /** True when sending may go on; sets or lifts the quota pause from main's quota state. */
  private mayProceed(): boolean {
    if (this.closed || !this.d.online()) return false;
    const exhausted = this.quotaExhausted();
    if (exhausted) {
      if (this.paused?.kind !== 'quota' || this.paused.retryAt !== exhausted.until) {
        this.quotaPauseFrom = 'state';
        this.setPaused({
          kind: 'quota',
          message: "Today's Rotor API requests are used up; changes will be sent when the quota resets.",
          retryAt: exhausted.until,
        });
      }
      return false;
    }
    if (this.paused?.kind === 'quota') {
      const due = this.paused.retryAt === null || Date.parse(this.paused.retryAt) <= this.d.now();
      if (this.quotaPauseFrom === 'state' || due) this.setPaused(null);
    }
    return this.paused === null;
  }

  private async pass(): Promise<void> {
    if (!this.mayProceed()) {
      await this.scheduleWake();
      return;
    }
    await this.resetStaleSending();
    for (;;) {
      const all = (await this.d.db.outbox.toArray()).sort(bySeq);
      const lanes = new Map<string, StoredEntry[]>();
      for (const e of all) {
        const lane = lanes.get(e.customerId);
        if (lane) lane.push(e);
        else lanes.set(e.customerId, [e]);
      }
      const now = this.d.now();
      const ready = [...lanes.values()].filter((lane) => lane[0] !== undefined && this.isDue(lane[0], now));
      if (ready.length === 0) break;
      let progressed = false;
      await pool(ready, Math.max(1, this.d.concurrency()), async (lane) => {
        for (const entry of lane) {
          if (!this.mayProceed()) return;
          const outcome = await this.send(entry.id);
          if (outcome === 'stop') return;
          progressed = true;
          // After a create the lane's entries belong to the Rotor id, which may have its own lane:
          // regroup on the next round rather than risk two lanes for one customer.
          if (outcome === 'rewritten') return;
        }
      });
      if (!progressed || !this.mayProceed()) break;
    }
    await this.scheduleWake();
  }

  private isDue(e: StoredEntry, now: number): boolean {
    return e.state === 'pending' && (e.nextAttemptAt === null || Date.parse(e.nextAttemptAt) <= now);
  }

  /** Wakes replay for the earliest backoff, or when a quota pause is due to end. */
  private async scheduleWake(): Promise<void> {
    if (this.closed) return;
    const all = await this.d.db.outbox.toArray();
    {
      let next: number | null = null;
      for (const e of all)
        if (e.state === 'pending' && e.nextAttemptAt) {
          const t = Date.parse(e.nextAttemptAt);
          if (next === null || t < next) next = t;
        }
      if (this.paused?.kind === 'quota' && this.paused.retryAt) next = Date.parse(this.paused.retryAt);
      else if (this.paused) next = null;
      if (next === this.wakeAt) return;
      this.cancelWake?.();
      this.cancelWake = null;
      this.wakeAt = next;
      if (next === null || this.closed) return;
      this.cancelWake = this.d.schedule(
        () => {
          this.cancelWake = null;
          this.wakeAt = null;
          void this.replay().catch(() => undefined);
        },
        Math.max(0, next - this.d.now()),
      );
    }
  }

  private async resetStaleSending(): Promise<void> {
    const { db } = this.d;
    const changes = new Changes(db);
    await db.transaction('rw', db.customers, db.outbox, async () => {
      const stale = await db.outbox.where('state').equals('sending').toArray();
      // The window died mid-send: Rotor may have saved it, so it is handled like a lost answer.
      for (const e of stale) await changes.putEntry({ ...e, state: 'pending', ambiguous: true });
    });
    if (!changes.empty) this.d.commit(changes);
  }

  private async markSending(entryId: string): Promise<StoredEntry | null> {
    const { db } = this.d;
    const changes = new Changes(db);
    const entry = await db.transaction('rw', db.customers, db.outbox, async () => {
      const e = await db.outbox.get(entryId);
      if (!e || !this.isDue(e, this.d.now())) return null;
      if (e.kind === 'update' && isLocalId(e.customerId)) return null;
      const next: StoredEntry = {
        ...e,
        state: 'sending',
        firstAttemptAt: e.firstAttemptAt ?? new Date(this.d.now()).toISOString(),
      };
      await changes.putEntry(next);
      return next;
    });
    if (entry) this.d.commit(changes);
    return entry;
  }

  private async send(entryId: string): Promise<SendOutcome> {
    const entry = await this.markSending(entryId);
    if (!entry) return 'stop';
    const requestedAt = this.d.stamp();
    if (entry.kind === 'create' && entry.ambiguous && !hasContact(entry.changes)) {
      const found = await this.findEarlierAttempt(entry);
      if (!found.ok) {
        await this.fail(entry, found.error);
        return 'stop';
      }
      if (found.customer) {
        await this.succeed(entry, { adopted: found.customer }, requestedAt);
        return 'rewritten';
      }
    }
    const customer: CustomerWrite =
      entry.kind === 'update' ? { ...entry.changes, id: entry.customerId } : { ...entry.changes };
    const res = await callRotor(() =>
      this.d.api.customers.upsert({ customer, idempotencyKey: entry.idempotencyKey }),
    );
    if (!res.ok) {
      await this.fail(entry, res.error);
      return 'stop';
    }
    const rewritten = await this.succeed(entry, { response: res.data.customer }, requestedAt);
    return rewritten ? 'rewritten' : 'ok';
  }

  /** The one search an ambiguous create may spend; see the comment block at the top. */
  private async findEarlierAttempt(
    entry: StoredEntry,
  ): Promise<{ ok: true; customer: RotorCustomer | null } | { ok: false; error: AppError }> {
    const c = entry.changes;
    const term = [c.last_name, c.first_name, c.company_name].map((v) => v?.trim()).find((v) => !!v);
    if (!term || !entry.firstAttemptAt) return { ok: true, customer: null };
    const res = await callRotor(() =>
      this.d.api.customers.list({ page: 1, limit: ADOPT_SEARCH_LIMIT, search: term.slice(0, 200) }),
    );
    if (!res.ok) return res;
    const since = Date.parse(entry.firstAttemptAt) - ADOPT_SKEW_MS;
    const candidates = res.data.customers.filter(
      (cust) =>
        cust.created_at !== null &&
        Date.parse(cust.created_at) >= since &&
        !this.createdIds.has(cust.id) &&
        sentFieldsMatch(cust, entry.changes),
    );
    candidates.sort(
      (a, b) => Date.parse(a.created_at ?? '') - Date.parse(b.created_at ?? '') || (a.id < b.id ? -1 : 1),
    );
    return { ok: true, customer: candidates[0] ?? null };
  }

  /**
   * Writes Rotor's answer and clears the entry in one transaction. Returns true when a temp id was
   * rewritten (create).
   */
  private async succeed(
    entry: StoredEntry,
    result: { response: ApiUpsertResponse } | { adopted: RotorCustomer },
    requestedAt: number,
  ): Promise<boolean> {
    const { db } = this.d;
    const changes = new Changes(db);
    const nowIso = new Date(this.d.now()).toISOString();
    const serverId = 'response' in result ? result.response.id : result.adopted.id;
    const oldId = entry.customerId;
    await db.transaction('rw', db.customers, db.outbox, async () => {
      await changes.deleteEntry(entry.id);
      const oldRow = await db.customers.get(oldId);
      if (serverId === oldId) {
        const server = serverCopy(result, oldRow?.server ?? null, entry.changes);
        const remaining = (await entriesFor(db, oldId)).filter((e) => e.id !== entry.id);
        await changes.putRow(
          composeRow({
            id: oldId,
            server,
            entries: remaining,
            passId: oldRow?.passId ?? null,
            serverStamp: requestedAt,
            fetchedAt: nowIso,
            missingOnServer: false,
          }),
        );
        return;
      }
      // A create (or Rotor answered with another id): the record moves to the Rotor id, merging into
      // the cached customer Rotor matched, if any.
      const target = await db.customers.get(serverId);
      const server = serverCopy(result, target?.server ?? null, entry.changes);
      const moved = (await entriesFor(db, oldId)).filter((e) => e.id !== entry.id);
      for (const e of moved) await changes.putEntry({ ...e, customerId: serverId });
      const targetEntries = await entriesFor(db, serverId);
      const all = [...targetEntries, ...moved.map((e) => ({ ...e, customerId: serverId }))].sort(bySeq);
      if (oldRow) await changes.deleteRow(oldId);
      await changes.putRow(
        composeRow({
          id: serverId,
          server,
          entries: all,
          passId: target?.passId ?? null,
          serverStamp: requestedAt,
          fetchedAt: nowIso,
          missingOnServer: false,
        }),
      );
      changes.rewrites.push([oldId, serverId]);
    });
    if (oldId !== serverId) this.createdIds.add(serverId);
    this.d.commit(changes);
    return oldId !== serverId;
  }

  private async fail(entry: StoredEntry, error: AppError): Promise<void> {
    const { db } = this.d;
    const changes = new Changes(db);
    const now = this.d.now();
    const next: StoredEntry = { ...entry, state: 'pending', updatedAt: new Date(now).toISOString() };
    let pause: PausedReason | null = null;
    if (error.kind === 'validation' || error.kind === 'invalid_argument') {
      next.state = 'failed';
      next.lastError = error;
      next.attempts = entry.attempts + 1;
    } else if (error.kind === 'not_found' && entry.kind === 'update') {
      next.state = 'failed';
      next.attempts = entry.attempts + 1;
      next.lastError = {
        ...error,
        message: 'This customer was deleted in Rotor. Recreate it as a new customer, or discard the change.',
      };
    } else if (PAUSING.has(error.kind)) {
      next.lastError = error;
      pause = {
        kind: error.kind === 'forbidden' ? 'forbidden' : error.kind === 'auth' ? 'auth' : 'not_configured',
        message:
          error.kind === 'forbidden'
            ? `Rotor refused the change: the API key lacks a permission${error.missingScope ? ` (${error.missingScope})` : ''}. Changes wait until the key is fixed.`
            : 'Rotor did not accept the API key. Changes wait until the key is fixed in Settings.',
        retryAt: null,
      };
    } else if (error.kind === 'quota') {
      next.lastError = error;
      pause = {
        kind: 'quota',
        message: "Today's Rotor API requests are used up; changes will be sent when the quota resets.",
        retryAt: error.retryAt ?? this.d.quota().exhaustedUntil ?? nextUtcMidnight(now),
      };
    } else {
      this.backoff(next, error);
      // Unless Rotor refused it (the cases above), the attempt may have reached Rotor: a lost answer, a
      // 5xx after the write, or a main process / host that died before answering (`internal`) all end
      // here. So the entry must stay exactly as sent: later edits queue behind it instead of merging
      // (outbox.ts), which would drop an edit back to the old value or give a create a phone Rotor can
      // no longer match it by; and a create without phone or email searches before it is sent again.
      next.ambiguous = true;
    }
    await db.transaction('rw', db.customers, db.outbox, async () => {
      const current = await db.outbox.get(entry.id);
      if (!current) return;
      await changes.putEntry(next);
      const row = await db.customers.get(entry.customerId);
      if (row) {
        const all = (await entriesFor(db, entry.customerId)).map((e) => (e.id === next.id ? next : e));
        await changes.putRow(recompose(row, all));
      }
    });
    this.d.commit(changes);
    if (pause) {
      if (pause.kind === 'quota') this.quotaPauseFrom = 'error';
      this.setPaused(pause);
    }
  }

  private backoff(next: StoredEntry, error: AppError): void {
    next.attempts = next.attempts + 1;
    next.lastError = error;
    next.nextAttemptAt = new Date(this.d.now() + backoffMs(next.attempts, this.d.random)).toISOString();
  }
}

function serverCopy(
  result: { response: ApiUpsertResponse } | { adopted: RotorCustomer },
  prev: CustomerData | null,
  sent: EditableFields,
): CustomerData {
  if ('response' in result) return fromUpsert(result.response, prev, sent);
  // Adopted from a list read: write-only fields are not listed; they were accepted as sent.
  const writeOnly: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(sent)) if (WRITE_ONLY_FIELDS.has(k as EditableField)) writeOnly[k] = v;
  return applyChanges(fromRead(result.adopted, prev), writeOnly as EditableFields);
}

/** Rotor matches an id-less upsert by phone, then email: such a create can be repeated safely. */
function hasContact(changes: EditableFields): boolean {
  return !!changes.phone?.trim() || !!changes.email?.trim();
}

function sentFieldsMatch(c: RotorCustomer, sent: EditableFields): boolean {
  const data = fromRead(c, null);
  for (const [key, value] of Object.entries(sent) as [EditableField, unknown][]) {
    if (WRITE_ONLY_FIELDS.has(key)) continue;
    const have = fieldValue(data, key);
    if (key === 'tags') {
      if (!(value as string[]).every((t) => (have as string[]).includes(t))) return false;
    } else if (typeof value === 'string') {
      if ((typeof have === 'string' ? have.trim() : '') !== value.trim()) return false;
    } else if (have !== value) return false;
  }
  return true;
}

async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let item = items[next++]; item !== undefined; item = items[next++]) await work(item);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

export function nextUtcMidnight(now: number): string {
  const d = new Date(now);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1)).toISOString();
}
