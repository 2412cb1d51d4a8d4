/** A hand-driven clock for debounce and interval code: nothing runs until the test says so. */
export function manualTimers() {
  let nextId = 1;
  const timeouts = new Map<number, { callback: () => void; ms: number }>();
  const intervals = new Map<number, { callback: () => void; ms: number }>();
  return {
    setTimeout: (callback: () => void, ms: number): unknown => {
      const id = nextId++;
      timeouts.set(id, { callback, ms });
      return id;
    },
    clearTimeout: (handle: unknown) => void timeouts.delete(handle as number),
    setInterval: (callback: () => void, ms: number): unknown => {
      const id = nextId++;
      intervals.set(id, { callback, ms });
      return id;
    },
    clearInterval: (handle: unknown) => void intervals.delete(handle as number),
    /** Runs every pending timeout once (and removes it). */
    fireTimeouts() {
      const due = [...timeouts.values()];
      timeouts.clear();
      for (const t of due) t.callback();
    },
    tickIntervals() {
      for (const t of [...intervals.values()]) t.callback();
    },
    pendingTimeouts: () => [...timeouts.values()].map((t) => t.ms),
    activeIntervals: () => [...intervals.values()].map((t) => t.ms),
  };
}
