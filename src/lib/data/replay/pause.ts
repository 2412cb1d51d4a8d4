/**
 * Why the queue may not send (a quota, key or account pause), and when a pause lifts. A key or account
 * pause lifts only when the key is fixed or back (`liftKeyPause`). A quota pause seen in main's quota
 * state lifts when that state clears; one from a refused request lifts on main's next quota event,
 * never merely because the state it had looked fine (it may not have caught up yet).
 */
import type { QuotaState } from '@contract/state';
import type { PausedReason } from '../types';

/** The quota pause, with when it lifts by itself: main's `QuotaState.resetsAt`. */
export function quotaPause(resetsAt: string): PausedReason {
  const message = "Today's Rotor API requests are used up; changes will be sent when the quota resets.";
  return { kind: 'quota', message, retryAt: resetsAt };
}

export class ReplayPause {
  private reason: PausedReason | null = null;
  private from: 'state' | 'error' = 'state';
  /** Main's quota state when a refused request paused the queue: a newer one may lift it. */
  private quotaAtPause: QuotaState | null = null;

  constructor(
    private readonly quota: () => QuotaState,
    private readonly changed: () => void,
  ) {}

  get current(): PausedReason | null {
    return this.reason;
  }

  /** True when nothing pauses the queue; sets or lifts the quota pause from main's quota state. */
  allows(): boolean {
    const q = this.quota();
    if (q.exhausted) {
      if (this.reason?.kind !== 'quota' || this.reason.retryAt !== q.resetsAt) {
        this.from = 'state';
        this.set(quotaPause(q.resetsAt));
      }
      return false;
    }
    if (this.reason?.kind === 'quota' && (this.from === 'state' || q !== this.quotaAtPause)) this.set(null);
    return this.reason === null;
  }

  /** A failed request's pause (attempt-failure.ts). */
  pause(reason: PausedReason): void {
    if (reason.kind === 'quota') {
      this.from = 'error';
      this.quotaAtPause = this.quota();
    }
    this.set(reason);
  }

  /** The key was fixed or is back. */
  liftKeyPause(): void {
    if (this.reason && this.reason.kind !== 'quota') this.set(null);
  }

  /** Main's quota news: true when it lifted a quota pause (the budget is back). */
  quotaChanged(): boolean {
    const lifted = this.reason?.kind === 'quota' && !this.quota().exhausted;
    if (lifted) this.set(null);
    return lifted;
  }

  private set(reason: PausedReason | null): void {
    this.reason = reason;
    this.changed();
  }
}
