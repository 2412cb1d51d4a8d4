const DAY_MS = 86_400_000;

/**
 * Per-key daily request counts. Every request with a valid key counts, refused ones included (the
 * docs say every request counts). The day rolls over at 00:00 UTC of the injected clock: Rotor does
 * not document its reset time, so this is the assumption the client is built around too.
 */
export class QuotaBook {
  private readonly used = new Map<string, { day: number; count: number }>();

  constructor(
    private limit: number,
    private readonly now: () => number,
  ) {}

  get dailyLimit(): number {
    return this.limit;
  }

  setLimit(limit: number): void {
    this.limit = limit;
  }

  /** Counts one request for `key`; false when the day's budget was already spent. */
  take(key: string): boolean {
    const day = Math.floor(this.now() / DAY_MS);
    const entry = this.used.get(key);
    const count = entry && entry.day === day ? entry.count + 1 : 1;
    this.used.set(key, { day, count });
    return count <= this.limit;
  }

  /** Counts `count` requests someone else sent with `key` today (a key shared by a team). */
  spend(key: string, count: number): void {
    const day = Math.floor(this.now() / DAY_MS);
    const entry = this.used.get(key);
    this.used.set(key, { day, count: (entry && entry.day === day ? entry.count : 0) + Math.max(0, count) });
  }

  usedToday(key: string): number {
    const entry = this.used.get(key);
    return entry && entry.day === Math.floor(this.now() / DAY_MS) ? entry.count : 0;
  }

  reset(): void {
    this.used.clear();
  }
}
