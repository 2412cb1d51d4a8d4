/**
 * Which of the list's DOM rows shows which customer. The rows are keyed by slot, not by customer: a
 * customer still in the window keeps its slot, and one leaving gives its slot to one arriving, so
 * the row is filled with the new customer in place instead of being taken down and built again. A
 * jump (every row new) then rebuilds no row, and a wheel notch refills the one or two rows that came
 * into view. Building a row was most of a 4× throttled scroll's frame (bench 2026-12-07).
 */
export class RowSlots {
  #slotOf = new Map<string, number>();
  /** Slots no row holds now (the window was taller before), lowest last. */
  #spare: number[] = [];
  /** Slots ever handed out: the next new one. */
  #made = 0;

  /**
   * The slot of each id, in order: the slot it had when still in the window, else a free one (lowest
   * first), else a new one. The same ids give the same slots, so calling again is harmless.
   */
  assign(ids: readonly string[]): number[] {
    const staying = new Set(ids);
    const free = [...this.#spare];
    for (const [id, slot] of this.#slotOf) if (!staying.has(id)) free.push(slot);
    free.sort((a, b) => b - a);
    const next = new Map<string, number>();
    // Results hold an id once, as the rows keyed by customer required too.
    const slots = ids.map((id) => {
      const slot = this.#slotOf.get(id) ?? free.pop() ?? this.#made++;
      next.set(id, slot);
      return slot;
    });
    this.#slotOf = next;
    this.#spare = free;
    return slots;
  }
}
