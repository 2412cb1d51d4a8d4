import type { Timers } from '../services/platform';
import type { QuotaLedger } from './ledger';
import { PROBE_INTERVAL_MS } from './ledger';

/** A wake-up is never armed sooner than this, so a due time that did not move cannot make a 0 ms loop. */
export const MIN_WAKE_MS = 1_000;
/**
 * Nor later: timers stop while a laptop sleeps and the wall clock may jump, so main looks at least hourly
 * whether 00:00 UTC has passed.
 */
export const MAX_WAKE_MS = 3_600_000;

export interface QuotaTarget {
  ledger: QuotaLedger;
  /** Sends GET /auth/test with the current key through the ledger's probe slot; null without a key. */
  probe: (() => Promise<void>) | null;
}

export interface QuotaSchedulerOptions {
  timers: Timers;
  now: () => number;
  /** The current key's ledger and probe, read again at every wake-up. */
  target: () => QuotaTarget;
  onError?: (cause: unknown) => void;
}

export interface QuotaScheduler {
  /** Something changed (a request counted, a 429, another key): arm the next wake-up again. */
  refresh(): void;
  dispose(): void;
}

/**
 * Main's own clock for the quota: wakes at 00:00 UTC to roll the ledger over (the ledger then emits the
 * `quota` event), and while the day is exhausted sends one probe an hour, which lifts the pause when Rotor
 * answers it. Nothing here depends on a renderer calling in.
 */
export function createQuotaScheduler(opts: QuotaSchedulerOptions): QuotaScheduler {
  let cancel: (() => void) | null = null;
  let armedFor: number | null = null;
  let arming = false;
  let probing = false;
  let disposed = false;
  /** This scheduler's own last probe: a second line, should the ledger ever report a probe as due again. */
  let lastProbeAt = -Infinity;

  const disarm = (): void => {
    cancel?.();
    cancel = null;
    armedFor = null;
  };

  /** When the next probe is due, or null when none is to be sent. */
  function probeAt(target: QuotaTarget, nextProbeAt: string | null): number | null {
    if (!target.probe || nextProbeAt === null) return null;
    return Math.max(Date.parse(nextProbeAt), lastProbeAt + PROBE_INTERVAL_MS);
  }

  function arm(): void {
    if (disposed || probing || arming) return;
    // Reading the state may roll the day over, whose quota event calls refresh() again: ignored here.
    arming = true;
    try {
      const target = opts.target();
      const state = target.ledger.state();
      const t = opts.now();
      const probe = state.exhausted ? probeAt(target, state.nextProbeAt) : null;
      const due = Math.min(Date.parse(state.resetsAt), probe ?? Infinity);
      const at = Math.min(Math.max(due, t + MIN_WAKE_MS), t + MAX_WAKE_MS);
      // Re-arming on every counted request would only move the same wake-up around: keep one that is not
      // later than wanted, exactly on time or (when the wanted time was clamped) anywhere before it.
      if (cancel && armedFor !== null && armedFor > t && armedFor <= at && (armedFor === at || at !== due))
        return;
      disarm();
      armedFor = at;
      cancel = opts.timers.setTimeout(wake, at - t);
    } catch (cause) {
      opts.onError?.(cause);
    } finally {
      arming = false;
    }
  }

  function wake(): void {
    cancel = null;
    armedFor = null;
    if (disposed) return;
    let send: (() => Promise<void>) | null = null;
    try {
      const target = opts.target();
      const state = target.ledger.state();
      const probe = state.exhausted ? probeAt(target, state.nextProbeAt) : null;
      if (probe !== null && probe <= opts.now()) send = target.probe;
    } catch (cause) {
      opts.onError?.(cause);
    }
    if (!send) {
      arm();
      return;
    }
    probing = true;
    lastProbeAt = opts.now();
    send()
      .catch((cause: unknown) => opts.onError?.(cause))
      .finally(() => {
        probing = false;
        arm();
      });
  }

  arm();

  return {
    refresh: arm,
    dispose() {
      disposed = true;
      disarm();
    },
  };
}
