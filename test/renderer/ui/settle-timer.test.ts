import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SettleTimer } from '$lib/state/settle-timer';

describe('the settle timer', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('settles once, SETTLE after the last of a second of pokes, with one timer set now and then', () => {
    const settled = vi.fn();
    const timer = new SettleTimer(100, settled);
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    // A scroll event every frame for a second.
    for (let t = 0; t < 1_000; t += 16) {
      timer.poke();
      expect(vi.getTimerCount()).toBe(1);
      vi.advanceTimersByTime(16);
    }
    expect(settled).not.toHaveBeenCalled();
    expect(timer.waiting).toBe(true);
    // Set again only when it fired early: every 100 ms or so, not on each of the 63 pokes.
    expect(setTimeoutSpy.mock.calls.length).toBeLessThanOrEqual(12);
    // The last poke was at 992 ms; now is 1,008.
    vi.advanceTimersByTime(83);
    expect(settled).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(settled).toHaveBeenCalledTimes(1);
    expect(timer.waiting).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('settles again after a later poke, and never once cancelled', () => {
    const settled = vi.fn();
    const timer = new SettleTimer(100, settled);
    timer.poke();
    vi.advanceTimersByTime(100);
    timer.poke();
    vi.advanceTimersByTime(100);
    expect(settled).toHaveBeenCalledTimes(2);
    timer.poke();
    timer.cancel();
    vi.advanceTimersByTime(1_000);
    expect(settled).toHaveBeenCalledTimes(2);
    expect(timer.waiting).toBe(false);
  });
});
