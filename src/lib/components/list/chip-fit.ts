/**
 * How many of a one-line chip box's chips are shown whole. The box wraps and shows only its first
 * line, so a chip is either whole or on a hidden line; one that had to shrink to fit alone (an
 * ellipsis) counts as not fitting, and from there on the "+N" tells the rest.
 *
 * The box is measured at the width the row's flex layout gives it, then narrowed to the chips that
 * fit, so the space a hidden chip would have taken goes back to the company and city beside it.
 *
 * Scrolling mounts a screenful of rows per frame, so the rows never measure one by one: a row asks,
 * and every box asked for in the same turn is measured together, in three passes (widen all, read
 * all, narrow all), which costs the page one layout instead of one per row. One Range serves every
 * text measure: each live Range is updated on every DOM insertion and removal in the document, so a
 * Range per measure (kept until garbage collection) made each row mounted slower than the last.
 *
 * While the list scrolls, rows come and go every frame and most are gone before anyone reads them:
 * measuring each screenful forced a layout per frame (half the frame on a slow CPU, 4× throttled).
 * So rows mounted while it scrolls wait, chips cut at the box's edge and no "+N" yet, and are fitted
 * together once the list has been still for SETTLE_MS.
 */
import { SettleTimer } from '$lib/state/settle-timer';

export type OnFit = (shown: number) => void;

/** How long the list must be still before the rows it mounted while scrolling are fitted. */
export const SETTLE_MS = 120;

let range: Range | null = null;
const pending = new Map<HTMLElement, OnFit>();
let flushQueued = false;
let frame = 0;
/** Waiting while the list scrolls. */
const settle = new SettleTimer(SETTLE_MS, flushChipFits);

/** Whether the text is wider than its box, to the fraction of a pixel that already costs an ellipsis. */
function overflows(label: HTMLElement): boolean {
  range ??= document.createRange();
  range.selectNodeContents(label);
  return range.getBoundingClientRect().width > label.getBoundingClientRect().width + 0.01;
}

/** Read pass: the chips on the first line shown whole, and the width they take. */
function measure(box: HTMLElement): { shown: number; chips: number; width: number } {
  const chips = Array.from(box.children) as HTMLElement[];
  const first = chips[0]?.getBoundingClientRect();
  let shown = 0;
  let right = first?.left ?? 0;
  for (const chip of chips) {
    const rect = chip.getBoundingClientRect();
    if (rect.top !== first?.top) break;
    const label = chip.querySelector<HTMLElement>('.chip-label') ?? chip;
    if (overflows(label)) break;
    right = rect.right;
    shown++;
  }
  return { shown, chips: chips.length, width: right - (first?.left ?? 0) };
}

/** Measures every box asked for since the last flush: all writes, then all reads, then all writes. */
export function flushChipFits(): void {
  flushQueued = false;
  cancelAnimationFrame(frame);
  frame = 0;
  settle.cancel();
  const batch = [...pending].filter(([box]) => box.isConnected);
  pending.clear();
  for (const [box] of batch) box.style.maxWidth = '';
  const fits = batch.map(([box, onfit]) => ({ box, onfit, ...measure(box) }));
  for (const { box } of fits) {
    const line = box.parentElement;
    const w = line ? watched.get(line) : undefined;
    if (!w || !line) continue;
    w.width = line.getBoundingClientRect().width;
    if (!w.observed) observe(line, w);
  }
  for (const { box, onfit, shown, chips, width } of fits) {
    // Fractional widths: rounding down would squeeze the last chip into an ellipsis.
    if (shown < chips) box.style.maxWidth = `${Math.ceil(width)}px`;
    onfit(shown);
  }
}

/**
 * Measures `box` before the next paint, with every other box asked for in this turn; while the list
 * scrolls, once it has settled.
 */
export function fitChipBox(box: HTMLElement, onfit: OnFit): void {
  pending.set(box, onfit);
  if (flushQueued || settle.waiting) return;
  flushQueued = true;
  queueMicrotask(flushChipFits);
}

/** The list scrolled: boxes asked for from now wait until it has been still for SETTLE_MS. */
export function listScrolled(): void {
  settle.poke();
}

/**
 * Measures `box` again in the next frame, with the others asked for meanwhile. For a ResizeObserver:
 * measuring narrows the box, which inside the observer's callback would loop.
 */
export function fitChipBoxNextFrame(box: HTMLElement, onfit: OnFit): void {
  pending.set(box, onfit);
  if (!frame && !flushQueued && !settle.waiting) frame = requestAnimationFrame(flushChipFits);
}

/*
 * One observer for every row's sub-line: a row's width changes with the window or the pane, never
 * because of the row itself. The width each line was measured at is kept, so the first report an
 * observer gives for every element it starts watching (and any report at the same width) costs nothing.
 * A line is observed from its first fit on: the rows a scroll mounts and drops before it settles
 * never cost an observe, an unobserve and a first report (about 2% of a 4× throttled scroll).
 */
interface Watched {
  box: HTMLElement;
  onfit: OnFit;
  width: number;
  observed: boolean;
}

function observe(line: Element, w: Watched): void {
  observer ??= new ResizeObserver(onResize);
  observer.observe(line);
  w.observed = true;
}
const watched = new WeakMap<Element, Watched>();
let observer: ResizeObserver | null = null;

function onResize(entries: ResizeObserverEntry[]): void {
  for (const entry of entries) {
    const w = watched.get(entry.target);
    if (!w) continue;
    const width = entry.borderBoxSize?.[0]?.inlineSize ?? entry.contentRect.width;
    if (width === w.width) continue;
    w.width = width;
    fitChipBoxNextFrame(w.box, w.onfit);
  }
}

/** Measures `box` again whenever the line holding it changes width, from its first fit on; returns the stop. */
export function watchChipBox(box: HTMLElement, onfit: OnFit): () => void {
  const line = box.parentElement;
  if (!line) return () => undefined;
  const w: Watched = { box, onfit, width: Number.NaN, observed: false };
  watched.set(line, w);
  // Already fitted (the effects ran in the other order): watch from now.
  if (!pending.has(box)) observe(line, w);
  return () => {
    if (w.observed) observer?.unobserve(line);
    watched.delete(line);
    pending.delete(box);
  };
}
