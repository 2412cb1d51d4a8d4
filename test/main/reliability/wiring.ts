/**
 * The real renderer data layer wired to the real main-process services, in one Node process:
 *
 *   LocalDataStore (src/lib/data, Dexie on fake-indexeddb)
 *     → RotorApi built by buildSurface() over dispatch(services.handlers, …)  (what the preload does)
 *     → createServices() (API client, quota ledger, connectivity)
 *     → startRotorServer() over real HTTP on 127.0.0.1, with faults.
 *
 * One virtual clock drives the server, main's services and the data layer, so backoff, quota days and
 * "created since the first attempt" all agree, and a test can jump hours ahead without waiting.
 * Arguments and answers cross the boundary through structuredClone, as Electron's IPC does.
 */
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSurface } from '@contract/channels';
import type { ChannelName, EventName } from '@contract/channels';
import type { Connectivity, QuotaState } from '@contract/state';
import type { RotorApi } from '@contract/surface';
import { memoryLocks } from '$lib/data/db/locks';
import { openLocalDataStore } from '$lib/data/store/store';
import type { DataStoreSettings, LocalDataStore } from '$lib/data/store/store';
import { mulberry32 } from '../../../electron/main/simulation/prng';
import { DEMO_API_KEY, startRotorServer } from '../../../electron/main/simulation/server';
import type { RotorServer, StartRotorServerOptions } from '../../../electron/main/simulation/server';
import { dispatch } from '../../../electron/main/ipc/dispatch';
import type { Logger } from '../../../electron/main/log/logger';
import { createServices } from '../../../electron/main/services/index';
import type { Services } from '../../../electron/main/services/index';

/** 2026-03-02 06:00 UTC: far from a UTC midnight, so a run crosses one only when a test says so. */
export const T0 = Date.parse('2026-03-02T06:00:00.000Z');

export interface Wake {
  fn: () => void;
  at: number;
  cancelled: boolean;
  /** Who armed it: the data layer (replay, auto-refresh) or main (quota rollover, probe, connectivity). */
  owner: 'renderer' | 'main';
}

export interface Wired {
  clock: { now: number };
  server: RotorServer;
  services: Services;
  api: RotorApi;
  store: LocalDataStore;
  accountId: string;
  settings: DataStoreSettings;
  /** The test's own network switch, on top of what main's connectivity service says. */
  net: { up: boolean };
  quota(): QuotaState;
  connectivity(): Connectivity;
  wakes: Wake[];
  nextWake(): Wake | undefined;
  /** Wake-ups that fired, with their virtual time. */
  fired: Wake[];
  /** Bridge calls (window.rotor) in flight. */
  inFlight(): number;
  /** Waits until no bridge call is in flight and nothing new started for a few event-loop turns. */
  settle(): Promise<void>;
  /** Runs every wake-up due up to `until`, in time order, settling after each; the clock ends at `until`. */
  advanceTo(until: number): Promise<void>;
  /** Everything main logged at error level (an `internal` error is a bug). */
  errors: string[];
  /**
   * Rewrites what the bridge hands back after main answered (main's work is done either way), e.g. to
   * model a main process or host that dies before its answer reaches the page.
   */
  bridge: { after: ((channel: ChannelName, result: unknown) => unknown) | null };
  /** Opens a second store on the same database, as a reload would (the first one is closed). */
  reopen(): Promise<LocalDataStore>;
  close(): Promise<void>;
}

export interface WireOptions {
  server?: StartRotorServerOptions;
  /** The API client's per-request timeout, so a server `timeout` fault costs this much real time. */
  requestTimeoutMs?: number;
  settings?: Partial<DataStoreSettings>;
  seed?: number;
}

export async function wire(opts: WireOptions = {}): Promise<Wired> {
  const clock = { now: T0 };
  const errors: string[] = [];
  const log: Logger = {
    info() {},
    warn() {},
    error: (message, ...details) => errors.push([message, ...details.map(String)].join(' ')),
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'rotor-reliability-'));
  const server = await startRotorServer({ now: () => clock.now, ...opts.server });
  const wakes: Wake[] = [];
  const fired: Wake[] = [];
  const arm =
    (owner: Wake['owner']) =>
    (fn: () => void, ms: number): (() => void) => {
      const wake: Wake = { fn, at: clock.now + Math.max(0, ms), cancelled: false, owner };
      wakes.push(wake);
      return () => {
        wake.cancelled = true;
      };
    };

  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const services = await createServices(
    {
      shell: 'browser-host',
      version: '0.0.0-reliability',
      dataDir,
      settingsStore: 'conf',
      fallbackSecrets: { kind: 'insecure-file' },
      secretBackend: 'fallback-only',
      rotorUrlOverride: server.url,
      ...(opts.requestTimeoutMs
        ? { requestTimeouts: { defaultMs: opts.requestTimeoutMs, listMs: opts.requestTimeoutMs } }
        : {}),
      log,
      now: () => clock.now,
      timers: { setTimeout: arm('main') },
    },
    (event, payload) => {
      for (const l of [...(listeners.get(event) ?? [])]) l(structuredClone(payload));
    },
  );
  const bridge: Wired['bridge'] = { after: null };
  let inFlight = 0;
  let calls = 0;
  const invoke = async (channel: ChannelName, arg: unknown): Promise<unknown> => {
    inFlight++;
    calls++;
    try {
      const result = structuredClone(await dispatch(services.handlers, channel, structuredClone(arg), log));
      return bridge.after ? bridge.after(channel, result) : result;
    } finally {
      inFlight--;
    }
  };
  const subscribe = (event: EventName, listener: (payload: unknown) => void): (() => void) => {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener);
    return () => set.delete(listener);
  };
  // The preload hands the page exactly this object; its type is the contract's RotorApi.
  const api = buildSurface(invoke, subscribe) as unknown as RotorApi;

  const connected = await api.account.connect({ apiKey: DEMO_API_KEY });
  if (!connected.ok) throw new Error(`connect failed: ${connected.error.message}`);
  const accountId = connected.data.status.accountId;
  if (!accountId) throw new Error('connected without an accountId');

  // What the renderer's session keeps from main's events (subscribed before the store, as in the app).
  const q = await api.quota.get();
  const c = await api.connectivity.get();
  if (!q.ok || !c.ok) throw new Error('quota/connectivity unavailable');
  let quota = q.data;
  let connectivity = c.data;
  const net = { up: true };
  let store: LocalDataStore | null = null;
  // What the session keeps; the store listens to the same events itself and wakes on them.
  api.onQuota((next) => (quota = next));
  api.onConnectivity((next) => (connectivity = next));

  const settings: DataStoreSettings = {
    pageSize: 50,
    includeArchived: false,
    replayConcurrency: 4,
    autoRefreshHours: 6,
    freshCopyMinutes: 2,
    ...opts.settings,
  };
  const random = mulberry32(opts.seed ?? 1);
  const locks = memoryLocks();
  const dbName = `rotor-reliability-${crypto.randomUUID()}`;
  const open = () =>
    openLocalDataStore({
      accountId,
      api,
      settings: () => settings,
      quota: () => quota,
      online: () => net.up && connectivity.state === 'online',
      now: () => clock.now,
      random,
      schedule: arm('renderer'),
      dbName,
      locks,
      broadcast: false,
    });
  store = await open();

  const live = (): Wake[] => wakes.filter((x) => !x.cancelled);
  const nextWake = (): Wake | undefined =>
    live().reduce<Wake | undefined>((a, x) => (!a || x.at < a.at ? x : a), undefined);
  let commits = 0;
  const watch = (s: LocalDataStore): void => void s.subscribe(() => commits++);
  watch(store);
  const settle = async (): Promise<void> => {
    // Quiet = no call in flight, and no call started and no transaction committed over many turns of
    // the event loop (HTTP answers, IndexedDB callbacks and promise chains all run on it). Bounded: an
    // app that never goes quiet fails the test instead of hanging it.
    for (let quiet = 0, turns = 0; quiet < 300; turns++) {
      if (turns > 500_000) throw new Error('the app never went quiet');
      const before = calls + commits;
      await new Promise<void>((r) => setImmediate(r));
      quiet = inFlight === 0 && calls + commits === before ? quiet + 1 : 0;
    }
  };

  const wired: Wired = {
    clock,
    server,
    services,
    api,
    store,
    accountId,
    settings,
    net,
    quota: () => quota,
    connectivity: () => connectivity,
    wakes,
    nextWake,
    fired,
    inFlight: () => inFlight,
    settle,
    async advanceTo(until) {
      await settle();
      for (let wake = nextWake(); wake && wake.at <= until; wake = nextWake()) {
        clock.now = Math.max(clock.now, wake.at);
        wake.cancelled = true;
        fired.push(wake);
        wake.fn();
        await settle();
      }
      clock.now = Math.max(clock.now, until);
    },
    errors,
    bridge,
    async reopen() {
      store?.close();
      for (const w of wakes) if (w.owner === 'renderer') w.cancelled = true;
      store = await open();
      watch(store);
      wired.store = store;
      return store;
    },
    async close() {
      store?.close();
      await services.dispose();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return wired;
}

/**
 * Replays until the outbox is empty, as the app would over hours: each round runs a pass (joining
 * `between`, which may edit while it runs), then jumps the virtual clock to the data layer's next
 * scheduled wake-up. Goes back online through main's own probe when connectivity dropped.
 */
export async function drain(
  w: Wired,
  opts: { between?: (round: number) => Promise<void>; more?: () => boolean; maxRounds?: number } = {},
): Promise<{ rounds: number; virtualMs: number }> {
  const started = w.clock.now;
  const maxRounds = opts.maxRounds ?? 5000;
  for (let round = 0; round < maxRounds; round++) {
    if (w.connectivity().state !== 'online') await w.api.connectivity.check();
    const running = w.store.replay();
    await opts.between?.(round);
    await running;
    await w.store.replay();
    await w.settle();
    if (w.store.outbox().length === 0 && !opts.more?.())
      return { rounds: round + 1, virtualMs: w.clock.now - started };
    const wake = w.nextWake();
    if (!wake) {
      if (w.connectivity().state !== 'online' || opts.more?.()) continue;
      throw new Error(`replay stalled with nothing scheduled: ${describeOutbox(w.store)}`);
    }
    w.clock.now = Math.max(w.clock.now, wake.at);
    wake.cancelled = true;
    wake.fn();
  }
  throw new Error(`replay did not finish in ${maxRounds} rounds: ${describeOutbox(w.store)}`);
}

export function describeOutbox(store: LocalDataStore): string {
  return JSON.stringify(
    store.outbox().map((e) => ({
      kind: e.kind,
      customerId: e.customerId,
      state: e.state,
      attempts: e.attempts,
      error: e.lastError?.kind,
      next: e.nextAttemptAt,
    })),
  );
}
