/**
 * Where the customer list is scrolled and which of its rows are in the DOM: the virtual window over
 * the results (virtual.ts), the overscan that waits while a jump settles, whether the list is being
 * skimmed (row-detail.svelte.ts), and the anchor that keeps the row the user looks at in place when the
 * results change under the same query (scroll-anchor.ts).
 */
import type { SearchResult } from '../data/types';
import { anchoredScrollTop, anchorOf } from './scroll-anchor';
import type { ScrollAnchor } from './scroll-anchor';
import { SettleTimer } from './settle-timer';
import { isJump, scrollToReveal, virtualWindow } from './virtual';
import type { WindowRange } from './virtual';

/** Must match --row-h in app.css. */
export const ROW_HEIGHT = 60;
/**
 * Rows beyond each edge for the compositor's scroll-ahead (two rows, 120 px: more than a wheel notch);
 * each costs its layout on a jump, and at 4 the 4× throttled scroll spent most frames over 50 ms.
 */
const OVERSCAN = 2;
const MAX_ROWS = 200;
/**
 * How long the list must be still after a jump before the overscan comes back, after skimming before
 * the rows show their details, and after any scroll before the rows take the pointer again: a jump
 * makes every row new, and at 4× throttled the overscan's third more rows put each jumped frame over
 * 50 ms.
 */
const SETTLE_MS = 100;
/** Before the first layout the height is 0; a typical window's, so the first paint has rows. */
const FIRST_HEIGHT = 800;

/** What the viewport reads and moves of its scrolling element (the listbox). */
export type ScrollBox = Pick<HTMLElement, 'scrollTop' | 'clientHeight' | 'focus'>;

export interface ViewportSource {
  results: () => SearchResult;
  /** The keyboard cursor's index in the results, -1 when none. */
  activeIndex: () => number;
  /** A full refresh is still filling the cache: the top rows are held too (scroll-anchor.ts). */
  filling: () => boolean;
}

export class ListViewport {
  /** The scrolling element, once mounted. */
  element: ScrollBox | undefined = $state();
  /** The element's height, as laid out. */
  height = $state(0);
  #scrollTop = $state(0);
  /** False from a jump until the list has been still for SETTLE_MS: only the rows in view. */
  #overscanOn = $state(true);
  /** Scrolls of half a screen or more since the list was last still for SETTLE_MS. */
  #fastMoves = $state(0);
  /** The user scrolled and the list has not been still for SETTLE_MS since. */
  #moving = $state(false);
  readonly #settle = new SettleTimer(SETTLE_MS, () => {
    this.#overscanOn = true;
    this.#fastMoves = 0;
    this.#moving = false;
  });
  #anchor: ScrollAnchor | null = null;
  #anchored: SearchResult | null = null;

  constructor(private readonly source: ViewportSource) {}

  /** The rows in the DOM for the current scroll position. */
  readonly range: WindowRange = $derived.by(() => this.#window());

  /** Rows a Page Up/Down moves: a screenful less one, so one row stays in sight. */
  get pageRows(): number {
    return Math.max(1, Math.floor((this.height || FIRST_HEIGHT) / ROW_HEIGHT) - 1);
  }

  /**
   * Skimming: a jump, or a second scroll of half a screen or more before the list was still (the
   * scrollbar dragged, a key held, a hard fling), not one Page Down. Rows arriving while skimming show
   * their first line only (row-detail.svelte.ts).
   */
  get skimming(): boolean {
    return this.#fastMoves >= 2;
  }

  /**
   * The user is scrolling the list (the page's own moves do not count). The rows ignore the pointer
   * meanwhile: rows passing under a still pointer each changed the hover, its style and its paint, a
   * tenth of a 4× throttled wheel scroll's main thread (bench, session 38).
   */
  get moving(): boolean {
    return this.#moving;
  }

  /** The result drawn `y` px below the list's top edge, found by position: its row may ignore the pointer. */
  idAt(y: number): string | undefined {
    const index = Math.floor((y + (this.element?.scrollTop ?? 0)) / ROW_HEIGHT);
    return index >= 0 ? this.source.results().at(index) : undefined;
  }

  /** The element scrolled (by the user, or by the page): a jump drops the overscan until it settles. */
  scrolled(): void {
    const top = this.element?.scrollTop ?? 0;
    // The page's own moves set #scrollTop before their scroll event arrives.
    if (top === this.#scrollTop) return this.#record();
    const jump = isJump(this.range, top, this.height, ROW_HEIGHT);
    const fast = Math.abs(top - this.#scrollTop) * 2 >= (this.height || FIRST_HEIGHT);
    if (jump) this.#overscanOn = false;
    // A jump is a skim from its first frame (the scrollbar's thumb dragged): drawing its rows whole
    // made that frame the longest of a 4× throttled drag, 60–100 ms (bench, session 38).
    if (jump) this.#fastMoves = 2;
    else if (fast && this.#fastMoves < 2) this.#fastMoves++;
    this.#moving = true;
    this.#settle.poke();
    this.#scrollTop = top;
    this.#record();
  }

  /** The results (or the cursor) changed: the same query's new results keep the anchored row in place. */
  resultsChanged(next: SearchResult): void {
    const top =
      this.#anchor && this.#anchored !== next ? anchoredScrollTop(this.#anchor, next, ROW_HEIGHT) : null;
    if (this.element && top !== null && top !== this.#scrollTop) {
      this.element.scrollTop = top;
      // The browser keeps it within the content's height.
      this.#scrollTop = this.element.scrollTop;
    }
    this.#record();
  }

  /** Scrolls just enough to bring the cursor's row into view. */
  reveal(): void {
    const el = this.element;
    const index = this.source.activeIndex();
    if (!el || index < 0) return;
    const top = scrollToReveal(index, el.scrollTop, el.clientHeight, ROW_HEIGHT);
    if (top !== null) this.#scrollTop = el.scrollTop = top;
  }

  /** Scrolls the cursor's row into view and holds it there (a customer selected from outside). */
  revealAndHold(): void {
    this.reveal();
    this.#record();
  }

  /**
   * Back to the first result (a new query or sort): the next results are not anchored, and they are
   * not skimmed either, however fast the list moved just before.
   */
  toTop(): void {
    if (this.element) this.element.scrollTop = 0;
    this.#scrollTop = 0;
    this.#anchor = null;
    this.#settle.cancel();
    this.#overscanOn = true;
    this.#fastMoves = 0;
    this.#moving = false;
  }

  dispose(): void {
    this.#settle.cancel();
  }

  #window(): WindowRange {
    return virtualWindow({
      scrollTop: this.#scrollTop,
      viewportHeight: this.height || FIRST_HEIGHT,
      rowHeight: ROW_HEIGHT,
      count: this.source.results().total,
      overscan: this.#overscanOn ? OVERSCAN : 0,
      maxRows: MAX_ROWS,
    });
  }

  /**
   * Remembers the anchor from the scroll position this class keeps, not the element's: reading those
   * right after the rows changed made the browser lay the page out then and again at the next frame,
   * once for every change a sync or a replay made (6% of the renderer's busy time in replay's
   * profile, bench 2026-12-06).
   */
  #record(): void {
    const results = this.source.results();
    this.#anchored = results;
    this.#anchor = this.element
      ? anchorOf(results, {
          scrollTop: this.#scrollTop,
          height: this.height,
          rowHeight: ROW_HEIGHT,
          activeIndex: this.source.activeIndex(),
          holdTop: this.source.filling(),
        })
      : null;
  }
}
