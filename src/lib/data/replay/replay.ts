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
 * - No silent overwrite: an update is checked against Rotor's copy first (presend-check.ts).
 * - Each entry carries its own idempotency key, the same on every attempt, and every call names the
 *   account (main refuses calls for another account). Rotor's answer, or the failure, is written in
 *   one transaction (answer.ts), shared with the marks and answers landing with it (tx-batch.ts).
 * - Waking (wake.ts): replay runs on events (an edit, connectivity back, a quota reset, the key fixed,
 *   Retry) and on a timer only for the earliest future retry of a lane it could send now. Offline or
 *   paused it arms nothing, so it cannot spin.
 * - Each run ends by telling what it delivered (`passed`), once, however many rounds it took, so the
 *   UI says "4 changes sent to Rotor" once, not per change.
 * - Pauses (pause.ts): a quota, key or account pause stops every lane until its event lifts it.
 * - Imports (import-hold.ts): a paused import's entries wait, and so does the rest of their lane; an
 *   import's entries go only while main's remaining quota is above EDIT_RESERVE.
 * Failure classes and budgets: attempt-failure.ts. Ambiguous creates: adopt.ts. Nothing is ever
 * dropped except by the user's discard.
 */
import type { AppError, Result } from '@contract/result';
import type { CustomerWrite, UpsertResult } from '@contract/customer';
import type { PausedReason, ReplayPass } from '../types';
import { emptyPass } from '../db/deliveries';
import { findEarlierAttempt, searchesFirst } from './adopt';
import { callRotor } from '../call-rotor';
import type { StoredEntry } from '../db/schema';
import { buildLanes, earliestRetry, pool } from './lanes';
import { readRotorCopy } from './presend-check';
import { writeFailure, writeSuccess } from './answer';
import { isDue, nameOf } from './deps';
import type { ReplayDeps, SendOutcome } from './deps';
import { WakeSlot } from '../wake';
import { markSending, resetStaleSending } from './mark-sending';
import type { Marked } from './mark-sending';
import { EDIT_RESERVE } from '../budget';
import { importHold, QuotaEstimate, type ImportHold } from './import-hold';
import { TxBatch, type TxRun } from './tx-batch';
import { ReplayPause } from './pause';

export type { ReplayDeps } from './deps';

export class Replayer {
  private running: Promise<void> | null = null;
  private again = false;
  /** What the running run delivered so far. */
  private tally: ReplayPass = emptyPass();
  private closed = false;
  private readonly wake: WakeSlot;
  /** The last pass left import entries waiting for the edit reserve (import-hold.ts). */
  private reserveHeld = false;
  /** Main's remaining quota less this replayer's sends it has not told yet (import-hold.ts). */
  private readonly estimate: QuotaEstimate;
  /** Marks and answers that land together share one transaction (tx-batch.ts). */
  private readonly tx: TxBatch;
  private readonly pauses: ReplayPause;

  constructor(private readonly d: ReplayDeps) {
    this.pauses = new ReplayPause(d.quota, () => d.pauseChanged());
    this.estimate = new QuotaEstimate(d.quota);
    this.tx = new TxBatch(d.db, d.commit);
    this.wake = new WakeSlot(d.schedule, d.now, () => void this.replay().catch(() => undefined));
  }

  pausedReason(): PausedReason | null {
    return this.pauses.current;
  }

  /** Runs a replay pass (or joins the running one, which then runs once more). */
  replay(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      this.tally = emptyPass();
      try {
        do {
          this.again = false;
          await this.d.locks.request(`rotor-desk-replay-${this.d.accountId}`, {}, () => this.pass());
        } while (this.again && !this.closed);
      } finally {
        this.running = null;
        if (!this.closed) this.d.passed({ ...this.tally });
      }
    })();
    return this.running;
  }

  /** Lifts a key or account pause (the key was fixed or is back) and replays. */
  async resume(): Promise<void> {
    this.pauses.liftKeyPause();
    await this.replay();
  }

  /** Quota news from main: lift a quota pause once main says the budget is back. */
  quotaChanged(): void {
    const lifted = this.pauses.quotaChanged();
    // An import held for the reserve goes once the budget is back above it (the day's reset).
    if (lifted || (this.reserveHeld && this.d.quota().remaining > EDIT_RESERVE && !this.pauses.current))
      void this.replay().catch(() => undefined);
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

  /** True when sending may go on (pause.ts decides the pauses). */
  private mayProceed(): boolean {
    return !this.closed && this.d.online() && this.pauses.allows();
  }

  private async pass(): Promise<void> {
    if (!this.mayProceed()) {
      // Blocked: the event that unblocks (connectivity, quota, key) starts the next pass.
      this.wake.clear();
      return;
    }
    await resetStaleSending(this.d);
    for (;;) {
      const lanes = await this.lanes();
      const now = this.d.now();
      const hold = this.readHold();
      // Ordinary changes first: an import's lanes go after every lane a person's edit heads.
      const ready = lanes
        .filter((lane) => lane[0] !== undefined && isDue(lane[0], now) && !hold.held(lane[0]))
        .sort((a, b) => Number(a[0]?.importId !== undefined) - Number(b[0]?.importId !== undefined));
      this.reserveHeld = hold.heldForReserve;
      if (ready.length === 0) break;
      let progressed = false;
      // Answers of lanes' last entries still being written; the round ends once they all are.
      const writing: Promise<unknown>[] = [];
      const sending = pool(
        ready,
        Math.max(1, this.d.concurrency()),
        async (lane) => {
          for (const [i, entry] of lane.entries()) {
            // New work arrived (an edit): end this round's import lanes so the next round sends it first.
            const wanted = (): boolean => this.mayProceed() && !(this.again && entry.importId);
            if (!wanted() || !hold.take(entry)) return;
            // A lane's last answer need not be written before this worker's next lane is marked: it joins
            // that mark's transaction. An entry with another behind it waits for its write.
            const outcome = await this.send(entry, wanted, i === lane.length - 1 ? writing : null);
            if (outcome === 'stop') return;
            progressed = true;
            // A create moved the lane to the Rotor id (or a check rebased it): regroup next round.
            if (outcome === 'regroup') return;
          }
        },
        // A worker with no lane left has no next mark for its last answer to join.
        () => this.tx.flush(),
      );
      // Even when a worker threw: an answer left queued would otherwise wait for the next pass.
      await sending.finally(() => this.tx.flush());
      await Promise.all(writing);
      this.reserveHeld ||= hold.heldForReserve;
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
    const hold = this.readHold();
    const next = earliestRetry(await this.lanes(), (head) => hold.held(head));
    if (!this.closed) this.wake.arm(next);
  }

  private readHold(): ImportHold {
    return importHold(this.d.importStopped, this.estimate);
  }

  /** Sends `seen`; with `writing`, the answer's write goes there and the outcome is 'ok' (no 'regroup'). */
  private async send(
    seen: StoredEntry,
    wanted: () => boolean,
    writing: Promise<unknown>[] | null,
  ): Promise<SendOutcome> {
    // Requests this change takes if it goes: the upsert, plus a read of Rotor's copy or a search.
    let requests = 1;
    // Sent from the commit of its mark (tx-batch.ts), unless something must be read or searched first.
    let request: Promise<Result<UpsertResult>> | null = null;
    const go = (m: Marked | null): void => {
      if (m && !m.read && !searchesFirst(m.entry)) request = this.upsert(m.entry);
    };
    let marked = await markSending(this.d, this.tx, seen, true, wanted, go);
    if (marked?.read) {
      const { read: row, entry: head } = marked;
      const fail = (e: StoredEntry, error: AppError) => this.fail(e, error, false);
      const next = await readRotorCopy(this.d, head, row, nameOf(row), fail);
      if (next !== 'send') return next;
      requests++;
      marked = await markSending(this.d, this.tx, seen, false, wanted, go);
    }
    if (!marked) return 'stop';
    const { entry } = marked;
    const { accountId } = this.d;
    if (searchesFirst(entry)) {
      const found = await findEarlierAttempt(this.d.db, this.d.api, accountId, entry);
      if (!found.ok) {
        await this.fail(entry, found.error, false);
        return 'stop';
      }
      if (found.customer) {
        await writeSuccess(this.d, this.tx, entry, { adopted: found.customer }, 1);
        this.delivered(1);
        return 'regroup';
      }
      requests++;
    }
    const res = await (request ?? this.upsert(entry));
    if (!res.ok) {
      await this.fail(entry, res.error, true);
      return 'stop';
    }
    const { customer: answer, created } = res.data;
    // A lane's last answer waits for this worker's next mark, to share its transaction (tx-batch.ts).
    const tx: TxRun = writing
      ? { run: (stores, work, after) => this.tx.defer(stores, work, after) }
      : this.tx;
    const written = writeSuccess(this.d, tx, entry, { response: answer }, requests).then((rewritten) => {
      this.delivered(requests);
      if (entry.kind === 'create' && !created)
        this.d.notice({ kind: 'matched_existing', customerId: answer.id, name: nameOf(entry.changes) });
      return rewritten;
    });
    if (!writing) return (await written) ? 'regroup' : 'ok';
    // Kept from being an unhandled rejection until the round awaits it (and rethrows).
    written.catch(() => undefined);
    writing.push(written);
    return 'ok';
  }

  private upsert(entry: StoredEntry): Promise<Result<UpsertResult>> {
    const { accountId } = this.d;
    const customer: CustomerWrite =
      entry.kind === 'update' ? { ...entry.changes, id: entry.customerId } : { ...entry.changes };
    return callRotor(() =>
      this.d.api.customers.upsert({ accountId, customer, idempotencyKey: entry.idempotencyKey }),
    );
  }

  private delivered(requests: number): void {
    this.tally.sent++;
    this.tally.requests += requests;
  }

  private async fail(entry: StoredEntry, error: AppError, wrote: boolean): Promise<void> {
    const pause = await writeFailure(this.d, this.tx, entry, error, wrote);
    if (pause) this.pauses.pause(pause);
  }
}
