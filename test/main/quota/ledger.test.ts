import { describe, expect, it } from 'vitest';
import { AppFailure } from '@contract/result';
import type { QuotaState } from '@contract/state';
import { createQuotaLedger } from '../../../electron/main/quota/ledger';
import type { LedgerData, QuotaLedgerOptions } from '../../../electron/main/quota/ledger';
import { formatUtcMinute, nextUtcMidnight, utcDay } from '../../../electron/main/quota/time';

const HOUR = 3_600_000;
const T0 = Date.parse('2024-06-11T15:30:00.000Z');
const MIDNIGHT = Date.parse('2024-06-12T00:00:00.000Z');

function setup(over: Partial<QuotaLedgerOptions> & { stored?: unknown } = {}) {
  const clock = { t: T0 };
  let stored: unknown = over.stored;
  const saves: LedgerData[] = [];
  const changes: QuotaState[] = [];
  const ledger = createQuotaLedger({
    load: () => stored,
    save: (d) => {
      saves.push(d);
      stored = JSON.parse(JSON.stringify(d));
    },
    now: () => clock.t,
    onChange: (s) => changes.push(s),
    ...over,
  });
  return { ledger, clock, saves, changes, stored: () => stored };
}

const RESET = new Date(MIDNIGHT).toISOString();
const FRESH: QuotaState = {
  usedToday: 0,
  dailyLimit: 1000,
  remaining: 1000,
  exhausted: false,
  resetsAt: RESET,
  nextProbeAt: null,
};

function refusal(fn: () => unknown): AppFailure {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppFailure) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('time helpers', () => {
  it('finds the next UTC midnight, strictly after the instant', () => {
    expect(nextUtcMidnight(T0)).toBe(MIDNIGHT);
    expect(nextUtcMidnight(MIDNIGHT)).toBe(MIDNIGHT + 24 * HOUR);
    expect(nextUtcMidnight(MIDNIGHT - 1)).toBe(MIDNIGHT);
    expect(utcDay(MIDNIGHT - 1)).toBe('2024-06-11');
    expect(formatUtcMinute(MIDNIGHT)).toBe('2024-06-12 00:00 UTC');
  });
});

describe('quota ledger', () => {
  it('starts fresh with the documented limit and counts every recorded request', () => {
    const { ledger, changes } = setup();
    expect(ledger.state()).toEqual(FRESH);
    ledger.record();
    ledger.record();
    ledger.record();
    expect(ledger.state()).toMatchObject({ usedToday: 3, remaining: 997, exhausted: false });
    expect(changes.map((c) => c.usedToday)).toEqual([1, 2, 3]);
  });

  it('takes a custom daily limit', () => {
    expect(setup({ dailyLimit: 250 }).ledger.state().dailyLimit).toBe(250);
  });

  it('persists and restores the count (round trip through save/load)', () => {
    const first = setup();
    first.ledger.record();
    first.ledger.record();
    expect(first.saves.at(-1)).toEqual({
      version: 2,
      day: '2024-06-11',
      used: 2,
      exhausted: false,
      lastProbeAt: null,
    });
    const second = setup({ stored: first.stored() });
    expect(second.ledger.state().usedToday).toBe(2);
    second.ledger.record();
    expect(second.ledger.state().usedToday).toBe(3);
  });

  it('persists exhaustion, so a restart keeps refusing', () => {
    const first = setup();
    first.ledger.recordExhausted();
    const second = setup({ stored: first.stored() });
    second.clock.t = T0 + 10 * 60_000;
    expect(second.ledger.state()).toMatchObject({ exhausted: true, remaining: 0, resetsAt: RESET });
    expect(refusal(() => second.ledger.admit()).error.kind).toBe('quota');
  });

  it('resets the count at 00:00 UTC and tells listeners', () => {
    const { ledger, clock, changes } = setup();
    ledger.record();
    ledger.record();
    clock.t = MIDNIGHT - 1;
    expect(ledger.state()).toMatchObject({ usedToday: 2, resetsAt: RESET });
    clock.t = MIDNIGHT;
    expect(ledger.state()).toMatchObject({
      usedToday: 0,
      remaining: 1000,
      resetsAt: new Date(MIDNIGHT + 24 * HOUR).toISOString(),
    });
    expect(changes.at(-1)?.usedToday).toBe(0);
    ledger.record();
    expect(ledger.state().usedToday).toBe(1);
  });

  it('resets a count loaded from an earlier day', () => {
    const { ledger, saves } = setup({
      stored: { version: 2, day: '2024-06-10', used: 900, exhausted: true, lastProbeAt: null },
    });
    expect(ledger.state()).toEqual(FRESH);
    expect(saves.at(-1)?.day).toBe('2024-06-11');
  });

  it('does not hand out a new day when the clock goes back', () => {
    const { ledger, clock } = setup();
    ledger.record();
    clock.t = T0 - 24 * HOUR;
    expect(ledger.state().usedToday).toBe(1);
    // The day ends at the reset it now reports, not a day later.
    clock.t = MIDNIGHT - 24 * HOUR;
    expect(ledger.state().usedToday).toBe(0);
  });

  it('exhausts the day when its own count reaches the limit, and refuses like after a 429', () => {
    const { ledger, clock, changes } = setup({ dailyLimit: 3 });
    for (let i = 0; i < 3; i++) {
      expect(ledger.admit()).toBe('send');
      ledger.record();
    }
    expect(ledger.state()).toEqual({
      usedToday: 3,
      dailyLimit: 3,
      remaining: 0,
      exhausted: true,
      resetsAt: RESET,
      nextProbeAt: new Date(T0 + HOUR).toISOString(),
    });
    expect(changes.at(-1)?.exhausted).toBe(true);
    clock.t = T0 + HOUR - 1;
    expect(refusal(() => ledger.admit()).error).toMatchObject({ kind: 'quota', retryAt: RESET });
    clock.t = T0 + HOUR;
    expect(ledger.admit()).toBe('probe');
  });

  it('a successful probe lifts a pause of its own count for the rest of the day', () => {
    const { ledger, clock } = setup({ dailyLimit: 2 });
    ledger.record();
    ledger.record();
    clock.t = T0 + HOUR;
    expect(ledger.admit()).toBe('probe');
    ledger.record();
    ledger.recordRecovered();
    expect(ledger.state()).toMatchObject({ usedToday: 3, remaining: 0, exhausted: false, nextProbeAt: null });
    for (let i = 0; i < 3; i++) {
      expect(ledger.admit()).toBe('send');
      ledger.record();
    }
    expect(ledger.state().exhausted).toBe(false);
    // Until Rotor itself says the day is spent.
    ledger.recordExhausted();
    expect(ledger.state().exhausted).toBe(true);
  });

  it('remaining never goes below 0', () => {
    const { ledger } = setup({
      dailyLimit: 5,
      stored: { version: 2, day: '2024-06-11', used: 9, exhausted: false, lastProbeAt: null },
    });
    expect(ledger.state()).toMatchObject({ usedToday: 9, remaining: 0, exhausted: false });
  });

  it('takes the probe slot alone only while exhausted and due (main’s own hourly probe)', () => {
    const { ledger, clock } = setup();
    expect(ledger.admitProbe()).toBeNull();
    ledger.recordExhausted();
    clock.t = T0 + HOUR - 1;
    expect(ledger.admitProbe()).toBeNull();
    clock.t = T0 + HOUR;
    expect(ledger.admitProbe()).toBe('probe');
    expect(ledger.admitProbe()).toBeNull();
    expect(refusal(() => ledger.admit()).error.kind).toBe('quota');
    expect(ledger.state().nextProbeAt).toBe(new Date(T0 + 2 * HOUR).toISOString());
  });

  it('reads the previous file format', () => {
    const exhausted = setup({
      stored: {
        version: 1,
        day: '2024-06-11',
        used: 40,
        exhaustedUntil: RESET,
        lastProbeAt: new Date(T0 - 10 * 60_000).toISOString(),
      },
    });
    expect(exhausted.ledger.state()).toMatchObject({
      usedToday: 40,
      exhausted: true,
      nextProbeAt: new Date(T0 + 50 * 60_000).toISOString(),
    });
    const counting = setup({
      stored: { version: 1, day: '2024-06-11', used: 40, exhaustedUntil: null, lastProbeAt: null },
    });
    expect(counting.ledger.state()).toMatchObject({ usedToday: 40, remaining: 960, exhausted: false });
  });

  it('after a 429 refuses locally until 00:00 UTC with a retryAt and an honest message', () => {
    const { ledger, clock, changes } = setup();
    ledger.recordExhausted();
    expect(ledger.state()).toEqual({
      ...FRESH,
      remaining: 0,
      exhausted: true,
      nextProbeAt: new Date(T0 + HOUR).toISOString(),
    });
    expect(changes.at(-1)?.exhausted).toBe(true);
    clock.t = T0 + 59 * 60_000;
    const failure = refusal(() => ledger.admit());
    expect(failure.error).toMatchObject({
      kind: 'quota',
      retryable: false,
      retryAt: '2024-06-12T00:00:00.000Z',
    });
    expect(failure.error.message).toContain('2024-06-12 00:00 UTC');
    expect(failure.error.message).toMatch(/assumes 00:00 UTC/);
  });

  it('allows exactly one probe per hour while exhausted', () => {
    const { ledger, clock } = setup();
    ledger.recordExhausted();
    const admitted: string[] = [];
    // Every minute for three hours; the first probe is due an hour after the 429.
    for (let minute = 1; minute <= 180; minute++) {
      clock.t = T0 + minute * 60_000;
      try {
        admitted.push(`${minute}:${ledger.admit()}`);
      } catch (e) {
        if (!(e instanceof AppFailure)) throw e;
      }
    }
    expect(admitted).toEqual(['60:probe', '120:probe', '180:probe']);
  });

  it('spaces probes from the last one, and a failed probe (429 again) restarts the hour', () => {
    const { ledger, clock } = setup();
    ledger.recordExhausted();
    clock.t = T0 + HOUR + 5 * 60_000;
    expect(ledger.admit()).toBe('probe');
    expect(ledger.state().nextProbeAt).toBe(new Date(clock.t + HOUR).toISOString());
    clock.t += 10 * 60_000;
    ledger.recordExhausted();
    clock.t += HOUR - 1;
    expect(refusal(() => ledger.admit()).error.kind).toBe('quota');
    clock.t += 1;
    expect(ledger.admit()).toBe('probe');
  });

  it('never reports a probe time later than the reset', () => {
    const { ledger, clock } = setup();
    clock.t = MIDNIGHT - 10 * 60_000;
    ledger.recordExhausted();
    expect(ledger.state().nextProbeAt).toBe(new Date(MIDNIGHT).toISOString());
  });

  it('a successful probe clears the exhaustion', () => {
    const { ledger, clock, changes } = setup();
    ledger.recordExhausted();
    clock.t = T0 + HOUR;
    expect(ledger.admit()).toBe('probe');
    ledger.record();
    ledger.recordRecovered();
    expect(ledger.state()).toMatchObject({
      exhausted: false,
      nextProbeAt: null,
      usedToday: 1,
      remaining: 999,
    });
    expect(changes.at(-1)?.exhausted).toBe(false);
    expect(ledger.admit()).toBe('send');
    expect(ledger.admit()).toBe('send');
  });

  it('recordRecovered while not exhausted changes nothing', () => {
    const { ledger, changes } = setup();
    ledger.recordRecovered();
    expect(changes).toEqual([]);
  });

  it('clears exhaustion at the next 00:00 UTC', () => {
    const { ledger, clock } = setup();
    ledger.record();
    ledger.recordExhausted();
    clock.t = MIDNIGHT;
    expect(ledger.admit()).toBe('send');
    expect(ledger.state()).toEqual({ ...FRESH, resetsAt: new Date(MIDNIGHT + 24 * HOUR).toISOString() });
  });

  it('does not pause past the next midnight when the clock went back', () => {
    const { ledger, clock } = setup();
    ledger.recordExhausted();
    clock.t = T0 - 2 * 24 * HOUR;
    const reset = nextUtcMidnight(clock.t);
    expect(ledger.state()).toMatchObject({ exhausted: true, resetsAt: new Date(reset).toISOString() });
    clock.t = reset;
    expect(ledger.state().exhausted).toBe(false);
  });

  it.each([
    ['undefined', undefined],
    ['a string', 'garbage'],
    ['an array', [1, 2]],
    ['a negative count', { version: 2, day: '2024-06-11', used: -4, exhausted: false, lastProbeAt: null }],
    ['a bad date', { version: 2, day: '2024-06-11', used: 4, exhausted: true, lastProbeAt: 'soon' }],
    ['a v1 bad date', { version: 1, day: '2024-06-11', used: 4, exhaustedUntil: 'soon', lastProbeAt: null }],
    ['another version', { version: 3, day: '2024-06-11', used: 4, exhausted: true, lastProbeAt: null }],
    ['a fractional count', { version: 2, day: '2024-06-11', used: 1.5, exhausted: false, lastProbeAt: null }],
    [
      'a flag that is not one',
      { version: 2, day: '2024-06-11', used: 4, exhausted: 'yes', lastProbeAt: null },
    ],
  ])('starts fresh from corrupted data (%s)', (_name, stored) => {
    const { ledger } = setup({ stored });
    expect(ledger.state()).toEqual(FRESH);
    expect(ledger.admit()).toBe('send');
  });

  it('starts fresh when load throws', () => {
    const { ledger } = setup({
      load: () => {
        throw new Error('disk on fire');
      },
    });
    expect(ledger.state().usedToday).toBe(0);
  });

  it('keeps counting in memory when save fails, and reports the failure', () => {
    const errors: unknown[] = [];
    const { ledger } = setup({
      save: () => {
        throw new Error('read-only');
      },
      onSaveError: (e) => errors.push(e),
    });
    ledger.record();
    ledger.record();
    expect(ledger.state().usedToday).toBe(2);
    expect(errors).toHaveLength(2);
  });

  describe('with a deferred save (main: a burst of requests is saved and told once)', () => {
    function deferred(over: Partial<QuotaLedgerOptions> = {}) {
      const waiting: (() => void)[] = [];
      let cancelled = 0;
      const t = setup({
        defer: (flush) => {
          waiting.push(flush);
          return () => void cancelled++;
        },
        ...over,
      });
      return { ...t, waiting, cancelled: () => cancelled };
    }

    it('saves and tells a burst of counted requests once, when the deferred flush runs', () => {
      const { ledger, saves, changes, waiting } = deferred();
      const before = saves.length;
      for (let i = 0; i < 5; i++) ledger.record();
      // Counted in memory at once: admission and quota.get see it.
      expect(ledger.state().usedToday).toBe(5);
      expect(saves).toHaveLength(before);
      expect(changes).toHaveLength(0);
      expect(waiting).toHaveLength(1);
      waiting[0]?.();
      expect(saves.slice(before)).toEqual([expect.objectContaining({ used: 5 })]);
      expect(changes).toEqual([expect.objectContaining({ usedToday: 5 })]);
      // Nothing waits any more: a second run of the same flush changes nothing.
      waiting[0]?.();
      expect(saves).toHaveLength(before + 1);
    });

    it('saves and tells exhaustion at once, with the counts that waited, and drops the deferred save', () => {
      const { ledger, saves, changes, waiting, cancelled } = deferred({ dailyLimit: 3 });
      ledger.record();
      ledger.record();
      ledger.record();
      expect(saves.at(-1)).toMatchObject({ used: 3, exhausted: true });
      expect(changes.at(-1)).toMatchObject({ usedToday: 3, exhausted: true, remaining: 0 });
      expect(cancelled()).toBe(1);
      const count = saves.length;
      waiting[0]?.();
      expect(saves).toHaveLength(count);
    });

    it('a 429 is saved at once whatever waits', () => {
      const { ledger, saves } = deferred();
      ledger.record();
      ledger.recordExhausted();
      expect(saves.at(-1)).toMatchObject({ used: 1, exhausted: true });
    });

    it('flush() saves what waits now (main is closing), and a restart restores it', () => {
      const { ledger, saves, stored } = deferred();
      ledger.record();
      ledger.record();
      ledger.flush();
      expect(saves.at(-1)).toMatchObject({ used: 2 });
      expect(setup({ stored: stored() }).ledger.state().usedToday).toBe(2);
    });
  });
});
