/**
 * How many of a one-line chip box's chips are shown whole. The box wraps and shows only its first
 * line, so a chip is either whole or on a hidden line; one that had to shrink to fit alone (an
 * ellipsis) counts as not fitting, and from there on the "+N" tells the rest.
 *
 * The box is measured at the width the row's flex layout gives it, then narrowed to the chips that
 * fit, so the space a hidden chip would have taken goes back to the company and city beside it.
 */
export function fitChipBox(box: HTMLElement): number {
  box.style.maxWidth = '';
  const chips = Array.from(box.children) as HTMLElement[];
  const top = chips[0]?.offsetTop;
  let n = 0;
  let right = 0;
  for (const chip of chips) {
    if (chip.offsetTop !== top) break;
    const label = chip.querySelector<HTMLElement>('.chip-label') ?? chip;
    if (label.scrollWidth > label.clientWidth) break;
    right = chip.offsetLeft + chip.offsetWidth;
    n++;
  }
  if (n < chips.length) box.style.maxWidth = `${Math.max(0, right - (chips[0]?.offsetLeft ?? 0))}px`;
  return n;
}
