import type { Connectivity } from '@contract/state';
import type { Logger } from '../log/logger';
import { realTimers } from '../services/platform';

/** Schedules `fn` after `ms`; returns a function that cancels it. */
export type SetTimer = (fn: () => void, ms: number) => () => void;

export const FIRST_RETRY_MS = 2_000;
export const MAX_RETRY_MS = 5 * 60_000;

/** Electron's net.isOnline, online/offline events and powerMonitor resume; the browser host has none. */
export interface ConnectivitySignals {
  isOnline(): boolean;
  onOnline(cb: () => void): () => void;
  onOffline(cb: () => void): () => void;
  onResume(cb: () => void): () => void;
}

export interface ConnectivityOptions {
  /** Whether the API host answers at all, without the key. Rejecting counts as unreachable. */
  probe: (signal: AbortSignal) => Promise<boolean>;
  signals?: ConnectivitySignals;
  now?: () => number;
  setTimer?: SetTimer;
  onChange?(connectivity: Connectivity): void;
  log?: Logger;
}

export interface ConnectivityService {
  get(): Connectivity;
  /** What a real API request learned: no answer at all, or any HTTP answer. */
  report(outcome: 'network-error' | 'http-answer'): void;
  /** Probes now (joining a probe already running) and resolves to the state it leads to. */
  check(): Promise<Connectivity>;
  dispose(): void;
}

/**
 * Whether Rotor's API can be reached. Real requests are the main evidence (`report`); while offline a
 * keyless probe retries with backoff (2 s doubling to 5 min) so the app notices the network coming back
 * without spending any of the key's daily quota. Online/resume signals retry at once and restart the
 * backoff, since the network the backoff was measuring may be gone.
 */
export function createConnectivity(options: ConnectivityOptions): ConnectivityService {
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? ((fn, ms) => realTimers.setTimeout(fn, ms));

  let state: Connectivity['state'] = options.signals?.isOnline() === false ? 'offline' : 'online';
  let nextCheckAt: string | null = null;
  let retryMs = FIRST_RETRY_MS;
  let cancelTimer: (() => void) | null = null;
  let running: { controller: AbortController; done: Promise<Connectivity> } | null = null;
  let disposed = false;
  let lastEmitted: Connectivity = { state, nextCheckAt };

  const snapshot = (): Connectivity => ({ state, nextCheckAt });

  const emit = () => {
    const current = snapshot();
    if (disposed) return;
    if (current.state === lastEmitted.state && current.nextCheckAt === lastEmitted.nextCheckAt) return;
    lastEmitted = current;
    try {
      options.onChange?.(current);
    } catch (error) {
      options.log?.warn('A connectivity listener failed', error);
    }
  };

  const clearTimer = () => {
    cancelTimer?.();
    cancelTimer = null;
    nextCheckAt = null;
  };

  const abortProbe = () => {
    running?.controller.abort();
    running = null;
  };

  const scheduleRetry = () => {
    clearTimer();
    const delay = retryMs;
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    nextCheckAt = new Date(now() + delay).toISOString();
    cancelTimer = setTimer(() => {
      cancelTimer = null;
      void runProbe();
    }, delay);
  };

  const goOnline = () => {
    clearTimer();
    retryMs = FIRST_RETRY_MS;
    state = 'online';
  };

  const goOffline = () => {
    state = 'offline';
    scheduleRetry();
  };

  const runProbe = (): Promise<Connectivity> => {
    if (disposed) return Promise.resolve(snapshot());
    if (running) return running.done;
    clearTimer();
    const controller = new AbortController();
    state = 'checking';
    emit();
    const done = (async (): Promise<Connectivity> => {
      let reachable: boolean;
      try {
        reachable = await options.probe(controller.signal);
      } catch (error) {
        options.log?.info('Connectivity probe failed', error instanceof Error ? error.message : error);
        reachable = false;
      }
      // A real answer or dispose() may have settled things while the probe ran; its result is stale then.
      if (controller.signal.aborted || disposed) return snapshot();
      running = null;
      if (reachable) goOnline();
      else goOffline();
      emit();
      return snapshot();
    })();
    running = { controller, done };
    return done;
  };

  const restartBackoffAndProbe = () => {
    retryMs = FIRST_RETRY_MS;
    void runProbe();
  };

  const unsubscribe: Array<() => void> = [];
  if (options.signals) {
    unsubscribe.push(
      options.signals.onOnline(restartBackoffAndProbe),
      options.signals.onResume(restartBackoffAndProbe),
      options.signals.onOffline(() => {
        // The OS is sure the machine is offline; a probe running now can only fail.
        abortProbe();
        if (state === 'offline') return;
        retryMs = FIRST_RETRY_MS;
        goOffline();
        emit();
      }),
    );
    if (state === 'offline') {
      scheduleRetry();
      lastEmitted = snapshot();
    }
  }

  return {
    get: snapshot,
    report(outcome) {
      if (disposed) return;
      if (outcome === 'http-answer') {
        if (state === 'online') return;
        abortProbe();
        goOnline();
        emit();
        return;
      }
      // While offline the retry is already scheduled, and while checking the probe will decide.
      if (state !== 'online') return;
      goOffline();
      emit();
    },
    check: () => runProbe(),
    dispose() {
      disposed = true;
      abortProbe();
      cancelTimer?.();
      cancelTimer = null;
      for (const off of unsubscribe.splice(0)) off();
    },
  };
}
