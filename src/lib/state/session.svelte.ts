/**
 * The app's connection to main and to the data layer: account, settings, quota, connectivity and
 * demo state as reported by `window.rotor`, and the open DataStore with reactive reads over it.
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
  ConflictPick,
  DataStore,
  EditableFields,
  LocalCustomer,
  OutboxEntry,
  PausedReason,
  SaveResult,
  SearchQuery,
  SearchResult,
} from '$lib/data/api';
import type { OpenDataStoreOptions } from '$lib/data/store';
import { formatCount } from '$lib/format/number';
import { leftBehindSentence } from './confirm-text';
import { connectErrorMessage, errorMessage, missingScopesMessage } from './messages';
import { noticeToast, refreshToast } from './outcomes';
import type { Toast } from './outcomes';
import { accountLabel, fixedInSettings, pausedActionMessage } from './pause';
import type { PauseContext } from './pause';
import {
  documentTheme,
  EMPTY_META,
  EMPTY_RESULT,
  FALLBACK_QUOTA,
  FALLBACK_SETTINGS,
  IDLE_PROGRESS,
  NO_STORE,
} from './session-defaults';
import type { Notify, Tone } from './session-defaults';

/** What the session passes when it opens an account's data store (the rest keeps its defaults). */
export type StoreOptions = Pick<OpenDataStoreOptions, 'accountId' | 'api' | 'settings' | 'quota' | 'online'>;

export type OpenStore = (opts: StoreOptions) => Promise<DataStore>;

export interface SessionDeps {
  api: RotorApi;
  openStore: OpenStore;
  notify?: Notify;
  /** Applies the theme to the document; injectable so the session runs without a DOM. */
  applyTheme?: (theme: Settings['theme']) => void;
}

/** Changes that wait in an account's cache while another account (or none) is open. */
export interface LeftBehind {
  accountId: string;
  count: number;
  /** "the key ending in …abcd" */
  label: string;
}

export type Phase = 'starting' | 'onboarding' | 'opening' | 'ready' | 'failed';

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
  /** Changes kept in another account's cache since that account was closed (this run only). */
  leftBehind = $state.raw<LeftBehind | null>(null);

  #store = $state.raw<DataStore | null>(null);
  /** Bumped by the DataStore's change notifications; every store read below depends on it. */
  #version = $state(0);
  #unsubscribeStore: (() => void)[] = [];
  #rewriteListeners: ((from: string, to: string) => void)[] = [];
  #unsubscribeEvents: (() => void)[] = [];
  /** The account being opened or open, so repeated account events don't reopen the same store. */
  #targetAccount: string | null = null;
  /** The account status the open store was opened for (its key hint names it after a switch). */
  #openAccount: AccountStatus | null = null;
  #openSeq = 0;
  readonly #deps: SessionDeps;

  constructor(deps: SessionDeps) {
    this.#deps = deps;
  }

  get api(): RotorApi {
    return this.#deps.api;
  }

  get store(): DataStore | null {
    return this.#store;
  }

  get online(): boolean {
    return this.connectivity.state === 'online';
  }

  get isDemo(): boolean {
    return this.account?.demo === true || this.demo.active;
  }

  /** Reads from the store, registering a dependency on its change counter. */
  #read<T>(read: (store: DataStore) => T, fallback: T): T {
    // Reading #version is what makes callers re-run when the store reports a change.
    if (this.#version < 0 || !this.#store) return fallback;
    return read(this.#store);
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
    if (!id) return undefined;
    return this.#read((s) => s.get(id), undefined);
  }

  entryFor(customerId: string | null | undefined): OutboxEntry | undefined {
    if (!customerId) return undefined;
    return this.#read((s) => s.entryFor(customerId), undefined);
  }

  search(query: SearchQuery): SearchResult {
    return this.#read((s) => s.search(query), EMPTY_RESULT);
  }

  findUpsertMatch(fields: Pick<EditableFields, 'phone' | 'email'>): LocalCustomer | undefined {
    return this.#read((s) => s.findUpsertMatch(fields), undefined);
  }

  #notify(message: string, tone: Tone = 'info'): void {
    this.#deps.notify?.(message, tone);
  }

  #applyTheme(theme: Settings['theme']): void {
    (this.#deps.applyTheme ?? documentTheme)(theme);
  }

  /** Subscribes to main's events, loads the current state, and opens the account's cache. */
  async start(): Promise<void> {
    try {
      this.#subscribeEvents();
      await this.#load();
    } catch {
      // Only a missing or broken bridge throws here: every window.rotor call answers with data.
      this.failure = {
        kind: 'internal',
        message: 'Rotor Desk’s background service is not available. Restart the app.',
      };
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
    this.#applyTheme(settings.theme);
  }

  #onConnectivity(next: Connectivity): void {
    const wasOnline = this.connectivity.state === 'online';
    this.connectivity = next;
    // Coming back online is the moment queued edits can go out, then a refresh if one is due.
    if (!wasOnline && next.state === 'online') void this.#catchUp();
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
      this.#closeStore();
      this.phase = 'onboarding';
      return;
    }
    if (this.#targetAccount === status.accountId && (this.phase === 'ready' || this.phase === 'opening'))
      return;
    const seq = ++this.#openSeq;
    this.#targetAccount = status.accountId;
    this.#closeStore();
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
      this.failure = {
        kind: 'internal',
        message: 'The customer cache on this computer could not be opened.',
        retryable: true,
      };
      this.phase = 'failed';
      return;
    }
    if (seq !== this.#openSeq) {
      store.close();
      return;
    }
    this.#attach(store, status);
    this.#noteLeftBehind(status.accountId, announce);
    this.phase = 'ready';
    if (this.online) void this.#catchUp();
  }

  /** After opening `accountId`: its own changes are back, or another account's stay behind. */
  #noteLeftBehind(accountId: string, announce: boolean): void {
    const behind = this.leftBehind;
    if (!behind) return;
    if (behind.accountId === accountId) this.leftBehind = null;
    else if (announce)
      this.#notify(
        `Another Rotor account is open. ${leftBehindSentence(behind.count, behind.label)}`,
        'warning',
      );
  }

  #attach(store: DataStore, status: AccountStatus): void {
    this.#store = store;
    this.#openAccount = status;
    // The store schedules its own automatic refreshes; the session only asks at open and on reconnect.
    this.#unsubscribeStore = [
      store.subscribe(() => {
        this.#version++;
      }),
      store.onIdRewrite((from, to) => {
        for (const listener of this.#rewriteListeners) listener(from, to);
      }),
      store.onNotice((notice) => {
        const toast = noticeToast(notice);
        this.#notify(toast.message, toast.tone);
      }),
    ];
    this.#version++;
  }

  /** A `local:` id became a Rotor id: views holding the old id follow it. */
  onIdRewrite(listener: (from: string, to: string) => void): () => void {
    this.#rewriteListeners.push(listener);
    return () => {
      this.#rewriteListeners = this.#rewriteListeners.filter((l) => l !== listener);
    };
  }

  /** Sends what is queued, then refreshes if the last full refresh is older than the setting. */
  async #catchUp(): Promise<void> {
    await this.replay();
    await this.#autoRefresh();
  }

  async #autoRefresh(): Promise<void> {
    const store = this.#store;
    if (!store || !this.online) return;
    try {
      await store.maybeAutoRefresh();
    } catch {
      // Refresh errors are reported through progress(), shown by the status bar.
    }
  }

  #closeStore(): void {
    for (const off of this.#unsubscribeStore) off();
    this.#unsubscribeStore = [];
    const store = this.#store;
    this.#store = null;
    if (!store) return;
    const count = store.outbox().length;
    // They stay in that account's database; remembered so the next screens can say so.
    if (count > 0)
      this.leftBehind = { accountId: store.accountId, count, label: accountLabel(this.#openAccount) };
    this.#openAccount = null;
    store.close();
  }

  /** Sends queued changes. Failures land on the outbox entries, where the UI shows them. */
  async replay(): Promise<void> {
    const store = this.#store;
    if (!store) return;
    try {
      await store.replay();
    } catch {
      // The data layer records per-entry errors; a throw here has nothing more to tell the user.
    }
  }

  /** Checks an API key with Rotor and, when it can read and write customers, opens its account. */
  async connect(apiKey: string): Promise<Result<ConnectResult>> {
    this.busy = true;
    try {
      const result = await this.#deps.api.account.connect({ apiKey: apiKey.trim() });
      if (!result.ok)
        return { ok: false, error: { ...result.error, message: connectErrorMessage(result.error) } };
      if (result.data.missingScopes.length > 0) {
        return {
          ok: false,
          error: {
            kind: 'forbidden',
            message: missingScopesMessage(result.data.missingScopes),
            missingScope: result.data.missingScopes[0],
          },
        };
      }
      this.connected = result.data;
      await this.#enter(result.data.status);
      // A key accepted for the open account ends the pause a rejected key caused.
      const store = this.#store;
      const paused = store?.pausedReason();
      if (store?.accountId === result.data.status.accountId && paused && fixedInSettings(paused.kind))
        void store.resume().catch(() => undefined);
      return result;
    } finally {
      this.busy = false;
    }
  }

  async removeKey(): Promise<Result<AccountStatus>> {
    this.busy = true;
    try {
      const result = await this.#deps.api.account.remove();
      if (!result.ok) {
        this.#notify(errorMessage(result.error), 'error');
        return result;
      }
      this.connected = null;
      await this.#enter(result.data);
      const behind = this.leftBehind;
      this.#notify(
        behind
          ? `API key removed from this computer. ${formatCount(behind.count, 'change stays', 'changes stay')} here and will be sent when you connect this key again.`
          : 'API key removed from this computer',
        'success',
      );
      return result;
    } finally {
      this.busy = false;
    }
  }

  async startDemo(): Promise<Result<AccountStatus>> {
    this.busy = true;
    try {
      const result = await this.#deps.api.demo.start();
      if (!result.ok) return result;
      this.connected = null;
      // Onboarding asked before opening the demo while another account's changes wait.
      await this.#enter(result.data, false);
      const demo = await this.#deps.api.demo.status();
      if (demo.ok) this.demo = demo.data;
      return result;
    } finally {
      this.busy = false;
    }
  }

  async leaveDemo(): Promise<Result<AccountStatus>> {
    this.busy = true;
    try {
      const result = await this.#deps.api.demo.stop();
      if (!result.ok) {
        this.#notify(errorMessage(result.error), 'error');
        return result;
      }
      this.demo = { ...this.demo, active: false };
      // Leaving the demo always goes back to onboarding or the real account, never stays in demo data.
      await this.#enter(result.data);
      return result;
    } finally {
      this.busy = false;
    }
  }

  async setDemoReachable(reachable: boolean): Promise<void> {
    const result = await this.#deps.api.demo.setReachable({ reachable });
    if (!result.ok) {
      this.#notify(errorMessage(result.error), 'error');
      return;
    }
    this.demo = result.data;
    // Nothing probes while the app believes it is online, and the offline probe backs off up to
    // 5 minutes: without a check the status bar would not follow the switch either way.
    void this.checkConnection();
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

  /**
   * On the user's request: send what waits, then refresh every customer (the button showed both
   * costs). "Sync complete" only when the refresh says it completed.
   */
  async syncNow(): Promise<void> {
    const store = this.#store;
    if (!store || this.syncBusy) return;
    this.syncing = true;
    let toast: Toast;
    try {
      if (store.meta().pendingCount > 0 && !store.pausedReason()) await this.replay();
      toast = refreshToast(await store.fullRefresh({ manual: true }));
    } catch {
      toast = { message: 'Sync failed: something went wrong on this computer. Try again.', tone: 'error' };
    } finally {
      this.syncing = false;
    }
    this.#notify(toast.message, toast.tone);
  }

  /** One customer from Rotor (1 request). */
  async refreshOne(id: string): Promise<boolean> {
    const store = this.#store;
    if (!store) return false;
    const result = await store.refreshOne(id);
    if (result.ok) this.#notify('Customer refreshed from Rotor', 'success');
    else this.#notify(`Could not refresh: ${errorMessage(result.error)}`, 'error');
    return result.ok;
  }

  /** Queues an edit; the store starts sending it right away when online. */
  async saveEdit(customerId: string, changes: EditableFields): Promise<SaveResult> {
    const store = this.#store;
    if (!store) return NO_STORE;
    return store.saveEdit(customerId, changes);
  }

  async createCustomer(fields: EditableFields): Promise<SaveResult> {
    const store = this.#store;
    if (!store) return NO_STORE;
    return store.createCustomer(fields);
  }

  /** Drops a queued change and rolls the customer back to Rotor's values. */
  async discard(entryId: string): Promise<void> {
    const store = this.#store;
    if (!store) return;
    try {
      await store.discard(entryId);
      this.#notify('Change discarded', 'success');
    } catch {
      this.#notify('The change could not be discarded. Try again.', 'error');
    }
  }

  async retryNow(entryId: string): Promise<void> {
    const store = this.#store;
    if (!store) return;
    try {
      await store.retryNow(entryId);
    } catch {
      this.#notify('The change could not be retried. Try again.', 'error');
      return;
    }
    this.#explainHeld(store, 'Offline — the change will be sent when the connection is back');
  }

  /** "Send all now": sends what is due, or says why nothing went. */
  async sendAll(): Promise<void> {
    const store = this.#store;
    if (!store) return;
    await this.replay();
    this.#explainHeld(store, 'Offline — your changes will be sent when the connection is back');
  }

  /** After a send the user asked for: why nothing went, when something still holds it back. */
  #explainHeld(store: DataStore, offline: string): void {
    const paused = store.pausedReason();
    if (paused) this.#notify(pausedActionMessage(paused, this.pauseContext), 'warning');
    else if (!this.online) this.#notify(offline, 'warning');
  }

  /** What the pause texts need (see pause.ts), read reactively. */
  get pauseContext(): PauseContext {
    return { meta: this.meta, quota: this.quota, account: this.account };
  }

  async resolveConflict(entryId: string, picks: ConflictPick): Promise<boolean> {
    const store = this.#store;
    if (!store) return false;
    try {
      await store.resolveConflict(entryId, picks);
    } catch {
      this.#notify('The conflict could not be resolved. Try again.', 'error');
      return false;
    }
    this.#notify(
      this.online ? 'Conflict resolved — sending to Rotor' : 'Conflict resolved — will sync when online',
      'success',
    );
    return true;
  }

  /** For a change Rotor answered "not found" (deleted in Rotor): send the record as a new customer. */
  async recreateAsNew(entryId: string): Promise<boolean> {
    const store = this.#store;
    if (!store) return false;
    const result = await store.recreateAsNew(entryId);
    if (result.ok) this.#notify('Queued as a new customer', 'success');
    else this.#notify(result.error.message, 'error');
    return result.ok;
  }

  /** After fixing the key elsewhere (e.g. its permissions in Rotor): lift the pause and send. */
  async resume(): Promise<void> {
    const store = this.#store;
    if (!store) return;
    try {
      await store.resume();
    } catch {
      // Entry errors are shown per entry.
    }
    this.#explainHeld(store, 'Offline — your changes will be sent when the connection is back');
  }

  /** Stops listening to main and closes the cache (window unload, tests). */
  dispose(): void {
    for (const off of this.#unsubscribeEvents) off();
    this.#unsubscribeEvents = [];
    this.#openSeq++;
    this.#closeStore();
  }
}
