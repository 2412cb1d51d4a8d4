import { describe, expect, it } from 'vitest';
import type { Connectivity } from '@contract/state';
import {
  createConnectivity,
  OFFLINE_CHECK_MS,
  ONLINE_CHECK_MS,
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
    /** Moves the clock without firing anything (a timer due meanwhile fires on the next fireNext). */
    advance(ms: number) {
      time += ms;
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

/** A service past its launch probe, online (the probe answered) or offline (it did not). */
async function started(reachable: boolean, extra: { signals?: ConnectivitySignals } = {}) {
  const t = setup(extra);
  t.probe.last().answer(reachable);
  await settle();
  t.events.length = 0;
  return t;
}

describe('createConnectivity', () => {
  it('starts checking with a probe at once, and says nothing until it answers', () => {
    const { service, events, probe, time } = setup();
    expect(service.get()).toEqual({ state: 'checking', nextCheckAt: null });
    expect(probe.calls).toHaveLength(1);
    expect(events).toEqual([]);
    expect(time.pending()).toEqual([]);
  });

  it('a launch probe that fails goes offline and checks again 2 s later', async () => {
    const { service, events, probe, time } = setup();
    const expectedAt = time.iso(2000);
    probe.last().answer(false);
    await settle();
    expect(service.get()).toEqual({ state: 'offline', nextCheckAt: expectedAt });
    expect(events).toEqual([{ state: 'offline', nextCheckAt: expectedAt }]);
    expect(time.pending().map((t) => t.ms)).toEqual([2000]);
  });

  it('a launch probe that answers goes online and looks again in a minute', async () => {
    const { service, events, probe, time } = setup();
    probe.last().answer(true);
    await settle();
    expect(service.get()).toEqual({ state: 'online', nextCheckAt: null });
    expect(events).toEqual([{ state: 'online', nextCheckAt: null }]);
    expect(time.pending().map((t) => t.ms)).toEqual([ONLINE_CHECK_MS]);
  });

  it('a real answer during the launch probe wins and aborts it', async () => {
    const { service, probe, events } = setup();
    const call = probe.last();
    service.report('http-answer');
    expect(call.signal.aborted).toBe(true);
    call.answer(false);
    await settle();
    expect(service.get().state).toBe('online');
    expect(events.map((e) => e.state)).toEqual(['online']);
  });

  it('a network error during the launch probe leaves the decision to the probe', async () => {
    const { service, probe } = setup();
    service.report('network-error');
    expect(service.get().state).toBe('checking');
    probe.last().answer(true);
    await settle();
    expect(service.get().state).toBe('online');
  });

  it('goes offline on a network error and schedules a probe 2 s later', async () => {
    const { service, events, time } = await started(true);
    const expectedAt = time.iso(2000);
    service.report('network-error');
    expect(service.get()).toEqual({ state: 'offline', nextCheckAt: expectedAt });
    expect(events).toEqual([{ state: 'offline', nextCheckAt: expectedAt }]);
    expect(time.pending().map((t) => t.ms)).toEqual([2000]);
  });

  it('emits only on change: repeated reports say nothing new', async () => {
    const { service, events } = await started(true);
    service.report('http-answer');
    service.report('network-error');
    service.report('network-error');
    service.report('http-answer');
    service.report('http-answer');
    expect(events.map((e) => e.state)).toEqual(['offline', 'online']);
  });

  it('goes back online on any HTTP answer, the offline probe replaced by the minute’s look', async () => {
    const { service, events, time } = await started(true);
    service.report('network-error');
    service.report('http-answer');
    expect(service.get()).toEqual({ state: 'online', nextCheckAt: null });
    expect(events.at(-1)).toEqual({ state: 'online', nextCheckAt: null });
    expect(time.pending().map((t) => t.ms)).toEqual([ONLINE_CHECK_MS]);
  });

  it('probes after 2, 4, 8 s, then every 15 s, staying offline (no flicker) while a probe runs', async () => {
    const { service, probe, time, events } = await started(false);
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      delays.push(time.fireNext());
      expect(service.get().state).toBe('offline');
      probe.last().answer(false);
      await settle();
    }
    expect(delays).toEqual([2000, 4000, 8000, 15000, 15000, 15000]);
    expect(service.get().nextCheckAt).toBe(time.iso(OFFLINE_CHECK_MS));
    // Only the next check time moved: one event per probe, never `checking`.
    expect(events).toHaveLength(6);
    expect(events.every((e) => e.state === 'offline' && e.nextCheckAt !== null)).toBe(true);
  });

  it('online, a minute with a real answer in it makes no probe; a quiet minute makes one', async () => {
    const { service, probe, time } = await started(true);
    const before = probe.calls.length;
    time.advance(30_000);
    service.report('http-answer');
    expect(time.fireNext()).toBe(ONLINE_CHECK_MS);
    expect(probe.calls).toHaveLength(before);
    expect(time.pending().map((t) => t.ms)).toEqual([ONLINE_CHECK_MS]);
    time.fireNext();
    expect(probe.calls).toHaveLength(before + 1);
    expect(service.get().state).toBe('online');
    probe.last().answer(true);
    await settle();
    expect(time.pending().map((t) => t.ms)).toEqual([ONLINE_CHECK_MS]);
  });

  it('online, a failing probe goes offline and starts the ramp at 2 s', async () => {
    const { service, probe, time, events } = await started(true);
    time.fireNext();
    probe.last().answer(false);
    await settle();
    expect(service.get()).toEqual({ state: 'offline', nextCheckAt: time.iso(2000) });
    expect(events.map((e) => e.state)).toEqual(['offline']);
  });

  it('a probe that answers after failures goes online and restarts the ramp', async () => {
    const { service, probe, time } = await started(false);
    for (let i = 0; i < 4; i++) {
      time.fireNext();
      probe.last().answer(false);
      await settle();
    }
    time.fireNext();
    probe.last().answer(true);
    await settle();
    expect(service.get()).toEqual({ state: 'online', nextCheckAt: null });
    service.report('network-error');
    expect(time.pending().map((t) => t.ms)).toEqual([2000]);
  });

  it('counts a probe that throws as unreachable', async () => {
    const { service, probe, time } = await started(false);
    time.fireNext();
    probe.last().fail(new Error('boom'));
    await settle();
    expect(service.get()).toEqual({ state: 'offline', nextCheckAt: time.iso(4000) });
  });

  it('check() probes now and resolves to the result', async () => {
    const { service, probe, time, events } = await started(false);
    const checking = service.check();
    expect(time.pending()).toEqual([]);
    probe.last().answer(true);
    expect(await checking).toEqual({ state: 'online', nextCheckAt: null });
    expect(events.map((e) => e.state)).toEqual(['online']);
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

  it('an HTTP answer during an offline probe wins and aborts the probe', async () => {
    const { service, probe, time, events } = await started(false);
    time.fireNext();
    const call = probe.last();
    service.report('http-answer');
    expect(call.signal.aborted).toBe(true);
    call.answer(false);
    await settle();
    expect(service.get()).toEqual({ state: 'online', nextCheckAt: null });
    expect(events.at(-1)?.state).toBe('online');
    expect(time.pending().map((t) => t.ms)).toEqual([ONLINE_CHECK_MS]);
  });

  describe('with platform signals', () => {
    it('starts offline with a probe scheduled when the OS says so', () => {
      const signals = fakeSignals(false);
      const { service, time, events, probe } = setup({ signals: signals.signals });
      expect(service.get()).toEqual({ state: 'offline', nextCheckAt: time.iso(2000) });
      expect(probe.calls).toHaveLength(0);
      expect(events).toEqual([]);
    });

    it('probes at once on resume and restarts the ramp', async () => {
      const signals = fakeSignals();
      const { service, probe, time } = await started(false, { signals: signals.signals });
      for (let i = 0; i < 4; i++) {
        time.fireNext();
        probe.last().answer(false);
        await settle();
      }
      expect(time.pending().map((t) => t.ms)).toEqual([OFFLINE_CHECK_MS]);
      const calls = probe.calls.length;
      signals.fire('resume');
      expect(probe.calls).toHaveLength(calls + 1);
      expect(time.pending()).toEqual([]);
      probe.last().answer(false);
      await settle();
      expect(service.get().state).toBe('offline');
      expect(time.pending().map((t) => t.ms)).toEqual([2000]);
    });

    it('probes at once on resume while online too (the network may have changed)', async () => {
      const signals = fakeSignals();
      const { service, probe } = await started(true, { signals: signals.signals });
      const calls = probe.calls.length;
      signals.fire('resume');
      expect(probe.calls).toHaveLength(calls + 1);
      expect(service.get().state).toBe('online');
      probe.last().answer(false);
      await settle();
      expect(service.get().state).toBe('offline');
    });

    it('probes at once when the OS reports the network back', async () => {
      const signals = fakeSignals();
      const { service, probe } = await started(false, { signals: signals.signals });
      const calls = probe.calls.length;
      signals.fire('online');
      expect(probe.calls).toHaveLength(calls + 1);
      probe.last().answer(true);
      await settle();
      expect(service.get().state).toBe('online');
    });

    it('goes offline at once when the OS reports the network gone', async () => {
      const signals = fakeSignals();
      const { service, events, time } = await started(true, { signals: signals.signals });
      signals.fire('offline');
      expect(service.get()).toEqual({ state: 'offline', nextCheckAt: time.iso(2000) });
      signals.fire('offline');
      expect(events).toHaveLength(1);
    });

    it('dispose() unsubscribes, cancels the timer and aborts a running probe', async () => {
      const signals = fakeSignals();
      const { service, probe, time, events } = await started(false, { signals: signals.signals });
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

  it('dispose() cancels a scheduled probe', async () => {
    const { service, time } = await started(true);
    service.dispose();
    expect(time.pending()).toEqual([]);
  });
});
