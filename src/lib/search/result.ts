/**
 * A search's answer as the list reads it: the count, and ids by position on demand. It holds the
 * matching slots in order (one Int32Array, filled by the walk that found them) and turns only the
 * asked-for positions into ids, so a keystroke that matches 50,000 customers makes the ~30 ids the
 * list shows, not 50,000. Where a customer stands (`indexOf`, `has`) comes from a slot → position
 * table built on first ask, then O(1).
 *
 * A result reads the index's id column: it is an answer about the index as it was, to be replaced by
 * a new search when the data changes (the list re-searches on every change).
 */
import type { SearchResult } from '../data/types';

export class SlotResult implements SearchResult {
  readonly total: number;
  #positions: Int32Array | null = null;

  constructor(
    private readonly order: Int32Array,
    private readonly names: readonly string[],
    private readonly slotOf: (id: string) => number | undefined,
    private readonly capacity: number,
  ) {
    this.total = order.length;
  }

  at(i: number): string | undefined {
    const s = this.order[i < 0 ? i + this.total : i];
    return s === undefined ? undefined : this.names[s];
  }

  slice(start: number, end: number = this.total): string[] {
    const from = Math.max(0, start);
    const to = Math.min(this.total, end);
    const out: string[] = [];
    for (let i = from; i < to; i++) out.push(this.names[this.order[i] ?? 0] ?? '');
    return out;
  }

  indexOf(id: string): number {
    const s = this.slotOf(id);
    if (s === undefined) return -1;
    if (!this.#positions) {
      // Position + 1 per slot, so the zero fill means "not in the result".
      const p = new Int32Array(this.capacity);
      for (let i = 0; i < this.total; i++) p[this.order[i] ?? 0] = i + 1;
      this.#positions = p;
    }
    return (this.#positions[s] ?? 0) - 1;
  }

  has(id: string): boolean {
    return this.indexOf(id) >= 0;
  }

  /** Every id, a new array on each read: for tests and callers that need them all, not the list. */
  get ids(): string[] {
    return this.slice(0, this.total);
  }
}

/** A result over a plain list of ids (fakes, and callers that already hold the ids in order). */
export function listResult(list: readonly string[]): SearchResult {
  let positions: Map<string, number> | null = null;
  const indexOf = (id: string): number => (positions ??= new Map(list.map((v, i) => [v, i]))).get(id) ?? -1;
  return {
    total: list.length,
    at: (i) => list.at(i),
    slice: (start, end) => list.slice(start, end),
    indexOf,
    has: (id) => indexOf(id) >= 0,
    get ids() {
      return [...list];
    },
  };
}
