/**
 * What the user does to the account: connect a key, remove it, start or leave the demo, and the
 * demo's reachability switch. Each asks main, then hands the new account status to the lifecycle
 * (`enter`), which opens or closes the right cache. The app model exposes them, `busy` and `connected`
 * as its own.
 */
import type { AppError, Result } from '@contract/result';
import type { AccountStatus, ConnectResult } from '@contract/state';
import { formatCount } from '$lib/format/number';
import { whileBusy } from './guard';
import type { Lifecycle } from './lifecycle.svelte';
import type { MainState } from './main-state.svelte';
import { connectHint } from './error-actions';
import type { Notify } from './notify';
import { fixedInSettings } from './pause';

/** A key that connects but can't read or write customers is an error for this app (it says so here). */
function missingScopesMessage(missing: string[]): string {
  const which = missing.map((s) => `“${s}”`).join(', ');
  return `This key is missing ${missing.length === 1 ? 'the permission' : 'the permissions'} ${which}. Create a key that includes customer access.`;
}

/** Main's words for why a key was refused, and what this screen offers beside (e.g. the demo). */
function connectMessage(error: AppError): string {
  const hint = connectHint(error);
  return hint ? `${error.message} ${hint}` : error.message;
}

export class AccountActions {
  /** A Connect, demo or key change is in flight; the controls that start one are disabled. */
  busy = $state(false);

  /** Checks an API key with Rotor and, when it can read and write customers, opens its account. */
  readonly connect: (apiKey: string) => Promise<Result<ConnectResult>>;
  readonly removeKey: () => Promise<Result<AccountStatus>>;
  readonly startDemo: () => Promise<Result<AccountStatus>>;
  /** Leaving the demo always goes back to onboarding or the real account, never stays in demo data. */
  readonly leaveDemo: () => Promise<Result<AccountStatus>>;
  readonly setDemoReachable: (reachable: boolean) => Promise<void>;

  constructor(main: MainState, lifecycle: Lifecycle, notify: Notify) {
    const api = main.api;
    const failed = <T>(result: Result<T>): Result<T> => {
      if (!result.ok) notify(result.error.message, 'error');
      return result;
    };

    this.connect = whileBusy(this, async (apiKey) => {
      const result = await api.account.connect({ apiKey: apiKey.trim() });
      if (!result.ok) return { ok: false, error: { ...result.error, message: connectMessage(result.error) } };
      const missing = result.data.missingScopes;
      if (missing.length > 0) {
        const error: AppError = { kind: 'forbidden', message: missingScopesMessage(missing) };
        return { ok: false, error: missing[0] ? { ...error, missingScope: missing[0] } : error };
      }
      await lifecycle.enter(result.data.status);
      // A key accepted for the open account ends the pause a rejected key caused.
      const store = lifecycle.store;
      const paused = store?.pausedReason();
      if (store?.accountId === result.data.status.accountId && paused && fixedInSettings(paused.kind))
        void store.resume().catch(() => undefined);
      return result;
    });

    this.removeKey = whileBusy(this, async () => {
      const result = await api.account.remove();
      if (!result.ok) return failed(result);
      await lifecycle.enter(result.data);
      const behind = lifecycle.leftBehind;
      notify(
        behind
          ? `API key removed from this computer. ${formatCount(behind.count, 'change stays', 'changes stay')} here and will be sent when you connect this key again.`
          : 'API key removed from this computer',
        'success',
      );
      return result;
    });

    this.startDemo = whileBusy(this, async () => {
      const result = await api.demo.start();
      if (!result.ok) return result;
      // Onboarding asked before opening the demo while another account's changes wait.
      await lifecycle.enter(result.data, false);
      const demo = await api.demo.status();
      if (demo.ok) main.demo = demo.data;
      return result;
    });

    this.leaveDemo = whileBusy(this, async () => {
      const result = await api.demo.stop();
      if (!result.ok) return failed(result);
      main.demo = { ...main.demo, active: false };
      await lifecycle.enter(result.data);
      return result;
    });

    this.setDemoReachable = async (reachable) => {
      const result = await api.demo.setReachable({ reachable });
      if (!result.ok) {
        failed(result);
        return;
      }
      main.demo = result.data;
      // Nothing probes while the app believes it is online, and the offline probe backs off up to
      // 5 minutes: without a check the status bar would not follow the switch either way.
      void main.checkConnection();
    };
  }
}
