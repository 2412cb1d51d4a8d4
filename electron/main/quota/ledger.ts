import { z } from 'zod';
import type { QuotaState } from '@contract/state';
import { quotaFailure } from './failure';
import { nextUtcMidnight, utcDay } from './time';

export const DEFAULT_DAILY_LIMIT = 1000;
export const PROBE_INTERVAL_MS = 3_600_000;

const DaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const CountSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const LedgerDataSchema = z.object({
  version: z.literal(2),
  day: DaySchema,
  used: CountSchema,
  exhausted: z.boolean(),
  lastProbeAt: z.iso.datetime().nullable(),
});
/** What the ledger persists: plain JSON, validated again on load. */
export type LedgerData = z.infer<typeof LedgerDataSchema>;

/** The previous format: a 429 stored as the reset time it paused until. */
const LedgerDataV1Schema = z.object({
  version: z.literal(1),
  day: DaySchema,
  used: CountSchema,
  exhaustedUntil: z.iso.datetime().nullable(),
  lastProbeAt: z.iso.datetime().nullable(),
});

export interface QuotaLedgerOptions {
  load(): unknown;
  save(data: LedgerData): void;
  now?: () => number;
  dailyLimit?: number;
  onChange?: (state: QuotaState) => void;
  /** A failed save must not stop requests (the count lives on in memory); the caller decides whether to log. */
  onSaveError?: (cause: unknown) => void;
  /**
   * Runs `flush` a little later; returns what cancels that. A count that exhausts nothing is then saved and told to `onChange` once
   * for a burst of requests instead of once per request (a synchronous file write and an event to every
   * page each); exhaustion, probes and the day rolling over are always saved and told at once. Without
   * it every change is.
   */
  defer?: (flush: () => void) => () => void;
}

export interface QuotaLedger {
  /** Also rolls the day over when 00:00 UTC has passed (and then tells `onChange`). */
  state(): QuotaState;
  /**
   * Call before every request. 'send' normally; while exhausted, 'probe' at most once an hour (the request
   * may learn the budget is back) and otherwise throws AppFailure kind 'quota'.
   */
  admit(): 'send' | 'probe';
  /** Takes the hourly probe slot only: 'probe' while exhausted and due, otherwise null (nothing to send). */
  admitProbe(): 'probe' | null;
  /** Counts one request sent by this app; reaching the daily limit exhausts the day. */
  record(): void;
  /** Rotor answered 429 RATE_LIMIT_EXCEEDED: refuse locally until the next 00:00 UTC, apart from probes. */
  recordExhausted(): void;
  /** A probe succeeded: the budget is back. */
  recordRecovered(): void;
  /** Saves and tells a deferred count now (before the process exits). */
  flush(): void;
}

interface Ledger {
  day: string;
  used: number;
  exhausted: boolean;
  /** Last request sent while exhausted (the one that exhausted it counts), spacing probes an hour apart. */
  lastProbeAt: number | null;
}

function fresh(now: number): Ledger {
  return { day: utcDay(now), used: 0, exhausted: false, lastProbeAt: null };
}

function restore(raw: unknown, now: number, dailyLimit: number): Ledger {
  const current = LedgerDataSchema.safeParse(raw);
  const old = current.success ? null : LedgerDataV1Schema.safeParse(raw);
  const d = current.success
    ? current.data
    : old?.success
      ? {
          ...old.data,
          exhausted: old.data.exhaustedUntil !== null || old.data.used >= dailyLimit,
        }
      : null;
  if (!d) return fresh(now);
  return {
    day: d.day,
    used: d.used,
    exhausted: d.exhausted,
    // Exhausted without a probe time can only come from a hand-edited file: wait the full hour.
    lastProbeAt: d.lastProbeAt !== null ? Date.parse(d.lastProbeAt) : d.exhausted ? now : null,
  };
}

/**
 * Counts this app's requests per UTC day with one key, and decides when the day's budget is spent: after
 * Rotor's 429 RATE_LIMIT_EXCEEDED, or when this app alone sent `dailyLimit` requests (the key may be shared,
 * so Rotor may say so sooner, never later). While spent, requests are refused locally apart from one probe an
 * hour; a successful probe lifts the pause for the rest of the day, and 00:00 UTC starts a new day.
 */
export function createQuotaLedger(opts: QuotaLedgerOptions): QuotaLedger {
  const now = opts.now ?? Date.now;
  const dailyLimit = opts.dailyLimit ?? DEFAULT_DAILY_LIMIT;
  let loaded: unknown;
  try {
    loaded = opts.load();
  } catch {
    loaded = undefined;
  }
  const s = restore(loaded, now(), dailyLimit);
  let created = false;
  /** Cancels the deferred save a count change is waiting for; null when none waits. */
  let pending: (() => void) | null = null;

  const snapshot = (t: number): QuotaState => {
    const reset = nextUtcMidnight(t);
    return {
      usedToday: s.used,
      dailyLimit,
      remaining: s.exhausted ? 0 : Math.max(0, dailyLimit - s.used),
      exhausted: s.exhausted,
      resetsAt: new Date(reset).toISOString(),
      nextProbeAt: s.exhausted
        ? new Date(Math.min((s.lastProbeAt ?? t) + PROBE_INTERVAL_MS, reset)).toISOString()
        : null,
    };
  };

  const commit = (t: number): void => {
    // Whatever waited is in this save.
    pending?.();
    pending = null;
    try {
      opts.save({
        version: 2,
        day: s.day,
        used: s.used,
        exhausted: s.exhausted,
        lastProbeAt: s.lastProbeAt === null ? null : new Date(s.lastProbeAt).toISOString(),
      });
    } catch (cause) {
      opts.onSaveError?.(cause);
    }
    // Nobody can be listening while the ledger is still being created.
    if (created) opts.onChange?.(snapshot(t));
  };

  /** Applies what the passing of time changes; every public method starts here. */
  const roll = (): number => {
    const t = now();
    const today = utcDay(t);
    let changed = false;
    if (today > s.day) {
      Object.assign(s, fresh(t));
      changed = true;
    } else if (today < s.day) {
      // The clock went back: keep the count (no second budget), but end the day at the reset now reported.
      s.day = today;
      changed = true;
    }
    if (s.lastProbeAt !== null && s.lastProbeAt > t) {
      s.lastProbeAt = t;
      changed = true;
    }
    if (changed) commit(t);
    return t;
  };

  const probeDue = (t: number): boolean => s.exhausted && t >= (s.lastProbeAt ?? 0) + PROBE_INTERVAL_MS;

  const takeProbe = (t: number): 'probe' => {
    s.lastProbeAt = t;
    commit(t);
    return 'probe';
  };

  /** Saves the waiting count, after rolling the day over like every public method. */
  function flushPending(): void {
    if (pending) commit(roll());
  }

  roll();
  created = true;

  return {
    state() {
      return snapshot(roll());
    },
    admit() {
      const t = roll();
      if (!s.exhausted) return 'send';
      if (probeDue(t)) return takeProbe(t);
      throw quotaFailure(nextUtcMidnight(t), dailyLimit);
    },
    admitProbe() {
      const t = roll();
      return probeDue(t) ? takeProbe(t) : null;
    },
    record() {
      const t = roll();
      s.used += 1;
      // Only the request that reaches the limit exhausts the day: after a successful probe the pause stays
      // lifted however many more are sent, until Rotor itself says 429.
      if (!s.exhausted && s.used === dailyLimit) {
        s.exhausted = true;
        s.lastProbeAt = t;
      } else if (opts.defer) {
        pending ??= opts.defer(flushPending);
        return;
      }
      commit(t);
    },
    recordExhausted() {
      const t = roll();
      s.exhausted = true;
      s.lastProbeAt = t;
      commit(t);
    },
    recordRecovered() {
      const t = roll();
      if (!s.exhausted) return;
      s.exhausted = false;
      s.lastProbeAt = null;
      commit(t);
    },
    flush: flushPending,
  };
}
