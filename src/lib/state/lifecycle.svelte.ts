/**
 * Which screen the app is on and which account's cache is open: starting → onboarding (no key) or
 * opening → ready, and from ready back to opening when another account's key comes in (a switch: the
 * old cache closes, its waiting changes are remembered, the new one opens), or to onboarding when the
 * key goes. Moves on main's account status, from main's events or from the user's own account actions.
 * Only the newest open wins: a store whose open was overtaken is closed as soon as it arrives.
 */
import type { AppError } from '@contract/result';
import type { AccountStatus } from '@contract/state';
import type { LoadProgress } from '$lib/data/store/read-rows';
import type { DataStore } from '$lib/data/types';
import type { LastAccount, LeftBehind, OpenStore, Phase } from './model-types';
import type { MainState } from './main-state.svelte';
import type { Notify } from './notify';
import { OpenCache } from './open-cache.svelte';

/** Why the app can't start: the bridge to main is missing or broken (every call otherwise answers data). */
const NO_BRIDGE: AppError = {
  kind: 'internal',
  message: 'Rotor Desk’s background service is not available. Restart the app.',
};

const CACHE_UNOPENED: AppError = {
  kind: 'internal',
  message: 'The customer cache on this computer could not be opened.',
  retryable: true,
};

export interface LifecycleDeps {
  main: MainState;
  openStore: OpenStore;
  notify: Notify;
  /** Sends what waits and refreshes if due: when a cache opens online, and when Rotor is reachable again. */
  catchUp: () => void;
  lastAccount?: LastAccount;
}

/** One cache being opened; `seq` is the open that adopted it (its progress is shown only then). */
interface Opening {
  accountId: string;
  store: Promise<DataStore>;
  latest: LoadProgress | null;
  seq: number;
}

export class Lifecycle {
  phase = $state<Phase>('starting');
  /** Why `phase` is `failed`. */
  failure = $state.raw<AppError | null>(null);
  /** Until the whole cache is in memory: customers read of how many (opening screen, then count line). */
  loading = $state.raw<LoadProgress | null>(null);

  readonly cache: OpenCache;
  readonly #d: LifecycleDeps;
  /** The account being opened or open, so repeated account events don't reopen the same store. */
  #targetAccount: string | null = null;
  #openSeq = 0;
  /** The remembered account's cache, opened before main confirmed it (used only if it does). */
  #early: Opening | null = null;

  constructor(deps: LifecycleDeps) {
    this.#d = deps;
    this.cache = new OpenCache(deps.notify);
    deps.main.onAccount((status) => this.#onAccount(status));
    deps.main.onConnectivity((next, previous) => {
      // Coming back online is the moment queued edits can go out, then a refresh if one is due.
      if (previous.state !== 'online' && next.state === 'online') deps.catchUp();
    });
  }

  get store(): DataStore | null {
    return this.cache.store;
  }

  /** Changes kept in another account's cache since that account was closed (this run only). */
  get leftBehind(): LeftBehind | null {
    return this.cache.leftBehind;
  }

  /** Subscribes to main's events, loads the current state, and opens the account's cache. */
  async start(): Promise<void> {
    const { main } = this.#d;
    let account: Awaited<ReturnType<MainState['load']>>;
    try {
      main.listen();
      const remembered = this.#d.lastAccount?.get();
      if (remembered && !this.#early) this.#early = this.#open(remembered);
      account = await main.load();
    } catch {
      // Only a missing or broken bridge throws here: every window.rotor call answers with data.
      this.#takeEarly(null);
      this.failure = NO_BRIDGE;
      this.phase = 'failed';
      return;
    }
    if (!account.ok) {
      this.#takeEarly(null);
      this.failure = account.error;
      this.phase = 'failed';
      return;
    }
    await this.enter(account.data);
  }

  /** After a start failure: ask main again. */
  async retryStart(): Promise<void> {
    this.failure = null;
    this.phase = 'starting';
    this.#targetAccount = null;
    await this.start();
  }

  #onAccount(status: AccountStatus): void {
    this.#d.main.account = status;
    // During onboarding only the user's own Connect / demo choice moves on, so a key stored with
    // missing scopes doesn't drop them into a list they can't use.
    if (this.phase === 'starting' || this.phase === 'onboarding') return;
    void this.enter(status);
  }

  /**
   * Moves to the screen an account status calls for, opening that account's cache if needed.
   * `announce`: say so when another account's changes stay behind (not when the user just confirmed it).
   */
  async enter(status: AccountStatus, announce = true): Promise<void> {
    const { main } = this.#d;
    main.account = status;
    if (!status.configured || !status.accountId) {
      this.#openSeq++;
      this.#targetAccount = null;
      this.#takeEarly(null);
      this.#d.lastAccount?.set(null);
      this.cache.close();
      this.loading = null;
      this.phase = 'onboarding';
      return;
    }
    if (this.#targetAccount === status.accountId && (this.phase === 'ready' || this.phase === 'opening'))
      return;
    const seq = ++this.#openSeq;
    this.#targetAccount = status.accountId;
    this.cache.close();
    this.failure = null;
    this.loading = null;
    this.phase = 'opening';
    const opening = this.#takeEarly(status.accountId) ?? this.#open(status.accountId, seq);
    opening.seq = seq;
    this.loading = opening.latest;
    let store: DataStore;
    try {
      store = await opening.store;
    } catch {
      if (seq !== this.#openSeq) return;
      this.#targetAccount = null;
      this.loading = null;
      this.failure = CACHE_UNOPENED;
      this.phase = 'failed';
      return;
    }
    if (seq !== this.#openSeq) {
      store.close();
      return;
    }
    this.cache.attach(store, status, announce);
    this.#d.lastAccount?.set(status.accountId);
    this.phase = 'ready';
    if (main.online) this.#d.catchUp();
  }

  /** Opens `accountId`'s cache; its progress shows while `seq` is the newest open (-1: not adopted yet). */
  #open(accountId: string, seq = -1): Opening {
    const main = this.#d.main;
    const track: Pick<Opening, 'latest' | 'seq'> = { latest: null, seq };
    const store = this.#d.openStore({
      accountId,
      api: main.api,
      // The store reads what it needs (page size, fresh-copy minutes, quota…) from main's state, live,
      // and hears main's events from the same place.
      events: main,
      settings: () => main.settings,
      quota: () => main.quota,
      online: () => main.online,
      onLoadProgress: (progress) => {
        track.latest = progress;
        if (track.seq === this.#openSeq) this.loading = progress;
      },
    });
    return Object.assign(track, { accountId, store });
  }

  /** The early open if it is for `accountId`; otherwise it is closed (when it arrives) and null. */
  #takeEarly(accountId: string | null): Opening | null {
    const early = this.#early;
    this.#early = null;
    if (!early || early.accountId === accountId) return early;
    early.store.then(
      (store) => store.close(),
      () => undefined,
    );
    return null;
  }

  /** Stops listening to main and closes the cache (window unload, tests). */
  dispose(): void {
    this.#d.main.dispose();
    this.#takeEarly(null);
    this.#openSeq++;
    this.cache.close();
  }
}
