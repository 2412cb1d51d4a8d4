/**
 * The toast's countdown, which stops while the person is reading it (pointer over it, focus in it)
 * and goes on with what was left once they leave, never less than a moment: a message never vanishes
 * from under the pointer, nor the instant it leaves.
 */
import type { Tone } from '../state/notify';

const AFTER_LEAVING_MS = 2_000;

/** How long a toast shows: long enough to read twice; errors longer, as they usually ask for an action. */
export function shownMs(tone: Tone): number {
  return tone === 'error' ? 12_000 : 6_000;
}

export interface DismissTimer {
  /** Stops the countdown; a second hold while held counts once (pointer and focus both inside). */
  hold(reason: 'pointer' | 'focus'): void;
  /** Lets the countdown go on once no reason to hold is left. */
  release(reason: 'pointer' | 'focus'): void;
  cancel(): void;
}

export function dismissTimer(ms: number, onend: () => void): DismissTimer {
  const holds = new Set<'pointer' | 'focus'>();
  let left = ms;
  let startedAt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let done = false;

  const run = (): void => {
    startedAt = Date.now();
    timer = setTimeout(() => {
      timer = null;
      done = true;
      onend();
    }, left);
  };
  const stop = (): void => {
    if (timer === null) return;
    clearTimeout(timer);
    timer = null;
    left = Math.max(0, left - (Date.now() - startedAt));
  };

  run();
  return {
    hold(reason) {
      holds.add(reason);
      stop();
    },
    release(reason) {
      holds.delete(reason);
      if (done || holds.size > 0 || timer !== null) return;
      left = Math.max(left, AFTER_LEAVING_MS);
      run();
    },
    cancel() {
      done = true;
      stop();
    },
  };
}
