/**
 * The one home of the deferred engines (engines.ts: replay, the full sync, one customer's refresh),
 * which the window does not parse at start (issue #12). The store asks for them when it first sends or
 * refreshes and, once the whole cache is in, loads them in the background. A chunk that does not
 * arrive (an install replaced underneath, a disk error) is an answer, never a rejection: the caller
 * reports ENGINES_NOT_LOADED its own way, and the next trigger (an edit, reconnect, Sync now, the
 * refresh timer) loads again.
 */
import type { AppError } from '@contract/result';
import type { PausedReason } from '../types';
import type * as EngineModule from './engines';
import type { Replayer } from '../replay/replay';

export type Engines = typeof EngineModule;

export const loadEngines = (): Promise<Engines> => import('./engines');

export const ENGINES_NOT_LOADED: AppError = {
  kind: 'internal',
  retryable: true,
  message:
    'Part of Rotor Desk did not load. Your customers and changes are safe on this computer; it tries again at the next change, on reconnect or with Sync now.',
};

/** A write that found the writers missing: nothing was saved (the form keeps what was typed). */
export const CHANGE_NOT_SAVED = {
  ok: false,
  error: {
    kind: 'internal',
    retryable: true,
    message:
      'Part of Rotor Desk did not load, so this was not saved. Your other changes are safe. Try again.',
  },
} as const satisfies { ok: false; error: AppError };

export type Loaded<T> = { ok: true; value: T } | { ok: false; error: AppError };

/** Loads once; a failed load is forgotten, so the next `get` tries again. */
export class LazyEngines {
  #value: Engines | null = null;
  #loading: Promise<Loaded<Engines>> | null = null;

  constructor(private readonly load: () => Promise<Engines> = loadEngines) {}

  get(): Promise<Loaded<Engines>> {
    if (this.#value) return Promise.resolve({ ok: true, value: this.#value });
    this.#loading ??= this.load().then(
      (value): Loaded<Engines> => {
        this.#value = value;
        return { ok: true, value };
      },
      (): Loaded<Engines> => {
        this.#loading = null;
        return { ok: false, error: ENGINES_NOT_LOADED };
      },
    );
    return this.#loading;
  }
}

/**
 * The Replayer's surface before its chunk is in. Until then nothing can be paused or held (only a pass
 * pauses), so the reads answer as a fresh Replayer would; every call that may send loads it first.
 * Once built, each call goes straight to it, with no extra await.
 */
export class DeferredReplayer {
  #replayer: Replayer | null = null;
  #closed = false;

  constructor(
    private readonly engines: LazyEngines,
    private readonly build: (m: Engines) => Replayer,
    private readonly d: { online: () => boolean; notLoaded: (error: AppError) => void },
  ) {}

  pausedReason(): PausedReason | null {
    return this.#replayer?.pausedReason() ?? null;
  }

  replay(): Promise<void> {
    return this.#replayer ? this.#replayer.replay() : this.#loaded().then((r) => r?.replay());
  }

  resume(): Promise<void> {
    return this.#replayer ? this.#replayer.resume() : this.#loaded().then((r) => r?.resume());
  }

  quotaChanged(): void {
    this.#replayer?.quotaChanged();
  }

  connectivityChanged(): void {
    if (this.#replayer) this.#replayer.connectivityChanged();
    else if (this.d.online()) void this.replay().catch(() => undefined);
  }

  /** Loads ahead of need; a failure says nothing here (the next trigger loads again and reports it). */
  async preload(): Promise<void> {
    await this.#loaded(false);
  }

  close(): void {
    this.#closed = true;
    this.#replayer?.close();
  }

  async #loaded(report = true): Promise<Replayer | null> {
    const m = await this.engines.get();
    if (this.#closed) return null;
    if (!m.ok) {
      if (report) this.d.notLoaded(m.error);
      return null;
    }
    this.#replayer ??= this.build(m.value);
    return this.#replayer;
  }
}
