import type { CustomerWrite, UpsertResult } from '@contract/customer';

/**
 * Main-side honouring of idempotency keys, since Rotor may ignore the header. A renderer that reloads
 * or crashes mid-replay resends the entries it had in flight; main may still be sending the first
 * attempt. A resend with the same key and the same body shares that attempt's outcome (in flight or
 * recently succeeded) instead of writing again. Failures are forgotten so a retry really retries.
 */
export function createWriteOnce(opts: { now?: () => number; keepMs?: number; max?: number } = {}) {
  const now = opts.now ?? Date.now;
  const keepMs = opts.keepMs ?? 15 * 60_000;
  const max = opts.max ?? 2000;
  const writes = new Map<string, { body: string; result: Promise<UpsertResult>; doneAt: number | null }>();

  function prune(): void {
    const cutoff = now() - keepMs;
    for (const [key, w] of writes) {
      if (w.doneAt !== null && w.doneAt < cutoff) writes.delete(key);
    }
    // Oldest first (Map keeps insertion order); in-flight writes are never dropped.
    for (const [key, w] of writes) {
      if (writes.size <= max) break;
      if (w.doneAt !== null) writes.delete(key);
    }
  }

  return function upsertOnce(
    key: string,
    customer: CustomerWrite,
    send: () => Promise<UpsertResult>,
  ): Promise<UpsertResult> {
    prune();
    const body = JSON.stringify(customer);
    const known = writes.get(key);
    // The same key with another body is a different change reusing a key: send it, never answer stale.
    if (known && known.body === body) return known.result;
    const entry = { body, result: send(), doneAt: null as number | null };
    writes.set(key, entry);
    entry.result.then(
      () => {
        entry.doneAt = now();
      },
      () => {
        if (writes.get(key) === entry) writes.delete(key);
      },
    );
    return entry.result;
  };
}
