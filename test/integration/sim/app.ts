/**
 * The renderer's session as the simulation needs it (the real one, src/lib/state/session.svelte.ts, is
 * Svelte runes and needs the compiler): what it keeps from main's events, which account's cache it has
 * open, and the moments it asks the store to work — catch-up (replay, then an automatic refresh if one
 * is due) when a store opens online and when main says Rotor is reachable again; resume after a key is
 * accepted for the open account. Everything else the store does by itself, on its own timers.
 */
import type { AccountStatus, Connectivity, QuotaState } from '@contract/state';
import type { Settings } from '@contract/settings';
import type { RotorApi } from '@contract/surface';
import { memoryLocks } from '$lib/data/db/locks';
import { openLocalDataStore } from '$lib/data/store/store';
import type { LocalDataStore } from '$lib/data/store/store';
import type { Rng } from '../../../electron/main/simulation/prng';
import { uuid } from '../../../electron/main/simulation/prng';

export interface AppDeps {
  /** The session's own surface (no account): connect, quota, connectivity, settings. */
  api: RotorApi;
  /** The surface a store of `accountId` uses (its calls are attributed to that account). */
  apiFor(accountId: string): RotorApi;
  now(): number;
  schedule(fn: () => void, ms: number): () => void;
  /** Names the database of `accountId` in this world (kept across reloads, dropped at the end). */
  dbName(accountId: string): string;
  rng: Rng;
}

export class AppModel {
  quota!: QuotaState;
  connectivity!: Connectivity;
  settings!: Settings;
  account: AccountStatus | null = null;
  store: LocalDataStore | null = null;
  /** Async work of the session itself (opening a store), so the world waits for it. */
  busy = 0;
  /** Every database this run opened, by account. */
  readonly databases = new Set<string>();
  private readonly locks = memoryLocks();
  private opening: Promise<void> = Promise.resolve();

  constructor(private readonly d: AppDeps) {}

  /** The session's own surface (connect, quota, connectivity, settings). */
  api() {
    return this.d.api;
  }

  get online(): boolean {
    return this.connectivity.state === 'online';
  }

  async start(): Promise<void> {
    const { api } = this.d;
    api.onQuota((q) => (this.quota = q));
    api.onSettings((s) => (this.settings = s));
    api.onConnectivity((c) => {
      const was = this.online;
      this.connectivity = c;
      if (!was && this.online) this.catchUp();
    });
    api.onAccount((a) => this.enter(a));
    const [q, c, s, a] = await Promise.all([
      api.quota.get(),
      api.connectivity.get(),
      api.settings.get(),
      api.account.status(),
    ]);
    if (!q.ok || !c.ok || !s.ok || !a.ok) throw new Error('main did not answer the session start');
    this.quota = q.data;
    this.connectivity = c.data;
    this.settings = s.data;
    this.enter(a.data);
    await this.opening;
  }

  /** The user enters a key (a first key, another company's, or the same one again after fixing it). */
  async connect(apiKey: string): Promise<boolean> {
    const r = await this.d.api.account.connect({ apiKey });
    if (!r.ok) return false;
    this.enter(r.data.status);
    await this.opening;
    const paused = this.store?.pausedReason();
    if (this.store?.accountId === r.data.status.accountId && paused && paused.kind !== 'quota')
      void this.store.resume().catch(() => undefined);
    return true;
  }

  /** A reload: the page's memory is gone, IndexedDB is kept; requests already sent carry on in main. */
  async reload(): Promise<void> {
    const account = this.account;
    this.closeStore();
    if (account) this.enter(account, true);
    await this.opening;
  }

  closeStore(): void {
    const store = this.store;
    this.store = null;
    store?.close();
  }

  catchUp(): void {
    const store = this.store;
    if (!store || !this.online) return;
    void (async () => {
      await store.replay().catch(() => undefined);
      await store.maybeAutoRefresh().catch(() => undefined);
    })();
  }

  private enter(status: AccountStatus, force = false): void {
    this.account = status;
    const target = status.configured ? status.accountId : null;
    if (!force && target === (this.store?.accountId ?? null)) return;
    this.closeStore();
    if (target === null) return;
    this.busy++;
    this.opening = this.open(target).finally(() => this.busy--);
  }

  private async open(accountId: string): Promise<void> {
    const name = this.d.dbName(accountId);
    this.databases.add(name);
    const store = await openLocalDataStore({
      accountId,
      api: this.d.apiFor(accountId),
      settings: () => this.settings,
      quota: () => this.quota,
      online: () => this.online,
      now: this.d.now,
      random: this.d.rng,
      schedule: this.d.schedule,
      dbName: name,
      locks: this.locks,
      uuid: () => uuid(this.d.rng),
      broadcast: false,
    });
    // Another account event may have come while this one opened.
    if (this.account?.accountId !== accountId || this.store) {
      store.close();
      return;
    }
    this.store = store;
    this.catchUp();
  }
}
