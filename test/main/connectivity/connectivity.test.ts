import { describe, expect, it } from 'vitest';
import type { Connectivity } from '@contract/state';
import {
  createConnectivity,
  FIRST_RETRY_MS,
  MAX_RETRY_MS,
} from '../../../electron/main/connectivity/connectivity';
import type { ConnectivitySignals, SetTimer } from '../../../electron/main/connectivity/connectivity';

/** A clock and scheduler the test advances by hand. */
function fakeTime(start = Date.parse('2025-03-01T12:00:00.000Z')) {
  let time = start;
  const timers: Array<{ at: number; fn: () => void; live: boolean; ms: number }> = [];
  const setTimer: SetTimer = (fn, ms) => {
    const timer = { at: time + ms, fn, live: true, ms };
    timers.push(timer);
    return () => {
      timer.live = false;
    };
  };
  const pending = () => timers.filter((t) => t.live);
  return {
    now: () => time,
    setTimer,
    pending,
    /** Moves to the next live timer and fires it. */
    fireNext() {
      const next = pending().sort((a, b) => a.at - b.at)[0];
      if (!next) throw new Error('no timer pending');
      time = next.at;
      next.live = false;
      next.fn();
      return next.ms;
    },
    iso: (offsetMs: number) => new Date(time + offsetMs).toISOString(),
  };
}

/** A probe whose every call waits for the test to answer it. */
function controlledProbe() {
  const calls: Array<{
    signal: AbortSignal;
    answer: (reachable: boolean) => void;
    fail: (e: Error) => void;
  }> = [];
  const probe = (signal: AbortSignal) =>
    new Promise<boolean>((resolve, reject) => calls.push({ signal, answer: resolve, fail: reject }));
  const last = () => {
    const call = calls.at(-1);
    if (!call) throw new Error('no probe was made');
    return call;
  };
  return { probe, calls, last };
}

function fakeSignals(online = true) {
  const listeners = {
    online: new Set<() => void>(),
    offline: new Set<() => void>(),
    resume: new Set<() => void>(),
  };
  const on = (set: Set<() => void>) => (cb: () => void) => {
    set.add(cb);
    return () => set.delete(cb);
  };
  const signals: ConnectivitySignals = {
    isOnline: () => online,
    onOnline: on(listeners.online),
    onOffline: on(listeners.offline),
    onResume: on(listeners.resume),
  };
  const fire = (name: keyof typeof listeners) => listeners[name].forEach((cb) => cb());
  return { signals, listeners, fire };
}

function setup(extra: { signals?: ConnectivitySignals } = {}) {
  const time = fakeTime();
  const probe = controlledProbe();
  const events: Connectivity[] = [];
  const service = createConnectivity({
    probe: probe.probe,
    now: time.now,
    setTimer: time.setTimer,
    onChange: (c) => events.push(c),
    ...extra,
  });
  return { time, probe, events, service };
}

/** Lets the service see a probe's answer (it awaits the probe). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('createConnectivity', () => {
  it('starts online with nothing scheduled and no event', () => {
    const { service, events, time } = setup();
    expect(service.get()).toEqual({ state: 'online', nextCheckAt: null });
    expect(events).toEqual([]);
    expect(time.pending()).toEqual([]);
  });

  it('goes offline on a network error and schedules a probe 2 s later', () => {
    const { service, events, time } = setup();
    const expectedAt = time.iso(FIRST_RETRY_MS);
    service.report('network-error');
    expect(service.get()).toEqual({ state: 'offline', nextCheckAt: expectedAt });
    expect(events).toEqual([{ state: 'offline', nextCheckAt: expectedAt }]);
    expect(time.pending().map((t) => t.ms)).toEqual([2000]);
  });

  it('emits only on change: repeated reports say nothing new', () => {
    const { service, events } = setup();
    service.report('http-answer');
    service.report('network-error');
    service.report('network-error');
    service.report('http-answer');
    service.report('http-answer');
    expect(events.map((e) => e.state)).toEqual(['offline', 'online']);
  });

  it('goes back online on any HTTP answer, cancelling the retry', () => {
    const { service, events, time } = setup();
    service.report('network-error');
    service.report('http-answer');
    expect(service.get()).toEqual({ state: 'online', nextCheckAt: null });
    expect(events.at(-1)).toEqual({ state: 'online', nextCheckAt: null });
    expect(time.pending()).toEqual([]);
  });

  it('probes with backoff 2, 4, 8 … s capped at 5 min while the host stays unreachable', async () => {
    const { service, probe, time, events } = setup();
    service.report('network-error');
    const delays: number[] = [];
    for (let i = 0; i < 11; i++) {
      delays.push(time.fireNext());
      expect(service.get()).toEqual({ state: 'checking', nextCheckAt: null });
      probe.last().answer(false);
      await settle();
      expect(service.get().state).toBe('offline');
    }
    expect(delays).toEqual([2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300].map((s) => s * 1000));
    expect(MAX_RETRY_MS).toBe(300_000);
    expect(service.get().nextCheckAt).toBe(time.iso(300_000));
    expect(probe.calls).toHaveLength(11);
    // offline, then checking/offline for each probe
    expect(events).toHaveLength(1 + 2 * 11);
  });

  it('goes online when a probe succeeds and restarts the backoff at 2 s', async () => {
    const { service, probe, time, events } = setup();
    service.report('network-error');
    for (let i = 0; i < 3; i++) {
      time.fireNext();
      probe.last().answer(false);
      await settle();
    }
    time.fireNext();
    probe.last().answer(true);
    await settle();
    expect(service.get()).toEqual({ state: 'online', nextCheckAt: null });
    expect(events.at(-1)).toEqual({ state: 'online', nextCheckAt: null });
    expect(time.pending()).toEqual([]);

    service.report('network-error');
    expect(time.pending().map((t) => t.ms)).toEqual([FIRST_RETRY_MS]);
  });

  it('restarts the backoff after a real request gets an answer', async () => {
    const { service, probe, time } = setup();
    service.report('network-error');
    time.fireNext();
    probe.last().answer(false);
    await settle();
    service.report('http-answer');
    service.report('network-error');
    expect(time.pending().map((t) => t.ms)).toEqual([FIRST_RETRY_MS]);
  });

  it('counts a probe that throws as unreachable', async () => {
    const { service, probe, time } = setup();
    service.report('network-error');
    time.fireNext();
    probe.last().fail(new Error('boom'));
    await settle();
    expect(service.get()).toEqual({ state: 'offline', nextCheckAt: time.iso(4000) });
  });

  it('check() probes now and resolves to the result', async () => {
    const { service, probe, time, events } = setup();
    service.report('network-error');
    const checking = service.check();
    expect(service.get()).toEqual({ state: 'checking', nextCheckAt: null });
    expect(time.pending()).toEqual([]);
    probe.last().answer(true);
    expect(await checking).toEqual({ state: 'online', nextCheckAt: null });
    expect(events.map((e) => e.state)).toEqual(['offline', 'checking', 'online']);
  });

  it('check() while a probe runs joins it instead of probing twice', async () => {
    const { service, probe } = setup();
    const first = service.check();
    const second = service.check();
    expect(probe.calls).toHaveLength(1);
    probe.last().answer(false);
    expect(await first).toEqual(await second);
    expect((await first).state).toBe('offline');
  });

  it('an HTTP answer during a probe wins and aborts the probe', async () => {
    const { service, probe, time, events } = setup();
    service.report('network-error');
    time.fireNext();
    const call = probe.last();
    service.report('http-answer');
    expect(call.signal.aborted).toBe(true);
    call.answer(false);
    await settle();
    expect(service.get()).toEqual({ state: 'online', nextCheckAt: null });
    expect(events.at(-1)?.state).toBe('online');
    expect(time.pending()).toEqual([]);
  });

  it('a network error during a probe leaves the decision to the probe', async () => {
    const { service, probe } = setup();
    const checking = service.check();
    service.report('network-error');
    expect(service.get().state).toBe('checking');
    probe.last().answer(true);
    expect((await checking).state).toBe('online');
  });

  describe('with platform signals', () => {
    it('starts offline with a probe scheduled when the OS says so', () => {
      const signals = fakeSignals(false);
      const { service, time, events } = setup({ signals: signals.signals });
      expect(service.get()).toEqual({ state: 'offline', nextCheckAt: time.iso(FIRST_RETRY_MS) });
      expect(events).toEqual([]);
    });

    it('probes at once on resume and restarts the backoff', async () => {
      const signals = fakeSignals();
      const { service, probe, time } = setup({ signals: signals.signals });
      service.report('network-error');
      for (let i = 0; i < 4; i++) {
        time.fireNext();
        probe.last().answer(false);
        await settle();
      }
      expect(time.pending().map((t) => t.ms)).toEqual([32_000]);
      signals.fire('resume');
      expect(probe.calls).toHaveLength(5);
      expect(service.get().state).toBe('checking');
      expect(time.pending()).toEqual([]);
      probe.last().answer(false);
      await settle();
      expect(time.pending().map((t) => t.ms)).toEqual([FIRST_RETRY_MS]);
    });

    it('probes at once when the OS reports the network back', async () => {
      const signals = fakeSignals();
      const { service, probe } = setup({ signals: signals.signals });
      service.report('network-error');
      signals.fire('online');
      expect(probe.calls).toHaveLength(1);
      probe.last().answer(true);
      await settle();
      expect(service.get().state).toBe('online');
    });

    it('goes offline at once when the OS reports the network gone', () => {
      const signals = fakeSignals();
      const { service, events, time } = setup({ signals: signals.signals });
      signals.fire('offline');
      expect(service.get()).toEqual({ state: 'offline', nextCheckAt: time.iso(FIRST_RETRY_MS) });
      signals.fire('offline');
      expect(events).toHaveLength(1);
    });

    it('dispose() unsubscribes, cancels the retry and aborts a running probe', async () => {
      const signals = fakeSignals();
      const { service, probe, time, events } = setup({ signals: signals.signals });
      service.report('network-error');
      time.fireNext();
      const call = probe.last();
      const before = events.length;
      service.dispose();
      expect(call.signal.aborted).toBe(true);
      expect(Object.values(signals.listeners).every((set) => set.size === 0)).toBe(true);
      call.answer(true);
      await settle();
      service.report('http-answer');
      expect(events).toHaveLength(before);
      expect(time.pending()).toEqual([]);
    });
  });

  it('dispose() cancels a scheduled retry', () => {
    const { service, time } = setup();
    service.report('network-error');
    service.dispose();
    expect(time.pending()).toEqual([]);
  });
});
