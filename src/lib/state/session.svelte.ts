/**
 * The app's connection to main and to the data layer: main's state as `window.rotor` reports it, the
 * phase machine that opens the right account's cache (open-cache), and reactive reads over the open
 * DataStore. The user's actions live by concern in account-, outbox- and sync-actions, composed here.
 * Components read this; only this module and the other state modules call `window.rotor`.
 */
import type { AppError, Result } from '@contract/result';
import type { Settings, SettingsPatch } from '@contract/settings';
import type {
  AccountStatus,
  AppInfo,
  Connectivity,
  ConnectResult,
  DemoStatus,
  QuotaState,
} from '@contract/state';
import type { RotorApi } from '@contract/surface';
import type {
  DataStore,
  EditableFields,
  LocalCustomer,
  OutboxEntry,
  PausedReason,
  SearchQuery,
  SearchResult,
} from '$lib/data/api';
import { AccountActions } from './account-actions';
import { OpenCache } from './open-cache.svelte';
import { OutboxActions } from './outbox-actions';
import type { PauseContext } from './pause';
import { IDLE_PROGRESS } from '$lib/data/api';
import {
  CACHE_UNOPENED,
  documentTheme,
  EMPTY_META,
  EMPTY_RESULT,
  FALLBACK_QUOTA,
  FALLBACK_SETTINGS,
  NO_BRIDGE,
} from './session-defaults';
import type { Notify } from './session-defaults';
import type { LeftBehind, Phase, SessionDeps } from './session-types';
import { SyncActions } from './sync-actions';

export class Session {
  phase = $state<Phase>('starting');
  account = $state.raw<AccountStatus | null>(null);
  settings = $state.raw<Settings>(FALLBACK_SETTINGS);
  connectivity = $state.raw<Connectivity>({ state: 'checking', nextCheckAt: null });
  quota = $state.raw<QuotaState>(FALLBACK_QUOTA);
  demo = $state.raw<DemoStatus>({ active: false, reachable: true, customers: 0 });
  info = $state.raw<AppInfo | null>(null);
  /** Why `phase` is `failed`. */
  failure = $state.raw<AppError | null>(null);
  /** The last successful Connect, shown once as a confirmation banner. */
  connected = $state.raw<ConnectResult | null>(null);
  /** A manual "Sync now" is in flight. */
  syncing = $state(false);
  /** A Connect, demo or key change is in flight; the controls that start one are disabled. */
  busy = $state(false);

  #unsubscribeEvents: (() => void)[] = [];
  /** The account being opened or open, so repeated account events don't reopen the same store. */
  #targetAccount: string | null = null;
  #openSeq = 0;
  readonly #deps: SessionDeps;

  // An arrow so the composed modules can call it; it reads #deps only when called (set below).
  readonly #notify: Notify = (message, tone = 'info') => this.#deps.notify?.(message, tone);
  readonly #cache = new OpenCache(this.#notify);
  readonly #sync = new SyncActions(this, this.#notify);
  readonly #outboxActions = new OutboxActions(this, this.#notify);
  readonly #accountActions = new AccountActions(this, this.#enter.bind(this), this.#notify);

  // The composed modules' actions, on the session where components call them (docs at each home).
  readonly replay = this.#sync.replay;
  readonly syncNow = this.#sync.syncNow;
  readonly refreshOne = this.#outboxActions.refreshOne;
  readonly saveEdit = this.#outboxActions.saveEdit;
  readonly createCustomer = this.#outboxActions.createCustomer;
  readonly discard = this.#outboxActions.discard;
  readonly retryNow = this.#outboxActions.retryNow;
  readonly sendAll = this.#outboxActions.sendAll;
  readonly resolveConflict = this.#outboxActions.resolveConflict;
  readonly recreateAsNew = this.#outboxActions.recreateAsNew;
  readonly resume = this.#outboxActions.resume;
  readonly connect = this.#accountActions.connect;
  readonly removeKey = this.#accountActions.removeKey;
  readonly startDemo = this.#accountActions.startDemo;
  readonly leaveDemo = this.#accountActions.leaveDemo;
  readonly setDemoReachable = this.#accountActions.setDemoReachable;
  readonly onIdRewrite = this.#cache.onIdRewrite;

  constructor(deps: SessionDeps) {
    this.#deps = deps;
  }

  get api(): RotorApi {
    return this.#deps.api;
  }

  get store(): DataStore | null {
    return this.#cache.store;
  }

  /** Changes kept in another account's cache since that account was closed (this run only). */
  get leftBehind(): LeftBehind | null {
    return this.#cache.leftBehind;
  }

  get online(): boolean {
    return this.connectivity.state === 'online';
  }

  get isDemo(): boolean {
    return this.account?.demo === true || this.demo.active;
  }

  /** Reads from the store, registering a dependency on its change counter. */
  #read<T>(read: (store: DataStore) => T, fallback: T): T {
    // Reading the version is what makes callers re-run when the store reports a change.
    const store = this.#cache.store;
    if (this.#cache.version < 0 || !store) return fallback;
    return read(store);
  }

  meta = $derived.by(() => this.#read((s) => s.meta(), EMPTY_META));
  progress = $derived.by(() => this.#read((s) => s.progress(), IDLE_PROGRESS));
  outbox = $derived.by(() => this.#read((s) => s.outbox(), [] as OutboxEntry[]));
  tagsPresent = $derived.by(() => this.#read((s) => s.tagsPresent(), [] as string[]));
  refreshCost = $derived.by(() => this.#read((s) => s.refreshCost(), 1));
  /** Requests sending what waits would cost now, the reads of Rotor's copy included. */
  sendCost = $derived.by(() => this.#read((s) => s.sendCost(), 0));
  /** Why the outbox is holding every change back (key rejected, quota spent, account switched), if it is. */
  paused = $derived.by(() => this.#read<PausedReason | null>((s) => s.pausedReason(), null));
  /** A refresh of any kind is running (manual or automatic). */
  syncBusy = $derived(this.syncing || this.progress.running);

  customer(id: string | null | undefined): LocalCustomer | undefined {
    return id ? this.#read((s) => s.get(id), undefined) : undefined;
  }

  entryFor(customerId: string | null | undefined): OutboxEntry | undefined {
    return customerId ? this.#read((s) => s.entryFor(customerId), undefined) : undefined;
  }

  search(query: SearchQuery): SearchResult {
    return this.#read((s) => s.search(query), EMPTY_RESULT);
  }

  findUpsertMatch(fields: Pick<EditableFields, 'phone' | 'email'>): LocalCustomer | undefined {
    return this.#read((s) => s.findUpsertMatch(fields), undefined);
  }

  /** Subscribes to main's events, loads the current state, and opens the account's cache. */
  async start(): Promise<void> {
    try {
      this.#subscribeEvents();
      await this.#load();
    } catch {
      // Only a missing or broken bridge throws here: every window.rotor call answers with data.
      this.failure = NO_BRIDGE;
      this.phase = 'failed';
    }
  }

  async #load(): Promise<void> {
    const api = this.#deps.api;
    const [info, settings, quota, connectivity, demo, account] = await Promise.all([
      api.app.info(),
      api.settings.get(),
      api.quota.get(),
      api.connectivity.get(),
      api.demo.status(),
      api.account.status(),
    ]);
    if (info.ok) this.info = info.data;
    if (settings.ok) this.#setSettings(settings.data);
    if (quota.ok) this.quota = quota.data;
    if (connectivity.ok) this.connectivity = connectivity.data;
    if (demo.ok) this.demo = demo.data;
    if (!account.ok) {
      this.failure = account.error;
      this.phase = 'failed';
      return;
    }
    await this.#enter(account.data);
  }

  /** After a start failure: ask main again. */
  async retryStart(): Promise<void> {
    this.failure = null;
    this.phase = 'starting';
    this.#targetAccount = null;
    await this.start();
  }

  #subscribeEvents(): void {
    if (this.#unsubscribeEvents.length) return;
    const api = this.#deps.api;
    this.#unsubscribeEvents = [
      api.onConnectivity((c) => this.#onConnectivity(c)),
      api.onQuota((q) => (this.quota = q)),
      api.onDemo((d) => (this.demo = d)),
      api.onSettings((s) => this.#setSettings(s)),
      api.onAccount((a) => this.#onAccount(a)),
    ];
  }

  #setSettings(settings: Settings): void {
    this.settings = settings;
    (this.#deps.applyTheme ?? documentTheme)(settings.theme);
  }

  #onConnectivity(next: Connectivity): void {
    const wasOnline = this.connectivity.state === 'online';
    this.connectivity = next;
    // Coming back online is the moment queued edits can go out, then a refresh if one is due.
    if (!wasOnline && next.state === 'online') void this.#sync.catchUp();
  }

  #onAccount(status: AccountStatus): void {
    this.account = status;
    // During onboarding only the user's own Connect / demo choice moves on, so a key stored with
    // missing scopes doesn't drop them into a list they can't use.
    if (this.phase === 'starting' || this.phase === 'onboarding') return;
    void this.#enter(status);
  }

  /**
   * Moves to the screen an account status calls for, opening that account's cache if needed.
   * `announce`: say so when another account's changes stay behind (not when the user just confirmed it).
   */
  async #enter(status: AccountStatus, announce = true): Promise<void> {
    this.account = status;
    if (!status.configured || !status.accountId) {
      this.#openSeq++;
      this.#targetAccount = null;
      this.#cache.close();
      this.phase = 'onboarding';
      return;
    }
    if (this.#targetAccount === status.accountId && (this.phase === 'ready' || this.phase === 'opening'))
      return;
    const seq = ++this.#openSeq;
    this.#targetAccount = status.accountId;
    this.#cache.close();
    this.failure = null;
    this.phase = 'opening';
    let store: DataStore;
    try {
      store = await this.#deps.openStore({
        accountId: status.accountId,
        api: this.#deps.api,
        // The store reads the settings it needs (page size, fresh-copy minutes…) from main's, live.
        settings: () => this.settings,
        quota: () => this.quota,
        online: () => this.online,
      });
    } catch {
      if (seq !== this.#openSeq) return;
      this.#targetAccount = null;
      this.failure = CACHE_UNOPENED;
      this.phase = 'failed';
      return;
    }
    if (seq !== this.#openSeq) {
      store.close();
      return;
    }
    this.#cache.attach(store, status, announce);
    this.phase = 'ready';
    if (this.online) void this.#sync.catchUp();
  }

  async updateSettings(patch: SettingsPatch): Promise<Result<Settings>> {
    const result = await this.#deps.api.settings.update(patch);
    if (result.ok) this.#setSettings(result.data);
    return result;
  }

  async checkConnection(): Promise<void> {
    this.connectivity = { ...this.connectivity, state: 'checking' };
    const result = await this.#deps.api.connectivity.check();
    if (result.ok) this.#onConnectivity(result.data);
  }

  /** What the pause texts need (see pause.ts), read reactively. */
  get pauseContext(): PauseContext {
    return { meta: this.meta, quota: this.quota, account: this.account };
  }

  /** Stops listening to main and closes the cache (window unload, tests). */
  dispose(): void {
    for (const off of this.#unsubscribeEvents) off();
    this.#unsubscribeEvents = [];
    this.#openSeq++;
    this.#cache.close();
  }
}
