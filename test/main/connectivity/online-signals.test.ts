import { describe, expect, it, vi } from 'vitest';
import { createOnlineSignals, ONLINE_POLL_MS } from '../../../electron/main/connectivity/online-signals';
import { manualTimers } from '../window/fake-timers';

function setup(initial = true) {
  const timers = manualTimers();
  let online = initial;
  const resumeListeners = new Set<() => void>();
  const created = createOnlineSignals({
    isOnline: () => online,
    onResume: (cb) => {
      resumeListeners.add(cb);
      return () => resumeListeners.delete(cb);
    },
    timers,
  });
  return {
    ...created,
    timers,
    resumeListeners,
    setOnline: (value: boolean) => (online = value),
    resume: () => [...resumeListeners].forEach((cb) => cb()),
  };
}

describe('createOnlineSignals', () => {
  it(`polls net.isOnline every ${ONLINE_POLL_MS / 1000} s`, () => {
    expect(setup().timers.activeIntervals()).toEqual([ONLINE_POLL_MS]);
  });

  it('reports each change once, and nothing while the state holds', () => {
    const s = setup(true);
    const onOnline = vi.fn();
    const onOffline = vi.fn();
    s.signals.onOnline(onOnline);
    s.signals.onOffline(onOffline);
    s.timers.tickIntervals();
    expect(onOffline).not.toHaveBeenCalled();
    s.setOnline(false);
    s.timers.tickIntervals();
    s.timers.tickIntervals();
    expect(onOffline).toHaveBeenCalledTimes(1);
    expect(onOnline).not.toHaveBeenCalled();
    s.setOnline(true);
    s.timers.tickIntervals();
    expect(onOnline).toHaveBeenCalledTimes(1);
  });

  it('checks at once when the machine resumes from sleep', () => {
    const s = setup(true);
    const onOffline = vi.fn();
    s.signals.onOffline(onOffline);
    s.setOnline(false);
    s.resume();
    expect(onOffline).toHaveBeenCalledTimes(1);
  });

  it('passes resume through to subscribers and lets them leave', () => {
    const s = setup();
    const onResume = vi.fn();
    const stop = s.signals.onResume(onResume);
    s.resume();
    stop();
    s.resume();
    expect(onResume).toHaveBeenCalledTimes(1);
  });

  it('stops calling a listener after it unsubscribes, without affecting others', () => {
    const s = setup(true);
    const a = vi.fn();
    const b = vi.fn();
    const stopA = s.signals.onOffline(a);
    s.signals.onOffline(b);
    stopA();
    s.setOnline(false);
    s.poll();
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledTimes(1);
  });

  it('answers isOnline from net.isOnline directly', () => {
    const s = setup(true);
    s.setOnline(false);
    expect(s.signals.isOnline()).toBe(false);
  });

  it('dispose stops the poll and the resume listener', () => {
    const s = setup();
    s.dispose();
    expect(s.timers.activeIntervals()).toEqual([]);
    expect(s.resumeListeners.size).toBe(0);
  });
});
