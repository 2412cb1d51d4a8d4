/**
 * How many of a one-line chip box's chips are shown whole. The box wraps and shows only its first
 * line, so a chip is either whole or on a hidden line; one that had to shrink to fit alone (an
 * ellipsis) counts as not fitting, and from there on the "+N" tells the rest.
 *
 * The box is measured at the width the row's flex layout gives it, then narrowed to the chips that
 * fit, so the space a hidden chip would have taken goes back to the company and city beside it.
 */
/** Whether the text is wider than its box, to the fraction of a pixel that already costs an ellipsis. */
function overflows(label: HTMLElement): boolean {
  const range = document.createRange();
  range.selectNodeContents(label);
  return range.getBoundingClientRect().width > label.getBoundingClientRect().width + 0.01;
}

export function fitChipBox(box: HTMLElement): number {
  box.style.maxWidth = '';
  const chips = Array.from(box.children) as HTMLElement[];
  const first = chips[0]?.getBoundingClientRect();
  let n = 0;
  let right = first?.left ?? 0;
  for (const chip of chips) {
    const rect = chip.getBoundingClientRect();
    if (rect.top !== first?.top) break;
    const label = chip.querySelector<HTMLElement>('.chip-label') ?? chip;
    if (overflows(label)) break;
    right = rect.right;
    n++;
  }
  // Fractional widths: rounding down would squeeze the last chip into an ellipsis.
  if (n < chips.length) box.style.maxWidth = `${Math.ceil(right - (first?.left ?? 0))}px`;
  return n;
}
