import { z } from 'zod';
import type { QuotaState } from '@contract/state';
import { quotaFailure } from './failure';
import { nextUtcMidnight, utcDay } from './time';

export const DEFAULT_DAILY_LIMIT = 1000;
const PROBE_INTERVAL_MS = 3_600_000;

const LedgerDataSchema = z.object({
  version: z.literal(1),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  used: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  exhaustedUntil: z.iso.datetime().nullable(),
  lastProbeAt: z.iso.datetime().nullable(),
});
/** What the ledger persists: plain JSON, validated again on load. */
export type LedgerData = z.infer<typeof LedgerDataSchema>;

export interface QuotaLedgerOptions {
  load(): unknown;
  save(data: LedgerData): void;
  now?: () => number;
  dailyLimit?: number;
  onChange?: (state: QuotaState) => void;
  /** A failed save must not stop requests (the count lives on in memory); the caller decides whether to log. */
  onSaveError?: (cause: unknown) => void;
}

export interface QuotaLedger {
  state(): QuotaState;
  /**
   * Call before every request. 'send' normally; while Rotor says the day's budget is spent, 'probe' at most
   * once an hour (the request may learn the budget is back) and otherwise throws AppFailure kind 'quota'.
   */
  admit(): 'send' | 'probe';
  /** Counts one request sent by this app. */
  record(): void;
  /** Rotor answered 429: refuse locally until the next 00:00 UTC, apart from hourly probes. */
  recordExhausted(): void;
  /** A probe succeeded: the budget is back. */
  recordRecovered(): void;
}

interface Ledger {
  day: string;
  used: number;
  exhaustedUntil: number | null;
  /** Last request sent while exhausted (the 429 itself counts), which spaces the probes an hour apart. */
  lastProbeAt: number | null;
}

function fresh(now: number): Ledger {
  return { day: utcDay(now), used: 0, exhaustedUntil: null, lastProbeAt: null };
}

function restore(raw: unknown, now: number): Ledger {
  const parsed = LedgerDataSchema.safeParse(raw);
  if (!parsed.success) return fresh(now);
  const d = parsed.data;
  const exhaustedUntil = d.exhaustedUntil === null ? null : Date.parse(d.exhaustedUntil);
  return {
    day: d.day,
    used: d.used,
    exhaustedUntil,
    // Exhausted without a probe time can only come from a hand-edited file: wait the full hour.
    lastProbeAt: d.lastProbeAt !== null ? Date.parse(d.lastProbeAt) : exhaustedUntil !== null ? now : null,
  };
}

/**
 * Counts this app's requests per UTC day and remembers when Rotor said the budget is spent. The key may be
 * shared, so the count is only this app's share: the ledger never refuses on its own count, only after a 429.
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
  const s = restore(loaded, now());

  const snapshot = (): QuotaState => ({
    usedToday: s.used,
    dailyLimit,
    exhaustedUntil: s.exhaustedUntil === null ? null : new Date(s.exhaustedUntil).toISOString(),
    nextProbeAt:
      s.exhaustedUntil === null
        ? null
        : new Date(Math.min((s.lastProbeAt ?? 0) + PROBE_INTERVAL_MS, s.exhaustedUntil)).toISOString(),
  });

  const commit = (): void => {
    try {
      opts.save({
        version: 1,
        day: s.day,
        used: s.used,
        exhaustedUntil: s.exhaustedUntil === null ? null : new Date(s.exhaustedUntil).toISOString(),
        lastProbeAt: s.lastProbeAt === null ? null : new Date(s.lastProbeAt).toISOString(),
      });
    } catch (cause) {
      opts.onSaveError?.(cause);
    }
    opts.onChange?.(snapshot());
  };

  /** Applies what the passing of time changes; every public method starts here. */
  const roll = (): number => {
    const t = now();
    let changed = false;
    const today = utcDay(t);
    // Only forward: a clock set back a day must not hand out a second budget.
    if (today > s.day) {
      s.day = today;
      s.used = 0;
      changed = true;
    }
    if (s.exhaustedUntil !== null) {
      const reset = nextUtcMidnight(t);
      if (t >= s.exhaustedUntil) {
        s.exhaustedUntil = null;
        s.lastProbeAt = null;
        changed = true;
      } else if (s.exhaustedUntil > reset) {
        // The clock went back: never pause past the next assumed reset.
        s.exhaustedUntil = reset;
        changed = true;
      }
      if (s.lastProbeAt !== null && s.lastProbeAt > t) {
        s.lastProbeAt = t;
        changed = true;
      }
    }
    if (s.exhaustedUntil === null && s.lastProbeAt !== null) {
      s.lastProbeAt = null;
      changed = true;
    }
    if (changed) commit();
    return t;
  };

  roll();

  return {
    state() {
      roll();
      return snapshot();
    },
    admit() {
      const t = roll();
      if (s.exhaustedUntil === null) return 'send';
      if (t >= (s.lastProbeAt ?? 0) + PROBE_INTERVAL_MS) {
        s.lastProbeAt = t;
        commit();
        return 'probe';
      }
      throw quotaFailure(s.exhaustedUntil);
    },
    record() {
      roll();
      s.used += 1;
      commit();
    },
    recordExhausted() {
      const t = roll();
      s.exhaustedUntil = nextUtcMidnight(t);
      s.lastProbeAt = t;
      commit();
    },
    recordRecovered() {
      roll();
      if (s.exhaustedUntil === null) return;
      s.exhaustedUntil = null;
      s.lastProbeAt = null;
      commit();
    },
  };
}
