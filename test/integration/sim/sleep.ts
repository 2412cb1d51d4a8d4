/**
 * The API client's retry sleep (electron/main/rotor/retry.ts `sleep`) on the simulation's clock.
 * Platform.timers does not reach the API client yet, so sim test files replace the module's `sleep`:
 *
 *   vi.mock(import('../../../electron/main/rotor/retry'), async (original) => {
 *     const retry = await original();
 *     const sim = await import('./sleep');
 *     return { ...retry, sleep: sim.simSleep, backoffDelay: sim.seededBackoff(retry.backoffDelay) };
 *   });
 *
 * Drop this once main passes its timers (and a seeded random) to the client.
 */
type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

let current: Sleep | null = null;
let random: (() => number) | null = null;

/** The world's sleep, and the seeded generator main's retry jitter draws from (else Math.random). */
export function useSleep(sleep: Sleep | null, rng: (() => number) | null = null): void {
  current = sleep;
  random = rng;
}

/**
 * retry.ts `backoffDelay` with the world's seeded generator instead of the client's Math.random, so a
 * run's virtual times replay exactly. Test files mock it together with `sleep`.
 */
export function seededBackoff(original: (retry: number, random: () => number) => number) {
  return (retry: number, fallback: () => number): number => original(retry, random ?? fallback);
}

export const simSleep: Sleep = (ms, signal) => {
  if (!current) return Promise.reject(new Error('simSleep called outside a simulated world'));
  return current(ms, signal);
};

/** A sleep that arms `setTimer` and counts sleepers (a sleeping main call is waiting, not working). */
export function virtualSleep(
  setTimer: (fn: () => void, ms: number) => () => void,
  sleeping: { count: number },
): Sleep {
  return (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      sleeping.count++;
      let done = false;
      const finish = (): boolean => {
        if (done) return false;
        done = true;
        sleeping.count--;
        signal?.removeEventListener('abort', onAbort);
        return true;
      };
      const cancel = setTimer(() => {
        if (finish()) resolve();
      }, ms);
      const onAbort = (): void => {
        cancel();
        if (finish()) reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
}
