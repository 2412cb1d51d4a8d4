/**
 * Runs the full refresh for the store: one at a time in this window (a second call joins the running
 * one), refused up front when offline or out of quota, and across windows held by the Web Lock
 * `rotor-desk-refresh-<accountId>`. Whatever a refresh that was not refused up front ended in, an
 * unexpected throw included, goes to auto-refresh.ts, whose failure budget keeps the automatic refresh
 * from retrying a broken one without end.
 */
import type { AppError } from '@contract/result';
import type { QuotaState } from '@contract/state';
import type { RefreshOutcome } from '../types';
import type { LockLike } from '../db/locks';

export interface RefreshRunnerDeps {
  accountId: string;
  locks: LockLike;
  online: () => boolean;
  quota: () => QuotaState;
  /** One full sync (sync.ts), run while holding the lock. */
  sync: () => Promise<RefreshOutcome>;
  /** Records the outcome for the automatic refresh's budget. */
  record: (outcome: RefreshOutcome, manual: boolean) => Promise<void>;
  /** Shows why a refresh did not run or stopped (sync reports its own errors through progress). */
  stopped: (error: AppError) => void;
}

export class RefreshRunner {
  private current: Promise<RefreshOutcome> | null = null;

  constructor(private readonly d: RefreshRunnerDeps) {}

  get running(): boolean {
    return this.current !== null;
  }

  run(opts?: { manual?: boolean }): Promise<RefreshOutcome> {
    if (this.current) return this.current;
    const blocked = this.blocked();
    if (blocked) {
      this.d.stopped(blocked);
      return Promise.resolve({ kind: 'blocked', error: blocked });
    }
    const manual = opts?.manual === true;
    const run = (async (): Promise<RefreshOutcome> => {
      let outcome: RefreshOutcome;
      try {
        outcome = await this.d.locks.request(
          `rotor-desk-refresh-${this.d.accountId}`,
          { ifAvailable: true },
          // Another window is refreshing the same cache; its pages reach us through change notices.
          async (granted): Promise<RefreshOutcome> => (granted ? this.d.sync() : { kind: 'held' }),
        );
      } catch {
        const error: AppError = { kind: 'internal', message: 'The refresh stopped unexpectedly.' };
        this.d.stopped(error);
        outcome = { kind: 'failed', error };
      } finally {
        this.current = null;
      }
      await this.d.record(outcome, manual).catch(() => undefined);
      return outcome;
    })();
    this.current = run;
    return run;
  }

  private blocked(): AppError | null {
    if (!this.d.online())
      return { kind: 'network', message: 'Offline: the refresh will run when Rotor is reachable' };
    const q = this.d.quota();
    if (q.exhausted)
      return {
        kind: 'quota',
        message: "Today's Rotor API requests are used up; refresh after the quota resets",
        retryAt: q.resetsAt,
      };
    return null;
  }
}
