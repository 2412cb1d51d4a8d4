/**
 * A `<details>` menu whose popover opens below its summary: where it fits (popover-fit.ts), measured on
 * opening and on resizing the window; closed by Esc (focus back on the summary) and by a click outside.
 * Create it while a component initialises (its effect belongs to that component) and bind the element's
 * `open` and `this` to it.
 */
import { fitPopover } from './popover-fit';
import type { PopoverFit } from './popover-fit';

type Want = Parameters<typeof fitPopover>[3];

export class DetailsPopover {
  open = $state(false);
  details = $state<HTMLDetailsElement | undefined>();
  fit = $state<PopoverFit | null>(null);
  /**
   * The popover's inline style. The element opens at once but is measured on the `toggle` event, a
   * task later: until then it stays hidden rather than flash at its unfitted place.
   */
  readonly style = $derived(
    this.fit
      ? `left: ${this.fit.left}px; width: ${this.fit.width}px; max-height: ${this.fit.maxHeight}px`
      : 'visibility: hidden',
  );
  readonly #want: Want;

  constructor(want: Want) {
    this.#want = want;
    $effect(() => {
      if (this.open) this.measure();
      else this.fit = null;
    });
  }

  readonly measure = (): void => {
    const details = this.details;
    if (!this.open || !details) return;
    const button = details.getBoundingClientRect();
    // The popover sits 4px below the button (each menu's .popover top).
    const below = { left: button.left, right: button.right, bottom: button.bottom + 4 };
    const column = details.closest('section')?.getBoundingClientRect() ?? {
      left: 0,
      right: window.innerWidth,
    };
    this.fit = fitPopover(
      below,
      column,
      { width: window.innerWidth, height: window.innerHeight },
      this.#want,
    );
  };

  readonly onkeydown = (event: KeyboardEvent): void => {
    const details = this.details;
    if (event.key === 'Escape' && this.open && details?.contains(document.activeElement)) {
      event.preventDefault();
      event.stopPropagation();
      this.open = false;
      details.querySelector('summary')?.focus();
    }
  };

  readonly onclick = (event: MouseEvent): void => {
    if (this.open && this.details && !this.details.contains(event.target as Node)) this.open = false;
  };
}
