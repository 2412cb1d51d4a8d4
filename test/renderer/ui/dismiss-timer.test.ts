import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dismissTimer } from '$lib/components/dismiss-timer';

describe("the toast's countdown", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ends once, after its time, when nobody reads it', () => {
    const onend = vi.fn();
    dismissTimer(6_000, onend);
    vi.advanceTimersByTime(5_999);
    expect(onend).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onend).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60_000);
    expect(onend).toHaveBeenCalledTimes(1);
  });

  it('stops while held, for as long as it is held, and goes on with what was left', () => {
    const onend = vi.fn();
    const timer = dismissTimer(6_000, onend);
    vi.advanceTimersByTime(1_000);
    timer.hold('pointer');
    vi.advanceTimersByTime(60 * 60_000);
    expect(onend).not.toHaveBeenCalled();
    timer.release('pointer');
    vi.advanceTimersByTime(4_999);
    expect(onend).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onend).toHaveBeenCalledTimes(1);
  });

  it('waits for the pointer and the focus both to leave', () => {
    const onend = vi.fn();
    const timer = dismissTimer(6_000, onend);
    timer.hold('pointer');
    timer.hold('focus');
    timer.release('pointer');
    vi.advanceTimersByTime(60_000);
    expect(onend).not.toHaveBeenCalled();
    timer.release('focus');
    vi.advanceTimersByTime(6_000);
    expect(onend).toHaveBeenCalledTimes(1);
  });

  it('gives a moment after leaving, even when its time had nearly run out', () => {
    const onend = vi.fn();
    const timer = dismissTimer(6_000, onend);
    vi.advanceTimersByTime(5_900);
    timer.hold('pointer');
    timer.release('pointer');
    vi.advanceTimersByTime(1_999);
    expect(onend).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onend).toHaveBeenCalledTimes(1);
  });

  it('never ends once cancelled, whatever happens after', () => {
    const onend = vi.fn();
    const timer = dismissTimer(6_000, onend);
    timer.cancel();
    timer.hold('pointer');
    timer.release('pointer');
    vi.advanceTimersByTime(60_000);
    expect(onend).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });
});
