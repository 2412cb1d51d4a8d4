/**
 * Replay's own read-write transactions (marking an entry sending, writing Rotor's answer or a failed
 * attempt) that are asked for while one of them is running share the next one: with four lanes, the
 * answers and marks that land together cost one IndexedDB transaction, not one each.
 *
 * - A lane's last answer is deferred (`defer`) until the worker asks to mark its next send, so the two
 *   go together even when nothing else is being written.
 * - Jobs run one after another, in the order asked, so each sees the cache as the jobs before it left
 *   it, exactly as separate transactions would.
 * - A job resolves only after its transaction committed and its changes were applied to memory, so
 *   "marked `sending`, durably, before the request goes" still holds for every entry.
 * - A job's `after` runs synchronously once its transaction committed, before the batch's changes are
 *   applied to memory and anything awaiting it resumes: a send starts there, not behind the
 *   re-render that the commit notifies and the promise hops between here and the lane (issue 12).
 * - A batch that fails is run again one job to a transaction: one job's failure is its own, and the
 *   others are written as if it had never been asked for.
 */
import { Changes } from '../outbox/changes';
import type { RotorDb } from '../db/schema';

/** The tables a job writes or reads: a batch locks only what its jobs need. */
export type TxStores = ReadonlyArray<'customers' | 'outbox' | 'meta' | 'deliveries' | 'imports'>;

/** Where a replay write runs: a TxBatch, or one that defers into it. */
export interface TxRun {
  run<T>(stores: TxStores, work: (changes: Changes) => Promise<T>, after?: (value: T) => void): Promise<T>;
}

interface Job {
  stores: TxStores;
  work: (changes: Changes) => Promise<unknown>;
  after: ((value: unknown) => void) | undefined;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class TxBatch implements TxRun {
  private waiting: Job[] = [];
  private busy = false;

  constructor(
    private readonly db: RotorDb,
    /** Applies a committed batch's changes to memory and notifies once (ReplayDeps.commit). */
    private readonly commit: (...changes: Changes[]) => void,
  ) {}

  /**
   * Runs `work` in the next transaction; resolves with its value once that committed. `after` gets the
   * value as soon as the transaction committed (see above); it must not throw.
   */
  run<T>(stores: TxStores, work: (changes: Changes) => Promise<T>, after?: (value: T) => void): Promise<T> {
    const done = this.defer(stores, work, after);
    this.flush();
    return done;
  }

  /**
   * Queues `work` without starting a transaction for it: it goes with the next `run` (whose caller is
   * about to ask for one, e.g. the mark of the next send) or at the next `flush`.
   */
  defer<T>(stores: TxStores, work: (changes: Changes) => Promise<T>, after?: (value: T) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({
        stores,
        work,
        after: after as ((value: unknown) => void) | undefined,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
    });
  }

  /** Starts writing what is queued, unless a transaction is already running (it takes it next). */
  flush(): void {
    if (!this.busy && this.waiting.length > 0) void this.drain();
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0);
        if (batch.length > 1 && (await this.attempt(batch))) continue;
        for (const job of batch) await this.attempt([job]);
      }
    } finally {
      this.busy = false;
    }
  }

  /** One transaction for `jobs`. False when a batch of several failed (none settled, none written). */
  private async attempt(jobs: readonly Job[]): Promise<boolean> {
    const { db } = this;
    const changes = jobs.map(() => new Changes(db));
    const values: unknown[] = [];
    const tables = [...new Set(jobs.flatMap((job) => job.stores))].map((name) => db.table(name));
    try {
      await db.transaction('rw', tables, async () => {
        for (const [i, job] of jobs.entries()) values.push(await job.work(changes[i] as Changes));
      });
    } catch (error) {
      if (jobs.length > 1) return false;
      jobs[0]?.reject(error);
      return true;
    }
    jobs.forEach((job, i) => job.after?.(values[i]));
    try {
      // All at once: memory is told of the transaction once, so what shows it re-renders once.
      this.commit(...changes);
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return true;
    }
    jobs.forEach((job, i) => job.resolve(values[i]));
    return true;
  }
}
