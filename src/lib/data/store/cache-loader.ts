/**
 * Opens an account's cache into memory in two steps (read-rows.ts): the first screen by name, so the
 * list shows at once, then every row in small chunks added to the records and the search index, each
 * chunk its own short task so typing works meanwhile. `loaded` resolves when the last chunk is in:
 * whatever needs the whole cache (replay's matching, the sweep of a refresh) waits for it.
 */
import type { Changes } from '../outbox/changes';
import type { RotorDb } from '../db/schema';
import type { CacheView } from './cache-view';
import { LoadPace } from './load-pace';
import { countRows, readOpening, readRest } from './read-rows';
import { nextTask } from '../next-task';
import type { LoadProgress } from './read-rows';

/** Rows read between two change notifications (and progress reports) while loading. */
export const TELL_EVERY = 5_000;

export interface LoaderHooks {
  now: () => number;
  closed: () => boolean;
  /** Memory changed (a chunk is in, or the load ended). */
  changed: () => void;
  /** How far the load has got; null once every row is in. */
  progress?: (progress: LoadProgress | null) => void;
}

export class CacheLoader {
  /** Resolves once every cached row is in memory (rejects only if reading failed while open). */
  loaded: Promise<void> = Promise.resolve();
  /** Rows a transaction applied while the background read runs: a later chunk has an older copy. */
  #touched: Set<string> | null = null;
  #progress: LoadProgress | null = null;
  /** The cache's row count once known (0 before), and the rows in memory so far, while loading. */
  #total = 0;
  #read = 0;

  constructor(
    private readonly db: RotorDb,
    private readonly view: CacheView,
    private readonly hooks: LoaderHooks,
  ) {}

  get progress(): LoadProgress | null {
    return this.#progress;
  }

  /** Reads the first screen into the view and starts reading the rest; resolves at the first screen. */
  async open(): Promise<void> {
    const o = await readOpening(this.db, this.hooks.now());
    this.view.load(o.first, o.entries, o.meta, o.deliveries, o.imports);
    this.#touched = new Set();
    this.#read = o.first.length;
    this.#report();
    this.loaded = this.#readAll(o.first.length);
    // Awaited by whole-cache consumers; a failure after close is nobody's concern.
    this.loaded.catch(() => undefined);
    // Asked for once the first screen is in and the first background read is on its way (IndexedDB
    // answers one request after another), and not waited for.
    countRows(this.db).then(
      (total) => {
        this.#total = total;
        // Said at once while still loading; after the load, nothing asks how far it got.
        if (this.#progress) this.#report();
      },
      () => undefined,
    );
  }

  /** Called with every transaction applied to the view while the load runs. */
  applied(changes: Changes): void {
    if (this.#touched) for (const id of changes.rows.keys()) this.#touched.add(id);
  }

  async #readAll(firstScreen: number): Promise<void> {
    let read = 0;
    let told = 0;
    const pace = new LoadPace();
    try {
      for await (const chunk of readRest(
        this.db,
        () => pace.size,
        () => pace.readSize,
      )) {
        if (this.hooks.closed()) return;
        const start = performance.now();
        this.view.addLoaded(chunk, this.#touched ?? new Set());
        pace.took(chunk.length, performance.now() - start);
        read += chunk.length;
        // Every change re-runs the list's search and re-renders: once per TELL_EVERY rows is enough,
        // in a task of its own (a slice and a re-render together could pass 50 ms).
        if (read - told < TELL_EVERY) continue;
        told = read;
        await nextTask();
        if (this.hooks.closed()) return;
        this.#read = Math.max(read, firstScreen);
        this.#report();
        this.hooks.changed();
      }
      // For the bench and profiles: when search answers over the whole cache.
      performance.mark('rotor-desk:cache-loaded');
    } catch (error) {
      if (!this.hooks.closed()) throw error;
    } finally {
      this.#touched = null;
      this.#report(true);
      if (!this.hooks.closed()) this.hooks.changed();
    }
  }

  /** Tells how far the load has got (`done`: every row is in, so null). */
  #report(done = false): void {
    const progress = done
      ? null
      : { total: this.#total && Math.max(this.#total, this.#read), read: this.#read };
    this.#progress = progress;
    this.hooks.progress?.(progress);
  }
}
