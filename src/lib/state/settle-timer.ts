/**
 * Calls `onsettled` once `poke` has not been called for `ms`: "the list has been still for a while".
 * A scroll pokes it on every frame, so it keeps one timer and only sets it again when it fires before
 * the quiet time is up. A clearTimeout and a setTimeout per scroll event, in the two places that wait
 * for the list to be still, took 1.3% of a 4× throttled wheel scroll's main thread (bench, session 38).
 */
export class SettleTimer {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastPoke = 0;

  constructor(
    private readonly ms: number,
    private readonly onsettled: () => void,
  ) {}

  /** Poked and not settled yet. */
  get waiting(): boolean {
    return this.#timer !== undefined;
  }

  /** Something moved: the quiet time starts again from now. */
  poke(): void {
    this.#lastPoke = Date.now();
    this.#timer ??= setTimeout(this.#check, this.ms);
  }

  /** Stops waiting; `onsettled` is not called. */
  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  readonly #check = (): void => {
    const left = this.#lastPoke + this.ms - Date.now();
    if (left > 0) {
      this.#timer = setTimeout(this.#check, left);
      return;
    }
    this.#timer = undefined;
    this.onsettled();
  };
}
