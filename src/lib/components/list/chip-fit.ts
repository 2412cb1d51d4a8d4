/**
 * How many of a one-line chip box's chips are shown whole. The box wraps and shows only its first
 * line, so a chip is either whole or on a hidden line; one that had to shrink to fit alone (an
 * ellipsis) counts as not fitting, and from there on the "+N" tells the rest.
 */
export function fittingChips(box: HTMLElement): number {
  const chips = Array.from(box.children) as HTMLElement[];
  const top = chips[0]?.offsetTop;
  let n = 0;
  for (const chip of chips) {
    if (chip.offsetTop !== top) break;
    const label = chip.querySelector<HTMLElement>('.chip-label') ?? chip;
    if (label.scrollWidth > label.clientWidth) break;
    n++;
  }
  return n;
}
