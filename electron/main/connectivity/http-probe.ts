/** Below 5 s, so a launch with Rotor unreachable (a silent network, not a refused one) says Offline within 5 s. */
export const PROBE_TIMEOUT_MS = 4_000;

/**
 * Reachability of the API host without the key: any HTTP answer (even 401/404/500) proves the network
 * path works, and a request without `x-api-key` can't count against the key's 1,000-a-day quota.
 * Redirects are not followed: the answer is proof enough, and following could lead anywhere.
 */
export function createHttpProbe(
  baseUrl: () => string,
  fetchImpl: typeof fetch = fetch,
  options: { timeoutMs?: number } = {},
): (signal: AbortSignal) => Promise<boolean> {
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  return async (signal) => {
    let target: string;
    try {
      target = `${new URL(baseUrl()).origin}/`;
    } catch {
      return false;
    }
    try {
      const response = await fetchImpl(target, {
        method: 'HEAD',
        redirect: 'manual',
        cache: 'no-store',
        credentials: 'omit',
        signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
      });
      await response.body?.cancel();
      return true;
    } catch {
      return false;
    }
  };
}
