/**
 * Which of the list's rows show their second line (phone, company and city, tags). While the list is
 * skimmed (list-viewport.svelte.ts), a row arriving shows its first line only, and the rows shown whole
 * before stay whole; once the list is still, every row is whole again.
 *
 * The second line is most of a row's cost to lay out: with the CPU throttled 4×, the frames of a
 * scrollbar drag took 50–70 ms with it and ten times fewer went over 50 ms without it (bench
 * 2026-12-07, session 34). Someone skimming reads the names, which stay.
 */
export class RowDetail {
  #whole: ReadonlySet<string> = new Set();

  /** The ids of `visible` shown whole. The same arguments give the same answer, so calling again is harmless. */
  whole(visible: readonly string[], skimming: boolean): ReadonlySet<string> {
    const before = this.#whole;
    this.#whole = new Set(skimming ? visible.filter((id) => before.has(id)) : visible);
    return this.#whole;
  }
}
