import type { Connectivity } from '@contract/state';
import type { Logger } from '../log/logger';
import { realTimers } from '../services/platform';

/** Schedules `fn` after `ms`; returns a function that cancels it. */
export type SetTimer = (fn: () => void, ms: number) => () => void;

/**
 * While offline the probe retries after 2, 4 and 8 s, then every 15 s: a network that comes back is
 * noticed within about 20 s, and a probe costs no quota (it carries no key), only a local wake-up.
 */
export const OFFLINE_RAMP_MS = [2_000, 4_000, 8_000] as const;
export const OFFLINE_CHECK_MS = 15_000;
/** While online a probe runs when no real request has had an answer for this long. */
export const ONLINE_CHECK_MS = 60_000;

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
 * Whether Rotor's API can be reached, found out rather than assumed: `checking` at launch with a probe
 * at once, then a keyless probe on a schedule: while offline 2, 4, 8 s then every 15 s; while online
 * a look once a minute, probing only when no real request had an answer in the last minute (real answers are the
 * evidence, `report`). Online/resume signals probe at once and restart the ramp, since the network the
 * ramp was measuring may be gone. Only `checking` at launch is shown as such: a scheduled probe keeps
 * the state it is checking, so the app neither flickers nor stops sending while it runs.
 */
export function createConnectivity(options: ConnectivityOptions): ConnectivityService {
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? ((fn, ms) => realTimers.setTimeout(fn, ms));

  let state: Connectivity['state'] = options.signals?.isOnline() === false ? 'offline' : 'checking';
  let nextCheckAt: string | null = null;
  /** Offline probes made since the network was last seen: the ramp's position. */
  let failures = 0;
  /** When a request or probe last had an answer from Rotor's host. */
  let lastAnswerAt = Number.NEGATIVE_INFINITY;
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
  };

  const abortProbe = () => {
    running?.controller.abort();
    running = null;
  };

  const arm = (delay: number, fn: () => void) => {
    clearTimer();
    cancelTimer = setTimer(() => {
      cancelTimer = null;
      fn();
    }, delay);
  };

  const armOffline = () => {
    const delay = OFFLINE_RAMP_MS[failures] ?? OFFLINE_CHECK_MS;
    failures++;
    nextCheckAt = new Date(now() + delay).toISOString();
    arm(delay, () => void runProbe());
  };

  /** Wakes once a minute; probes only when nothing answered in the last minute. */
  const armOnline = () => {
    nextCheckAt = null;
    arm(ONLINE_CHECK_MS, () => {
      if (now() - lastAnswerAt < ONLINE_CHECK_MS) armOnline();
      else void runProbe();
    });
  };

  const goOnline = () => {
    failures = 0;
    lastAnswerAt = now();
    state = 'online';
    armOnline();
  };

  const goOffline = () => {
    state = 'offline';
    armOffline();
  };

  const runProbe = (): Promise<Connectivity> => {
    if (disposed) return Promise.resolve(snapshot());
    if (running) return running.done;
    clearTimer();
    const controller = new AbortController();
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

  const restartRampAndProbe = () => {
    failures = 0;
    void runProbe();
  };

  const unsubscribe: Array<() => void> = [];
  if (options.signals) {
    unsubscribe.push(
      options.signals.onOnline(restartRampAndProbe),
      options.signals.onResume(restartRampAndProbe),
      options.signals.onOffline(() => {
        // The OS is sure the machine is offline; a probe running now can only fail.
        abortProbe();
        if (state === 'offline') return;
        failures = 0;
        goOffline();
        emit();
      }),
    );
  }
  if (state === 'offline') {
    armOffline();
    lastEmitted = snapshot();
  } else void runProbe();

  return {
    get: snapshot,
    report(outcome) {
      if (disposed) return;
      if (outcome === 'http-answer') {
        lastAnswerAt = now();
        // Online, the minute's timer already looks at lastAnswerAt when it wakes.
        if (state === 'online') return;
        abortProbe();
        goOnline();
        emit();
        return;
      }
      // While offline the next probe is already scheduled; at launch the probe decides.
      if (state !== 'online') return;
      abortProbe();
      failures = 0;
      goOffline();
      emit();
    },
    check: () => runProbe(),
    dispose() {
      disposed = true;
      abortProbe();
      clearTimer();
      for (const off of unsubscribe.splice(0)) off();
    },
  };
}
