/** Shared set-up for data-layer tests: fake clock, scheduler, quota, and a store per test. */
import type { QuotaState } from '@contract/state';
import { openLocalDataStore } from '$lib/data/store/store';
import type { DataStoreSettings, LocalDataStore, OpenDataStoreOptions } from '$lib/data/store/store';
import { FakeRotor } from './fake-rotor';

export const T0 = Date.parse('2025-03-03T15:00:00.000Z');

/** The next 00:00 UTC after `ms`, as main's QuotaState.resetsAt names it. */
export const nextUtcMidnight = (ms: number): string =>
  new Date((Math.floor(ms / 86_400_000) + 1) * 86_400_000).toISOString();

/** Main's quota state after `usedToday` requests (main works out `remaining`; tests set it the same way). */
export function spend(quota: QuotaState, usedToday: number): void {
  quota.usedToday = usedToday;
  quota.remaining = Math.max(0, quota.dailyLimit - usedToday);
}

export interface Scheduled {
  fn: () => void;
  ms: number;
  at: number;
  cancelled: boolean;
}

export interface Harness {
  store: LocalDataStore;
  rotor: FakeRotor;
  clock: { now: number };
  settings: DataStoreSettings;
  quota: QuotaState;
  net: { online: boolean };
  scheduled: Scheduled[];
  dbName: string;
  /** Opens another store on the same database (a reload, or a second window). */
  reopen: (extra?: Partial<OpenDataStoreOptions>) => Promise<LocalDataStore>;
}

export async function makeHarness(
  opts: {
    settings?: Partial<DataStoreSettings>;
    rotor?: FakeRotor;
    extra?: Partial<OpenDataStoreOptions>;
  } = {},
): Promise<Harness> {
  const clock = { now: T0 };
  const rotor = opts.rotor ?? new FakeRotor(() => clock.now);
  const settings: DataStoreSettings = {
    pageSize: 50,
    includeArchived: false,
    replayConcurrency: 4,
    autoRefreshHours: 6,
    freshCopyMinutes: 2,
    ...opts.settings,
  };
  const quota: QuotaState = {
    usedToday: 0,
    dailyLimit: 1000,
    remaining: 1000,
    exhausted: false,
    resetsAt: nextUtcMidnight(clock.now),
    nextProbeAt: null,
  };
  const net = { online: true };
  const scheduled: Scheduled[] = [];
  const dbName = `test-${crypto.randomUUID()}`;
  const base = (): OpenDataStoreOptions => ({
    accountId: 'acct-test',
    api: rotor.api,
    settings: () => settings,
    quota: () => quota,
    online: () => net.online,
    now: () => clock.now,
    random: () => 1,
    schedule: (fn, ms) => {
      const s: Scheduled = { fn, ms, at: clock.now + ms, cancelled: false };
      scheduled.push(s);
      return () => {
        s.cancelled = true;
      };
    },
    dbName,
    broadcast: false,
  });
  const store = await openLocalDataStore({ ...base(), ...opts.extra });
  return {
    store,
    rotor,
    clock,
    settings,
    quota,
    net,
    scheduled,
    dbName,
    reopen: (extra) => openLocalDataStore({ ...base(), ...extra }),
  };
}

/** The value, or a thrown error naming what was missing (tests read optional values through this). */
export function must<T>(value: T | null | undefined, what = 'a value'): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}`);
  return value;
}

/** The i-th id of a seeded list. */
export const idAt =
  (ids: readonly string[]) =>
  (i: number): string =>
    must(ids[i], `seeded customer #${i}`);

/** The live (not cancelled) scheduled wake-ups. */
export const liveWakes = (h: Harness): Scheduled[] => h.scheduled.filter((s) => !s.cancelled);

/** Live wake-ups other than the automatic refresh's (due `autoRefreshHours` after the last refresh). */
export const replayWakes = (h: Harness): Scheduled[] => {
  const last = h.store.meta().lastFullSyncAt;
  const refreshDue = last ? Date.parse(last) + h.settings.autoRefreshHours * 3_600_000 : null;
  return liveWakes(h).filter((s) => s.at !== refreshDue);
};

/** A promise with its resolver, to hold a fake request open. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Holds every call the fake Rotor receives until released: `next` lets the oldest held one go on,
 * `all` stops holding and releases the rest.
 */
export function holdCalls(rotor: FakeRotor): { next: () => void; all: () => void } {
  const held: Array<() => void> = [];
  rotor.beforeHandle = () => {
    const d = deferred();
    held.push(() => d.resolve());
    return d.promise;
  };
  return {
    next: () => held.shift()?.(),
    all: () => {
      rotor.beforeHandle = () => undefined;
      for (const release of held.splice(0)) release();
    },
  };
}

/** A harness whose cache holds `seed` after one full refresh, then taken offline (edits stay queued). */
export async function syncedHarness(
  seed: Array<Partial<import('./fake-rotor').ServerCustomer>>,
  opts: Parameters<typeof makeHarness>[0] = {},
): Promise<Harness & { ids: string[]; id: (i: number) => string }> {
  const rotor = opts.rotor ?? new FakeRotor(() => h.clock.now);
  const h: Harness = await makeHarness({ ...opts, rotor });
  const ids = rotor.seed(seed).map((c) => c.id);
  await h.store.fullRefresh();
  h.net.online = false;
  return { ...h, ids, id: idAt(ids) };
}
