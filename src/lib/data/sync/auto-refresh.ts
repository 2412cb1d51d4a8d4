/**
 * When a full refresh runs without being asked. It is due `autoRefreshHours` after the last complete
 * one started, and runs only when the app is online, main says the quota is not exhausted, and the
 * day's remaining budget minus the edit reserve covers its cost.
 *
 * Failures are budgeted: after a failed automatic refresh the next waits 5 min, doubling to 6 h, and
 * after MAX_AUTO_REFRESH_FAILURES_PER_DAY failures in one UTC day none runs until the next day or until
 * the user asks (Sync now clears the budget). The budget is kept in the cache's meta row, so a reload
 * doesn't hand out a fresh one.
 *
 * It wakes on events (connectivity, quota, a refresh finishing, the store opening) and arms a timer only
 * for a due time in the future while nothing blocks it.
 */
import type { QuotaState } from '@contract/state';
import type { RefreshOutcome } from '../types';
import { EDIT_RESERVE, MAX_AUTO_REFRESH_FAILURES_PER_DAY, refreshBackoffMs } from '../budget';
import { Changes } from '../outbox/changes';
import type { AutoRefreshBudget, RotorDb, SyncMeta } from '../db/schema';
import { readMeta } from '../db/schema';
import { WakeSlot } from '../wake';
import type { Schedule } from '../wake';

export interface AutoRefreshDeps {
  db: RotorDb;
  now: () => number;
  quota: () => QuotaState;
  online: () => boolean;
  autoRefreshHours: () => number;
  meta: () => SyncMeta;
  refreshCost: () => number;
  running: () => boolean;
  run: () => Promise<RefreshOutcome>;
  schedule: Schedule;
  commit: (changes: Changes) => void;
}

const HELD_RECHECK_MS = 5 * 60_000;
const NO_FAILURES: AutoRefreshBudget = { failures: 0, day: null, nextAt: null };

export class AutoRefresh {
  private readonly wake: WakeSlot;
  private closed = false;

  constructor(private readonly d: AutoRefreshDeps) {
    this.wake = new WakeSlot(d.schedule, d.now, () => void this.check());
  }

  /** The budget as of now (a failure count from an earlier UTC day no longer counts). */
  budget(): AutoRefreshBudget & { stoppedForToday: boolean } {
    const b = this.d.meta().autoRefresh ?? NO_FAILURES;
    const current = b.day === this.d.quota().resetsAt ? b : { ...NO_FAILURES, nextAt: b.nextAt };
    return { ...current, stoppedForToday: current.failures >= MAX_AUTO_REFRESH_FAILURES_PER_DAY };
  }

  /** Runs a refresh now if one is due and allowed; otherwise arms the timer for when it will be. */
  async check(): Promise<boolean> {
    if (this.closed) return false;
    const due = this.dueAt();
    if (due === null || !this.allowed()) {
      this.wake.clear();
      return false;
    }
    if (due > this.d.now()) {
      this.wake.arm(due);
      return false;
    }
    this.wake.clear();
    await this.d.run();
    return true;
  }

  /** After any refresh: a completed one clears the budget; a failed automatic one spends it. */
  async record(outcome: RefreshOutcome, manual: boolean): Promise<void> {
    if (this.closed || outcome.kind === 'blocked') return; // the unblocking event checks again
    if (outcome.kind === 'held') {
      // Another window refreshes; its meta reaches us by notice. Look again later, not in a loop.
      this.wake.arm(this.d.now() + HELD_RECHECK_MS);
      return;
    }
    if (outcome.kind === 'completed' || manual) await this.write(NO_FAILURES);
    if (outcome.kind === 'failed' && !manual) {
      const b = this.budget();
      const failures = b.failures + 1;
      const nextAt = new Date(this.d.now() + refreshBackoffMs(failures)).toISOString();
      await this.write({ failures, day: this.d.quota().resetsAt, nextAt });
    }
    void this.check();
  }

  close(): void {
    this.closed = true;
    this.wake.clear();
  }

  /** When the next automatic refresh may run, or null while the budget forbids one today. */
  private dueAt(): number | null {
    const b = this.budget();
    if (b.stoppedForToday) return null;
    const last = this.d.meta().lastFullSyncAt;
    const due = last ? Date.parse(last) + this.d.autoRefreshHours() * 3_600_000 : this.d.now();
    return Math.max(due, b.nextAt ? Date.parse(b.nextAt) : 0);
  }

  /** What must hold for it to run at all; each of these changes only with an event that re-checks. */
  private allowed(): boolean {
    if (!this.d.online() || this.d.running()) return false;
    const q = this.d.quota();
    return !q.exhausted && q.remaining - EDIT_RESERVE >= this.d.refreshCost();
  }

  private async write(budget: AutoRefreshBudget): Promise<void> {
    const { db } = this.d;
    const changes = new Changes(db);
    await db.transaction('rw', db.meta, async () => {
      const meta: SyncMeta = { ...(await readMeta(db)), autoRefresh: budget };
      await db.meta.put(meta);
      changes.meta = meta;
    });
    this.d.commit(changes);
  }
}
