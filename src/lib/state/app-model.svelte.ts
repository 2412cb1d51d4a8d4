/**
 * The app's model as views see it: one object composed of parts with one job each, re-exposed under
 * the names components use.
 * - main-state: main's state and the one subscriber to main's events;
 * - lifecycle: which screen, and which account's cache is open (open-cache);
 * - cache-views: reactive reads over the open cache;
 * - outbox-, sync- and account-actions: the user's commands, behind the one guard (guard.ts);
 * - theme: the document follows the theme setting.
 * Only these modules call `window.rotor`; components call the model.
 */
import type { AppError, Result } from '@contract/result';
import type { Settings, SettingsPatch } from '@contract/settings';
import type { AccountStatus, AppInfo, Connectivity, DemoStatus, QuotaState } from '@contract/state';
import type { DataStore } from '$lib/data/types';
import { AccountActions } from './account-actions.svelte';
import { CacheViews } from './cache-views.svelte';
import { Lifecycle } from './lifecycle.svelte';
import { MainState } from './main-state.svelte';
import type { AppModelDeps, LeftBehind, Phase } from './model-types';
import type { Notify } from './notify';
import { outboxActions } from './outbox-actions';
import type { PauseContext } from './pause';
import { SyncActions } from './sync-actions.svelte';
import { followTheme } from './theme';

export class AppModel {
  readonly main: MainState;
  readonly lifecycle: Lifecycle;
  readonly views: CacheViews;
  readonly #sync: SyncActions;
  readonly #account: AccountActions;

  constructor(deps: AppModelDeps) {
    const notify: Notify = (message, tone = 'info') => deps.notify?.(message, tone);
    this.main = new MainState(deps.api);
    followTheme(this.main, deps.applyTheme);
    this.lifecycle = new Lifecycle({
      main: this.main,
      openStore: deps.openStore,
      notify,
      lastAccount: deps.lastAccount,
      catchUp: () => void this.#sync.catchUp(),
    });
    this.views = new CacheViews(this.lifecycle.cache);
    this.#sync = new SyncActions(this, notify);
    this.#account = new AccountActions(this.main, this.lifecycle, notify);
    const outbox = outboxActions(this, notify);
    this.refreshOne = outbox.refreshOne;
    this.saveEdit = outbox.saveEdit;
    this.saveEdits = outbox.saveEdits;
    this.createCustomer = outbox.createCustomer;
    this.discard = outbox.discard;
    this.retryNow = outbox.retryNow;
    this.sendAll = outbox.sendAll;
    this.resolveConflict = outbox.resolveConflict;
    this.recreateAsNew = outbox.recreateAsNew;
    this.resume = outbox.resume;
    this.connect = this.#account.connect;
    this.removeKey = this.#account.removeKey;
    this.startDemo = this.#account.startDemo;
    this.leaveDemo = this.#account.leaveDemo;
    this.setDemoReachable = this.#account.setDemoReachable;
    this.replay = this.#sync.replay;
    this.syncNow = this.#sync.syncNow;
  }

  // ---- commands (docs at each home) ----------------------------------------------------------
  readonly refreshOne: ReturnType<typeof outboxActions>['refreshOne'];
  readonly saveEdit: ReturnType<typeof outboxActions>['saveEdit'];
  readonly saveEdits: ReturnType<typeof outboxActions>['saveEdits'];
  readonly createCustomer: ReturnType<typeof outboxActions>['createCustomer'];
  readonly discard: ReturnType<typeof outboxActions>['discard'];
  readonly retryNow: ReturnType<typeof outboxActions>['retryNow'];
  readonly sendAll: ReturnType<typeof outboxActions>['sendAll'];
  readonly resolveConflict: ReturnType<typeof outboxActions>['resolveConflict'];
  readonly recreateAsNew: ReturnType<typeof outboxActions>['recreateAsNew'];
  readonly resume: ReturnType<typeof outboxActions>['resume'];
  readonly connect: AccountActions['connect'];
  readonly removeKey: AccountActions['removeKey'];
  readonly startDemo: AccountActions['startDemo'];
  readonly leaveDemo: AccountActions['leaveDemo'];
  readonly setDemoReachable: AccountActions['setDemoReachable'];
  readonly replay: SyncActions['replay'];
  readonly syncNow: SyncActions['syncNow'];

  updateSettings(patch: SettingsPatch): Promise<Result<Settings>> {
    return this.main.updateSettings(patch);
  }

  checkConnection(): Promise<void> {
    return this.main.checkConnection();
  }

  /** The user's "Check now" is waiting for main's probe. */
  get connectionChecking(): boolean {
    return this.main.checking;
  }

  /** A manual "Sync now" is in flight. */
  get syncing(): boolean {
    return this.#sync.syncing;
  }

  /** A refresh of any kind is running (manual or automatic). */
  get syncBusy(): boolean {
    return this.#sync.busy;
  }

  /** A Connect, demo or key change is in flight; the controls that start one are disabled. */
  get busy(): boolean {
    return this.#account.busy;
  }

  // ---- main's state ----------------------------------------------------------------------------
  get account(): AccountStatus | null {
    return this.main.account;
  }
  get settings(): Settings {
    return this.main.settings;
  }
  get connectivity(): Connectivity {
    return this.main.connectivity;
  }
  get quota(): QuotaState {
    return this.main.quota;
  }
  get demo(): DemoStatus {
    return this.main.demo;
  }
  get info(): AppInfo | null {
    return this.main.info;
  }
  get online(): boolean {
    return this.main.online;
  }
  get isDemo(): boolean {
    return this.main.isDemo;
  }

  // ---- lifecycle -------------------------------------------------------------------------------
  get phase(): Phase {
    return this.lifecycle.phase;
  }
  set phase(phase: Phase) {
    this.lifecycle.phase = phase;
  }
  /** While `phase` is `opening`: customers read so far (see opening-text.ts). */
  get loading() {
    return this.lifecycle.loading;
  }
  /** Why `phase` is `failed`. */
  get failure(): AppError | null {
    return this.lifecycle.failure;
  }
  get store(): DataStore | null {
    return this.lifecycle.store;
  }
  /** Changes kept in another account's cache since that account was closed (this run only). */
  get leftBehind(): LeftBehind | null {
    return this.lifecycle.leftBehind;
  }
  /** A `local:` id became a Rotor id: views holding the old id follow it. */
  get onIdRewrite(): Lifecycle['cache']['onIdRewrite'] {
    return this.lifecycle.cache.onIdRewrite;
  }
  start(): Promise<void> {
    return this.lifecycle.start();
  }
  retryStart(): Promise<void> {
    return this.lifecycle.retryStart();
  }
  /** Stops listening to main and closes the cache (window unload, tests). */
  dispose(): void {
    this.lifecycle.dispose();
  }

  // ---- the open cache --------------------------------------------------------------------------
  get meta() {
    return this.views.meta;
  }
  get progress() {
    return this.views.progress;
  }
  get outbox() {
    return this.views.outbox;
  }
  get tagsPresent() {
    return this.views.tagsPresent;
  }
  get refreshCost() {
    return this.views.refreshCost;
  }
  get sendCost() {
    return this.views.sendCost;
  }
  get paused() {
    return this.views.paused;
  }
  get sentToday() {
    return this.views.sentToday;
  }
  get imports() {
    return this.views.imports;
  }
  readonly customer: CacheViews['customer'] = (id) => this.views.customer(id);
  readonly entryFor: CacheViews['entryFor'] = (id) => this.views.entryFor(id);
  readonly search: CacheViews['search'] = (query) => this.views.search(query);
  readonly findUpsertMatch: CacheViews['findUpsertMatch'] = (fields) => this.views.findUpsertMatch(fields);

  /** What the pause texts need (see pause.ts), read reactively. */
  get pauseContext(): PauseContext {
    return { meta: this.views.meta, quota: this.main.quota, account: this.main.account };
  }
}
