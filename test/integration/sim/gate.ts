/**
 * What the world needs of a scheduler: hold a bridge call at a gate until released. fast-check's
 * `fc.scheduler()` is one (it picks the order from the run's seed); `FifoGate` releases in arrival
 * order, for scenario tests that only need calls to be in flight while the user acts.
 */
import type { Scheduler } from 'fast-check';

export type Gate = Pick<Scheduler, 'schedule' | 'count' | 'waitNext'>;

export class FifoGate implements Gate {
  private readonly held: { release: () => void; label: string }[] = [];
  readonly released: string[] = [];

  schedule<T>(task: Promise<T>, label = ''): Promise<T> {
    return new Promise<void>((release) => this.held.push({ release, label })).then(() => task);
  }

  count(): number {
    return this.held.length;
  }

  async waitNext(n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      const next = this.held.shift();
      if (!next) return;
      this.released.push(next.label);
      next.release();
      await Promise.resolve();
    }
  }
}
