/**
 * Sends the outbox to Rotor.
 *
 * - Single flight across windows and reloads: a pass runs holding the Web Lock
 *   `rotor-desk-replay-<accountId>` (an in-process lock where Web Locks are missing). A pass that
 *   starts after another window died mid-send finds its entries still `sending` and puts them back
 *   to `pending`, ambiguous (nothing else can be sending while we hold the lock).
 * - Lanes (lanes.ts): one per customer identity, strictly in queue order, stopping at the first entry
 *   that does not succeed; a create Rotor will match by phone or email shares the matched customer's
 *   lane. Lanes run in parallel, at most `replayConcurrency` at a time.
 * - No silent overwrite: before an update is sent, Rotor's copy is read again (GET, 1 request) unless
 *   it was read within `freshCopyMinutes`; a field someone changed in Rotor since the edit began turns
 *   the entry into a conflict instead of being overwritten. Below the edit reserve the check is skipped
 *   and the user is told. Write-only fields (billing, service) can't be read back, so they can't be checked.
 * - Each entry carries its own idempotency key, the same on every attempt, and every call names the
 *   account (main refuses calls for another account). On success Rotor's answer is written into the
 *   cache and the entry cleared in one transaction; a create's `local:<uuid>` id is rewritten
 *   everywhere, merging into the cached customer Rotor matched, if any.
 * - Waking (wake.ts): replay runs on events (an edit, connectivity back, a quota reset, the key fixed,
 *   Retry) and on a timer only for the earliest future retry of a lane it could send now. Offline or
 *   paused it arms nothing, so it cannot spin.
 * Failure classes and budgets: attempt-failure.ts. Ambiguous creates: adopt.ts. Nothing is ever
 * dropped except by the user's discard.
 */
import type { AppError } from '@contract/result';
import type { ApiUpsertResponse, CustomerWrite, RotorCustomer } from '@contract/customer';
import type { QuotaState } from '@contract/state';
import type { RotorApi } from '@contract/surface';
import type { DataNotice, EditableField, EditableFields, PausedReason } from './api';
import { findEarlierAttempt, hasContact, rememberCreated } from './adopt';
import { applyFailure } from './attempt-failure';
import { EDIT_RESERVE } from './budget';
import { callRotor } from './call-rotor';
import { Changes } from './changes';
import type { RotorDb, StoredEntry } from './db';
import { buildLanes } from './lanes';
import type { AdoptCandidates, UpsertMatch } from './lanes';
import type { LockLike } from './locks';
import { applyChanges, fromRead, fromUpsert, WRITE_ONLY_FIELDS } from './mapping';
import type { CustomerData } from './mapping';
import { entriesFor, isLocalId } from './outbox';
import { bySeq, composeRow, recompose } from './rebase';
import { WakeSlot } from './wake';
import { displayName } from '../format/customer';
import type { Schedule } from './wake';

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
  schedule: Schedule;
  locks: LockLike;
  /** How long a server copy counts as fresh enough to send an update without reading it again. */
  freshCopyMs: () => number;
  upsertMatch: UpsertMatch;
  adoptCandidates: AdoptCandidates;
  /** GET one customer and rebase its entries on it (the pre-send check). */
  refreshOne: (id: string) => Promise<{ ok: true } | { ok: false; error: AppError }>;
  /** Applies a committed transaction to memory and notifies. */
  commit: (changes: Changes) => void;
  notice: (notice: DataNotice) => void;
  /** Called whenever the pause reason changes. */
  pauseChanged: () => void;
}

type SendOutcome = 'ok' | 'stop' | 'regroup';

export class Replayer {
  private paused: PausedReason | null = null;
  /**
   * Where a quota pause came from. One seen in main's quota state lifts when that state clears; one
   * from a refused request lifts on main's next quota event, never merely because the state it had
   * looked fine (it may not have caught up yet).
   */
  private quotaPauseFrom: 'state' | 'error' = 'state';
  /** Main's quota state when a refused request paused the queue: a newer one may lift it. */
  private quotaAtPause: QuotaState | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private readonly wake: WakeSlot;

  constructor(private readonly d: ReplayDeps) {
    this.wake = new WakeSlot(d.schedule, d.now, () => void this.replay().catch(() => undefined));
  }

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

  /** Lifts a key or account pause (the key was fixed or is back) and replays. */
  async resume(): Promise<void> {
    if (this.paused && this.paused.kind !== 'quota') this.setPaused(null);
    await this.replay();
  }

  /** Quota news from main: lift a quota pause once main says the budget is back. */
  quotaChanged(): void {
    if (this.paused?.kind === 'quota' && !this.d.quota().exhausted) {
      this.setPaused(null);
      void this.replay().catch(() => undefined);
    }
  }

  /** Connectivity news: offline disarms the timer (the next change wakes replay), online replays. */
  connectivityChanged(): void {
    if (this.d.online()) void this.replay().catch(() => undefined);
    else this.wake.clear();
  }

  close(): void {
    this.closed = true;
    this.wake.clear();
  }

  private setPaused(reason: PausedReason | null): void {
    this.paused = reason;
    this.d.pauseChanged();
  }

  /** True when sending may go on; sets or lifts the quota pause from main's quota state. */
  private mayProceed(): boolean {
    if (this.closed || !this.d.online()) return false;
    const q = this.d.quota();
    if (q.exhausted) {
      if (this.paused?.kind !== 'quota' || this.paused.retryAt !== q.resetsAt) {
        this.quotaPauseFrom = 'state';
        this.setPaused({
          kind: 'quota',
          message: "Today's Rotor API requests are used up; changes will be sent when the quota resets.",
          retryAt: q.resetsAt,
        });
      }
      return false;
    }
    if (this.paused?.kind === 'quota' && (this.quotaPauseFrom === 'state' || q !== this.quotaAtPause))
      this.setPaused(null);
    return this.paused === null;
  }

  private async pass(): Promise<void> {
    if (!this.mayProceed()) {
      // Blocked: the event that unblocks (connectivity, quota, key) starts the next pass.
      this.wake.clear();
      return;
    }
    await this.resetStaleSending();
    for (;;) {
      const lanes = await this.lanes();
      const now = this.d.now();
      const ready = lanes.filter((lane) => lane[0] !== undefined && isDue(lane[0], now));
      if (ready.length === 0) break;
      let progressed = false;
      await pool(ready, Math.max(1, this.d.concurrency()), async (lane) => {
        for (const entry of lane) {
          if (!this.mayProceed()) return;
          const outcome = await this.send(entry.id);
          if (outcome === 'stop') return;
          progressed = true;
          // A create moved the lane to the Rotor id (or a check rebased it): regroup next round.
          if (outcome === 'regroup') return;
        }
      });
      if (!progressed || !this.mayProceed()) break;
    }
    await this.armWake();
  }

  private async lanes(): Promise<StoredEntry[][]> {
    return buildLanes(await this.d.db.outbox.toArray(), this.d.upsertMatch, this.d.adoptCandidates);
  }

  /** Arms the timer for the earliest future retry of a lane head, when sending is possible at all. */
  private async armWake(): Promise<void> {
    if (!this.mayProceed()) {
      this.wake.clear();
      return;
    }
    let next: number | null = null;
    for (const lane of await this.lanes()) {
      const head = lane[0];
      if (head?.state !== 'pending' || !head.nextAttemptAt) continue;
      const t = Date.parse(head.nextAttemptAt);
      if (next === null || t < next) next = t;
    }
    if (!this.closed) this.wake.arm(next);
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
      if (!e || !isDue(e, this.d.now())) return null;
      if (e.kind === 'update' && isLocalId(e.customerId)) return null;
      const next: StoredEntry = {
        ...e,
        state: 'sending',
        retryStoppedUntil: null,
        firstAttemptAt: e.firstAttemptAt ?? new Date(this.d.now()).toISOString(),
      };
      await changes.putEntry(next);
      return next;
    });
    if (entry) this.d.commit(changes);
    return entry;
  }

  private async send(entryId: string): Promise<SendOutcome> {
    const head = await this.d.db.outbox.get(entryId);
    if (!head || !isDue(head, this.d.now())) return 'stop';
    if (head.kind === 'update') {
      const checked = await this.checkRotorCopy(head);
      if (checked !== 'send') return checked;
    }
    const entry = await this.markSending(entryId);
    if (!entry) return 'stop';
    const { accountId } = this.d;
    if (entry.kind === 'create' && entry.ambiguous && !hasContact(entry.changes)) {
      const found = await findEarlierAttempt(this.d.db, this.d.api, accountId, entry);
      if (!found.ok) {
        await this.fail(entry, found.error, false);
        return 'stop';
      }
      if (found.customer) {
        await this.succeed(entry, { adopted: found.customer });
        return 'regroup';
      }
    }
    const customer: CustomerWrite =
      entry.kind === 'update' ? { ...entry.changes, id: entry.customerId } : { ...entry.changes };
    const res = await callRotor(() =>
      this.d.api.customers.upsert({ accountId, customer, idempotencyKey: entry.idempotencyKey }),
    );
    if (!res.ok) {
      await this.fail(entry, res.error, true);
      return 'stop';
    }
    const rewritten = await this.succeed(entry, { response: res.data.customer });
    if (entry.kind === 'create' && !res.data.created) {
      this.d.notice({
        kind: 'matched_existing',
        customerId: res.data.customer.id,
        name: nameOf(entry.changes),
      });
    }
    return rewritten ? 'regroup' : 'ok';
  }

  /**
   * The pre-send check: reads Rotor's copy unless the cached one is fresh, and rebases the customer's
   * entries on it (sync.ts), which turns a field someone else changed into a conflict.
   */
  private async checkRotorCopy(entry: StoredEntry): Promise<'send' | SendOutcome> {
    const row = await this.d.db.customers.get(entry.customerId);
    if (!row || isLocalId(row.id)) return 'send';
    // Tags only merge and write-only fields are never read back: a read could not show a conflict.
    const checkable = Object.keys(entry.changes).some(
      (f) => f !== 'tags' && !WRITE_ONLY_FIELDS.has(f as EditableField),
    );
    if (!checkable) return 'send';
    const fetchedAt = row.fetchedAt ? Date.parse(row.fetchedAt) : 0;
    if (this.d.now() - fetchedAt < this.d.freshCopyMs()) return 'send';
    const name = nameOf(row);
    if (this.d.quota().remaining <= EDIT_RESERVE) {
      this.d.notice({ kind: 'sent_unchecked', customerId: row.id, name });
      return 'send';
    }
    const res = await this.d.refreshOne(row.id);
    if (!res.ok) {
      await this.fail(entry, res.error, false);
      return 'stop';
    }
    const after = await this.d.db.outbox.get(entry.id);
    if (!after) return 'ok'; // Rotor already holds every value: nothing left to send.
    if (after.state === 'conflict') {
      this.d.notice({ kind: 'conflict_before_send', customerId: row.id, name });
      return 'stop';
    }
    return isDue(after, this.d.now()) ? 'send' : 'stop';
  }

  /**
   * Writes Rotor's answer and clears the entry in one transaction. Returns true when the record moved
   * to another id (a create, or Rotor matched another customer).
   */
  private async succeed(
    entry: StoredEntry,
    result: { response: ApiUpsertResponse } | { adopted: RotorCustomer },
  ): Promise<boolean> {
    // Stamped when the answer arrived: a list page requested before then may have been served before
    // Rotor applied the write, so it must not overwrite this answer.
    const answeredAt = this.d.stamp();
    const { db } = this.d;
    const changes = new Changes(db);
    const nowIso = new Date(this.d.now()).toISOString();
    const serverId = 'response' in result ? result.response.id : result.adopted.id;
    const oldId = entry.customerId;
    await db.transaction('rw', db.customers, db.outbox, db.meta, async () => {
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
            serverStamp: answeredAt,
            fetchedAt: nowIso,
            missingOnServer: false,
          }),
        );
        return;
      }
      if (entry.kind === 'create') await rememberCreated(db, serverId);
      // The record moves to the Rotor id, merging into the cached customer Rotor matched, if any.
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
          serverStamp: answeredAt,
          fetchedAt: nowIso,
          missingOnServer: false,
        }),
      );
      changes.rewrites.push([oldId, serverId]);
    });
    this.d.commit(changes);
    return oldId !== serverId;
  }

  private async fail(entry: StoredEntry, error: AppError, wrote: boolean): Promise<void> {
    const { db } = this.d;
    const changes = new Changes(db);
    const ctx = { now: this.d.now(), random: this.d.random, resetsAt: this.d.quota().resetsAt, wrote };
    let pause: PausedReason | null = null;
    await db.transaction('rw', db.customers, db.outbox, async () => {
      // Read again: an edit may have merged into the entry while a read before its send was out.
      const current = await db.outbox.get(entry.id);
      if (!current) return;
      const failed = applyFailure(current, error, ctx);
      pause = failed.pause;
      const next = failed.next;
      await changes.putEntry(next);
      const row = await db.customers.get(entry.customerId);
      if (row) {
        const all = (await entriesFor(db, entry.customerId)).map((e) => (e.id === next.id ? next : e));
        await changes.putRow(recompose(row, all));
      }
    });
    this.d.commit(changes);
    if (pause) this.pause(pause);
  }

  private pause(reason: PausedReason): void {
    if (reason.kind === 'quota') {
      this.quotaPauseFrom = 'error';
      this.quotaAtPause = this.d.quota();
    }
    this.setPaused(reason);
  }
}

function isDue(e: StoredEntry, now: number): boolean {
  return e.state === 'pending' && (e.nextAttemptAt === null || Date.parse(e.nextAttemptAt) <= now);
}

type NameFields = 'first_name' | 'last_name' | 'company_name' | 'email' | 'phone';

function nameOf(c: { [K in NameFields]?: string | null }): string {
  const { first_name = null, last_name = null, company_name = null, email = null, phone = null } = c;
  return displayName({ first_name, last_name, company_name, email, phone });
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

async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let item = items[next++]; item !== undefined; item = items[next++]) await work(item);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}
