import { describe, expect, it, vi } from 'vitest';
import { createQuitGuard, DISPOSE_TIMEOUT_MS } from '../../../electron/main/app/quit-guard';
import type { Logger } from '../../../electron/main/log/logger';

function setup(dispose: () => Promise<void>) {
  let timer: (() => void) | null = null;
  let timerMs = 0;
  let quitted!: () => void;
  const quitCalled = new Promise<void>((resolve) => (quitted = resolve));
  const quit = vi.fn(() => quitted());
  const log: Logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const guard = createQuitGuard({
    dispose: vi.fn(dispose),
    quit,
    log,
    setTimer: (cb, ms) => {
      timer = cb;
      timerMs = ms;
    },
  });
  const fire = (g = guard) => {
    const event = { preventDefault: vi.fn() };
    g(event);
    return event.preventDefault.mock.calls.length > 0;
  };
  return { guard, quit, quitCalled, log, fire, fireTimer: () => timer?.(), timerMs: () => timerMs };
}

describe('createQuitGuard', () => {
  it('holds the quit until dispose finishes, then quits for real', async () => {
    let finish!: () => void;
    const s = setup(() => new Promise<void>((resolve) => (finish = resolve)));
    expect(s.fire()).toBe(true);
    expect(s.quit).not.toHaveBeenCalled();
    expect(s.fire()).toBe(true);
    finish();
    await s.quitCalled;
    expect(s.quit).toHaveBeenCalledTimes(1);
    expect(s.fire()).toBe(false);
  });

  it('disposes once, however many quit requests arrive', async () => {
    const dispose = vi.fn(async () => {});
    const s = setup(dispose);
    s.fire();
    s.fire();
    await s.quitCalled;
    expect(dispose).toHaveBeenCalledTimes(1);
  });

  it('still quits when dispose fails, and logs why', async () => {
    const s = setup(async () => {
      throw new Error('ledger locked');
    });
    s.fire();
    await s.quitCalled;
    expect(s.log.error).toHaveBeenCalledWith('shutdown failed', expect.any(Error));
  });

  it('quits after the timeout when dispose hangs', async () => {
    const s = setup(() => new Promise<void>(() => {}));
    s.fire();
    expect(s.timerMs()).toBe(DISPOSE_TIMEOUT_MS);
    s.fireTimer();
    await s.quitCalled;
    expect(s.log.warn).toHaveBeenCalledTimes(1);
  });

  it('does not warn about a timeout after a clean shutdown', async () => {
    const s = setup(async () => {});
    s.fire();
    await s.quitCalled;
    s.fireTimer();
    expect(s.log.warn).not.toHaveBeenCalled();
    expect(s.quit).toHaveBeenCalledTimes(1);
  });
});

describe('createQuitGuard with a dispose that throws synchronously', () => {
  it('still quits', async () => {
    const s = setup(() => {
      throw new Error('not a promise');
    });
    s.fire();
    await s.quitCalled;
    expect(s.log.error).toHaveBeenCalledTimes(1);
  });
});
