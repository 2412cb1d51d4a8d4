/**
 * The customer list's multi-selection: a Set of ids (a view may hold 50,000: no DOM, no array per
 * change), the anchor Shift extends from, and how many ids the last search or filter change dropped.
 * Ranges are taken in the current view's order. Reactivity is one version counter, so a toggle costs
 * O(1) however many are selected.
 */
import type { SearchResult } from '$lib/data/types';

export interface PointerMods {
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}

export class ListSelection {
  // A plain Set behind one version counter: a SvelteSet would track each of up to 50,000 ids.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #ids = new Set<string>();
  #version = $state(0);
  /** Where Shift+click and Shift+arrows extend from: the last row clicked or toggled on its own. */
  anchor: string | null = null;
  /** Selected ids the last search or filter change left out of the view, and so unselected. */
  dropped = $state(0);

  #changed(): void {
    this.#version++;
  }

  get count(): number {
    void this.#version;
    return this.#ids.size;
  }

  has(id: string): boolean {
    void this.#version;
    return this.#ids.has(id);
  }

  /** Just this one (a plain click, an arrow key, a customer opened from elsewhere). */
  only(id: string): void {
    if (this.#ids.size === 1 && this.#ids.has(id) && this.anchor === id) return;
    this.#ids.clear();
    this.#ids.add(id);
    this.anchor = id;
    this.dropped = 0;
    this.#changed();
  }

  toggle(id: string): void {
    if (this.#ids.has(id)) this.#ids.delete(id);
    else this.#ids.add(id);
    this.anchor = id;
    this.dropped = 0;
    this.#changed();
  }

  /** The rows from the anchor to `id` in view order; `add` keeps what was selected besides. */
  range(results: SearchResult, id: string, add = false): void {
    const to = results.indexOf(id);
    const from = this.anchor === null ? -1 : results.indexOf(this.anchor);
    if (to < 0) return;
    if (from < 0) {
      this.only(id);
      return;
    }
    if (!add) this.#ids.clear();
    for (const each of results.slice(Math.min(from, to), Math.max(from, to) + 1)) this.#ids.add(each);
    this.dropped = 0;
    this.#changed();
  }

  /** Everything in the view (Ctrl/Cmd+A). */
  all(results: SearchResult): void {
    this.#ids.clear();
    for (const id of results.ids) this.#ids.add(id);
    this.dropped = 0;
    this.#changed();
  }

  clear(): void {
    if (this.#ids.size === 0 && this.dropped === 0) return;
    this.#ids.clear();
    this.anchor = null;
    this.dropped = 0;
    this.#changed();
  }

  /**
   * Unselects what the view no longer holds. `byQuery`: the search or filters changed, so the count
   * says how many went; otherwise the data changed (a customer removed) and nothing is said.
   */
  keepIn(results: SearchResult, byQuery: boolean): void {
    let gone = 0;
    for (const id of this.#ids) {
      if (!results.has(id)) {
        this.#ids.delete(id);
        gone++;
      }
    }
    if (this.anchor !== null && !results.has(this.anchor)) this.anchor = null;
    if (gone === 0) return;
    if (byQuery) this.dropped += gone;
    this.#changed();
  }

  /** A `local:` id became Rotor's: the selection follows the customer. */
  rename(from: string, to: string): void {
    if (this.anchor === from) this.anchor = to;
    if (!this.#ids.delete(from)) return;
    this.#ids.add(to);
    this.#changed();
  }

  /**
   * The click on a row: Ctrl/Cmd toggles, Shift selects the range from the anchor (Ctrl/Cmd+Shift
   * adds it), a plain click selects just that row. Returns whether the row should open (plain click).
   */
  pointer(results: SearchResult, id: string, mods: PointerMods): boolean {
    const add = mods.ctrlKey || mods.metaKey;
    if (mods.shiftKey) this.range(results, id, add);
    else if (add) this.toggle(id);
    else {
      this.only(id);
      return true;
    }
    return false;
  }

  /**
   * The selected ids in the view's order: the hook "Export selection" (and the bulk actions) read.
   * A small selection is sorted by position; a large one is read off the view in one pass.
   */
  inViewOrder(results: SearchResult): string[] {
    void this.#version;
    const ids = this.#ids;
    if (ids.size * 16 < results.total) {
      return [...ids]
        .map((id) => [results.indexOf(id), id] as const)
        .filter(([at]) => at >= 0)
        .sort((a, b) => a[0] - b[0])
        .map(([, id]) => id);
    }
    return results.ids.filter((id) => ids.has(id));
  }
}
