/**
 * Main's state as the renderer knows it, and the one subscriber to main's events: account, settings,
 * connectivity, quota, demo and app info. Everything else reads it from here: views through the app
 * model, the lifecycle through its listeners, and the open data store, which is fed main's events from
 * here (it is handed this object as its event source) instead of subscribing to `window.rotor` again.
 * Answers to the app's own requests (the first load, a settings change, a connection check) change the
 * same state and are told to the same listeners, so a listener hears every change whatever its source.
 */
import type { Result } from '@contract/result';
import type { Settings, SettingsPatch } from '@contract/settings';
import { DEFAULT_SETTINGS } from '@contract/settings-defaults';
import type { AccountStatus, AppInfo, Connectivity, DemoStatus, QuotaState } from '@contract/state';
import type { RotorApi } from '@contract/surface';

/**
 * Until main answers: nothing spent, so `resetsAt` is never shown (it only appears while exhausted).
 * Nothing reads it before main answers but the starting screen, which shows no quota.
 */
const FALLBACK_QUOTA: QuotaState = {
  usedToday: 0,
  dailyLimit: 1000,
  remaining: 1000,
  exhausted: false,
  resetsAt: '1970-01-01T00:00:00.000Z',
  nextProbeAt: null,
};

/** The quota shows a warning once main says a tenth of the day's budget or less remains. */
export function quotaWarning(q: QuotaState): boolean {
  return q.exhausted || q.remaining <= Math.ceil(q.dailyLimit * 0.1);
}

/** A change and what it replaced (a listener may want to know whether the state really moved). */
type Listener<T> = (next: T, previous: T) => void;

/** Listeners, told in the order they subscribed, from a copy (a listener may unsubscribe). */
class Listeners<T> {
  readonly #set = new Set<Listener<T>>();

  add(listener: Listener<T>): () => void {
    this.#set.add(listener);
    return () => this.#set.delete(listener);
  }

  tell(next: T, previous: T): void {
    for (const l of [...this.#set]) l(next, previous);
  }
}

export class MainState {
  account = $state.raw<AccountStatus | null>(null);
  settings = $state.raw<Settings>(DEFAULT_SETTINGS);
  connectivity = $state.raw<Connectivity>({ state: 'checking', nextCheckAt: null });
  quota = $state.raw<QuotaState>(FALLBACK_QUOTA);
  demo = $state.raw<DemoStatus>({ active: false, reachable: true, customers: 0 });
  info = $state.raw<AppInfo | null>(null);
  /** The user's "Check now" is waiting for main's probe (the state it checks stays as it was). */
  checking = $state(false);

  readonly #api: RotorApi;
  #unsubscribe: (() => void)[] = [];
  readonly #account = new Listeners<AccountStatus | null>();
  readonly #settings = new Listeners<Settings>();
  readonly #connectivity = new Listeners<Connectivity>();
  readonly #quota = new Listeners<QuotaState>();

  constructor(api: RotorApi) {
    this.#api = api;
  }

  get api(): RotorApi {
    return this.#api;
  }

  get online(): boolean {
    return this.connectivity.state === 'online';
  }

  get isDemo(): boolean {
    return this.account?.demo === true || this.demo.active;
  }

  // The event source the data store is opened with: the same shape as window.rotor's subscriptions.
  onAccount = (listener: (status: AccountStatus) => void): (() => void) =>
    this.#account.add((next) => {
      if (next) listener(next);
    });
  onSettings = (listener: (settings: Settings) => void): (() => void) => this.#settings.add(listener);
  onConnectivity = (listener: Listener<Connectivity>): (() => void) => this.#connectivity.add(listener);
  onQuota = (listener: (quota: QuotaState) => void): (() => void) => this.#quota.add(listener);

  /** Subscribes to main's events, once. Throws only when the bridge itself is missing. */
  listen(): void {
    if (this.#unsubscribe.length) return;
    const api = this.#api;
    this.#unsubscribe = [
      api.onConnectivity((c) => this.setConnectivity(c)),
      api.onQuota((q) => this.#setQuota(q)),
      api.onDemo((d) => (this.demo = d)),
      api.onSettings((s) => this.setSettings(s)),
      // Only told: the lifecycle decides what a status means and sets `account` as it moves on it.
      api.onAccount((a) => this.#account.tell(a, this.account)),
    ];
  }

  /**
   * Main's state at start; answers the account status (what the lifecycle opens) once what the first
   * screen shows of main's state is in too: settings (theme, sync options), quota (the status bar's
   * line, the send budget) and the demo. App info and connectivity land when they arrive: until then
   * nothing shows a version and "checking" is true, and coming online from there is heard like any
   * change (the lifecycle catches up then). The account is asked first: main answers in that order.
   */
  async load(): Promise<Result<AccountStatus>> {
    const api = this.#api;
    const pending = Promise.all([
      api.account.status(),
      api.settings.get(),
      api.quota.get(),
      api.demo.status(),
    ]);
    void api.app
      .info()
      .then((info) => {
        if (info.ok) this.info = info.data;
      })
      .catch(() => undefined);
    void api.connectivity
      .get()
      .then((connectivity) => {
        if (connectivity.ok) this.setConnectivity(connectivity.data);
        // Main's state may be a minute old (a reload while Rotor went away): ask it to look now. A
        // probe already running is joined; its answer arrives as an event if anything changed.
        return api.connectivity.check();
      })
      .then((checked) => {
        if (checked.ok) this.setConnectivity(checked.data);
      })
      .catch(() => undefined);
    const [account, settings, quota, demo] = await pending;
    if (settings.ok) this.setSettings(settings.data);
    if (quota.ok) this.#setQuota(quota.data);
    if (demo.ok) this.demo = demo.data;
    return account;
  }

  async updateSettings(patch: SettingsPatch): Promise<Result<Settings>> {
    const result = await this.#api.settings.update(patch);
    if (result.ok) this.setSettings(result.data);
    return result;
  }

  /** Asks main to probe Rotor now; `checking` says so until it answers. */
  async checkConnection(): Promise<void> {
    this.checking = true;
    try {
      const result = await this.#api.connectivity.check();
      if (result.ok) this.setConnectivity(result.data);
    } finally {
      this.checking = false;
    }
  }

  setSettings(settings: Settings): void {
    const previous = this.settings;
    this.settings = settings;
    this.#settings.tell(settings, previous);
  }

  setConnectivity(next: Connectivity): void {
    const previous = this.connectivity;
    if (previous.state === next.state && previous.nextCheckAt === next.nextCheckAt) return;
    this.connectivity = next;
    this.#connectivity.tell(next, previous);
  }

  #setQuota(next: QuotaState): void {
    const previous = this.quota;
    this.quota = next;
    this.#quota.tell(next, previous);
  }

  /** Stops listening to main (window unload, tests). */
  dispose(): void {
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
  }
}
