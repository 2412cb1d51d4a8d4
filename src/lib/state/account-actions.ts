/**
 * What the user does to the account: connect a key, remove it, start or leave the demo, and the
 * demo's reachability switch. Each asks main, then hands the new account status to the session's
 * phase machine (`enter`), which opens or closes the right cache.
 * The Session composes one and exposes its actions as its own.
 */
import type { Result } from '@contract/result';
import type { AccountStatus, ConnectResult, DemoStatus } from '@contract/state';
import type { RotorApi } from '@contract/surface';
import type { DataStore } from '$lib/data/api';
import { formatCount } from '$lib/format/number';
import { connectErrorMessage, errorMessage, missingScopesMessage } from './messages';
import { fixedInSettings } from './pause';
import type { Notify } from './session-defaults';
import type { LeftBehind } from './session-types';

/** The session state these actions read and set (the Session itself is one). */
export interface AccountHost {
  readonly api: RotorApi;
  readonly store: DataStore | null;
  readonly leftBehind: LeftBehind | null;
  busy: boolean;
  connected: ConnectResult | null;
  demo: DemoStatus;
  checkConnection(): Promise<void>;
}

/** The session's phase machine: move to the screen `status` calls for (see Session). */
export type Enter = (status: AccountStatus, announce?: boolean) => Promise<void>;

/**
 * Actions are arrow fields so `session.connect` etc. keep their `this` when the Session re-exposes
 * them and when a component hands one straight to an event handler.
 */
export class AccountActions {
  readonly #host: AccountHost;
  readonly #enter: Enter;
  readonly #notify: Notify;

  constructor(host: AccountHost, enter: Enter, notify: Notify) {
    this.#host = host;
    this.#enter = enter;
    this.#notify = notify;
  }

  /** Checks an API key with Rotor and, when it can read and write customers, opens its account. */
  connect = async (apiKey: string): Promise<Result<ConnectResult>> => {
    const host = this.#host;
    host.busy = true;
    try {
      const result = await host.api.account.connect({ apiKey: apiKey.trim() });
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
      host.connected = result.data;
      await this.#enter(result.data.status);
      // A key accepted for the open account ends the pause a rejected key caused.
      const store = host.store;
      const paused = store?.pausedReason();
      if (store?.accountId === result.data.status.accountId && paused && fixedInSettings(paused.kind))
        void store.resume().catch(() => undefined);
      return result;
    } finally {
      host.busy = false;
    }
  };

  removeKey = async (): Promise<Result<AccountStatus>> => {
    const host = this.#host;
    host.busy = true;
    try {
      const result = await host.api.account.remove();
      if (!result.ok) {
        this.#notify(errorMessage(result.error), 'error');
        return result;
      }
      host.connected = null;
      await this.#enter(result.data);
      const behind = host.leftBehind;
      this.#notify(
        behind
          ? `API key removed from this computer. ${formatCount(behind.count, 'change stays', 'changes stay')} here and will be sent when you connect this key again.`
          : 'API key removed from this computer',
        'success',
      );
      return result;
    } finally {
      host.busy = false;
    }
  };

  startDemo = async (): Promise<Result<AccountStatus>> => {
    const host = this.#host;
    host.busy = true;
    try {
      const result = await host.api.demo.start();
      if (!result.ok) return result;
      host.connected = null;
      // Onboarding asked before opening the demo while another account's changes wait.
      await this.#enter(result.data, false);
      const demo = await host.api.demo.status();
      if (demo.ok) host.demo = demo.data;
      return result;
    } finally {
      host.busy = false;
    }
  };

  leaveDemo = async (): Promise<Result<AccountStatus>> => {
    const host = this.#host;
    host.busy = true;
    try {
      const result = await host.api.demo.stop();
      if (!result.ok) {
        this.#notify(errorMessage(result.error), 'error');
        return result;
      }
      host.demo = { ...host.demo, active: false };
      // Leaving the demo always goes back to onboarding or the real account, never stays in demo data.
      await this.#enter(result.data);
      return result;
    } finally {
      host.busy = false;
    }
  };

  setDemoReachable = async (reachable: boolean): Promise<void> => {
    const host = this.#host;
    const result = await host.api.demo.setReachable({ reachable });
    if (!result.ok) {
      this.#notify(errorMessage(result.error), 'error');
      return;
    }
    host.demo = result.data;
    // Nothing probes while the app believes it is online, and the offline probe backs off up to
    // 5 minutes: without a check the status bar would not follow the switch either way.
    void host.checkConnection();
  };
}
