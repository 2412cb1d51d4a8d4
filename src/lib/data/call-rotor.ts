import type { Result } from '@contract/result';

/**
 * Calls window.rotor. Its methods answer with data, but the bridge itself can fail (window closing,
 * host gone); that is treated like a lost connection, so the outbox backs off instead of failing.
 */
export async function callRotor<T>(fn: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await fn();
  } catch (e) {
    return {
      ok: false,
      error: { kind: 'network', message: e instanceof Error ? e.message : 'Request failed' },
    };
  }
}
