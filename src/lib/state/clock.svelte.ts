/**
 * A coarse "now" for relative times ("5 minutes ago"), ticking while something shows one.
 */
export interface ClockDeps {
  now?: () => number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

export class Clock {
  now = $state(0);
  readonly #deps: Required<ClockDeps>;

  constructor(deps: ClockDeps = {}) {
    this.#deps = {
      now: deps.now ?? (() => Date.now()),
      setInterval: deps.setInterval ?? ((fn, ms) => setInterval(fn, ms)),
      clearInterval: deps.clearInterval ?? ((h) => clearInterval(h as ReturnType<typeof setInterval>)),
    };
    this.now = this.#deps.now();
  }

  tick(): void {
    this.now = this.#deps.now();
  }

  /** Starts ticking; returns the stop function (an $effect's cleanup). */
  start(intervalMs = 15_000): () => void {
    this.tick();
    const handle = this.#deps.setInterval(() => this.tick(), intervalMs);
    return () => this.#deps.clearInterval(handle);
  }
}
