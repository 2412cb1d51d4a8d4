/**
 * One timer for one kind of work (replay's next due retry, the next automatic refresh). Work that is
 * blocked (offline, paused, out of budget) arms nothing and waits for the event that unblocks it;
 * the slot only ever holds a time in the future, so it cannot turn into a wake-up loop.
 */
export type Schedule = (fn: () => void, ms: number) => () => void;

/** The shortest delay the slot arms: a due time already past means "soon", never "now, again". */
export const MIN_WAKE_DELAY_MS = 1000;

export class WakeSlot {
  private cancel: (() => void) | null = null;
  private at: number | null = null;

  constructor(
    private readonly schedule: Schedule,
    private readonly now: () => number,
    private readonly onWake: () => void,
  ) {}

  /** Arms the slot for `at` (replacing what it held), or clears it for null. */
  arm(at: number | null): void {
    if (at === this.at) return;
    this.clear();
    if (at === null) return;
    this.at = at;
    this.cancel = this.schedule(
      () => {
        this.cancel = null;
        this.at = null;
        this.onWake();
      },
      Math.max(MIN_WAKE_DELAY_MS, at - this.now()),
    );
  }

  clear(): void {
    this.cancel?.();
    this.cancel = null;
    this.at = null;
  }

  armedAt(): number | null {
    return this.at;
  }
}
