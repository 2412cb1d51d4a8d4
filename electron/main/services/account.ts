/**
 * Which Rotor account the app talks to, and everything keyed on it: the stored key (per API origin),
 * the quota ledger (per key), the API client, the demo account. Handlers go through here so that a
 * key change, a base-URL change or the demo switch is one consistent step.
 */
import { join } from 'node:path';
import { AppFailure } from '@contract/result';
import { baseUrlProblem } from '@contract/settings';
import type { SettingsPatch, Settings } from '@contract/settings';
import type { AccountStatus, ConnectResult } from '@contract/state';
import { createConnectivity, createHttpProbe } from '../connectivity/index';
import type { QuotaLedger } from '../quota/ledger';
import { createQuotaScheduler } from '../quota/scheduler';
import type { QuotaScheduler } from '../quota/scheduler';
import { createSettings, openSettingsStore } from '../settings/index';
import { DEMO_KEY, createDemoAccount } from './demo-account';
import { createIdentityStore } from './identity';
import { jsonFile } from './json-file';
import { refuseLaunchAddressChange } from './launch-address';
import { realTimers } from './platform';
import { missingWriteScopes, requireReadScope } from './scopes';
import type { EventSink, Platform } from './platform';
import { platformCredentials } from './secrets';
import { accountChanged, createSessions, originOf } from './sessions';
import type { Session } from './sessions';

function notConfigured(): AppFailure {
  return new AppFailure({
    kind: 'not_configured',
    message: 'No Rotor API key is set up yet. Add one to connect Rotor Desk to Rotor.',
  });
}

function accountMismatch(): AppFailure {
  return new AppFailure({
    kind: 'account',
    retryable: false,
    message:
      'This request is for a Rotor account Rotor Desk is not connected to now (the key or the demo was ' +
      'switched), so it was not sent.',
  });
}

export async function createAccount(platform: Platform, emit: EventSink, opts: { ledgerDir: string }) {
  const now = platform.now ?? Date.now;
  if (platform.rotorUrlOverride) {
    const problem = baseUrlProblem(platform.rotorUrlOverride);
    if (problem) throw new Error(`--rotor-url: ${problem}`);
  }

  const settings = createSettings(
    await openSettingsStore(platform.settingsStore, { cwd: platform.dataDir }),
    { onChange: (s: Settings) => emit('settings', s) },
  );
  const demo = createDemoAccount(join(platform.dataDir, 'demo.json'), (status) => emit('demo', status));
  const credentials = platformCredentials(platform);

  /** What requests with a stored key follow; the demo server's address is the demo session's alone. */
  const configuredBaseUrl = (): string => platform.rotorUrlOverride ?? settings.get().baseUrl;
  const baseUrl = (): string => demo.url() ?? configuredBaseUrl();

  // The keychain answers over D-Bus or XPC; one read per origin, not one per request.
  const keys = new Map<string, string | null>();
  async function storedKey(forOrigin: string): Promise<string | null> {
    if (!keys.has(forOrigin)) keys.set(forOrigin, await credentials.get(forOrigin));
    return keys.get(forOrigin) ?? null;
  }

  // The renderer's database is named by accountId. Keyed on the company Rotor reports for the key
  // (when it reports one), so replacing a key of the same company keeps the cache and pending edits.
  const companies = jsonFile(join(platform.dataDir, 'accounts.json'));
  const identities = createIdentityStore(join(platform.dataDir, 'account-identity.json'));
  let companyMap: Record<string, unknown> = {};
  const loadedCompanies = companies.load();
  if (loadedCompanies && typeof loadedCompanies === 'object' && !Array.isArray(loadedCompanies))
    companyMap = loadedCompanies as Record<string, unknown>;
  const accountIdFor = (forOrigin: string, key: string): string => {
    const company = companyMap[credentials.fingerprint(forOrigin, key)];
    return typeof company === 'string'
      ? credentials.fingerprint(forOrigin, `company\n${company}`)
      : credentials.fingerprint(forOrigin, key);
  };

  const connectivity = createConnectivity({
    probe: createHttpProbe(baseUrl),
    signals: platform.connectivitySignals,
    now,
    ...(platform.timers ? { setTimer: platform.timers.setTimeout.bind(platform.timers) } : {}),
    onChange: (c) => emit('connectivity', c),
  });

  // Created once the current key is known (below); a ledger change before then has nothing to re-arm.
  let scheduler: QuotaScheduler | null = null;
  const sessions = createSessions({
    platform,
    ledgerDir: opts.ledgerDir,
    now,
    onQuota: (ledger, state) => {
      if ((currentNow()?.ledger ?? sessions.keyless) !== ledger) return;
      emit('quota', state);
      scheduler?.refresh();
    },
    onNetworkOutcome: (outcome) => connectivity.report(outcome),
  });

  interface Current {
    origin: string;
    demo: boolean;
    /** Null without a key: nothing can be sent. */
    session: Session | null;
    accountId: string | null;
    ledger: QuotaLedger;
    /** The stored key’s fingerprint; absent for the demo or without a key. */
    keyId?: string;
  }

  /**
   * The current key's session, from what is true right now (demo on, the origin, the stored key);
   * undefined until the keychain has been read for this origin. Synchronous, so nothing can change
   * between working out the account and handing out its session.
   */
  function currentNow(): Current | undefined {
    const demoUrl = demo.url();
    if (demoUrl) {
      const session = sessions.sessionFor({
        keyId: 'demo',
        key: DEMO_KEY,
        origin: originOf(demoUrl),
        baseUrl: () => demo.url(),
      });
      return { origin: session.origin, demo: true, session, accountId: 'demo', ledger: session.ledger };
    }
    const forOrigin = originOf(configuredBaseUrl());
    if (!keys.has(forOrigin)) return undefined;
    const key = keys.get(forOrigin) ?? null;
    if (!key)
      return { origin: forOrigin, demo: false, session: null, accountId: null, ledger: sessions.keyless };
    const session = sessions.sessionFor({
      keyId: credentials.fingerprint(forOrigin, key),
      key,
      origin: forOrigin,
      baseUrl: configuredBaseUrl,
    });
    return {
      origin: forOrigin,
      demo: false,
      session,
      accountId: accountIdFor(forOrigin, key),
      ledger: session.ledger,
      keyId: credentials.fingerprint(forOrigin, key),
    };
  }

  async function current(): Promise<Current> {
    // Each read fills the cache for one origin; the origin changing on every read means a bug or an attack.
    for (let tries = 0; tries < 5; tries++) {
      const found = currentNow();
      if (found) return found;
      await storedKey(originOf(configuredBaseUrl()));
    }
    throw accountChanged();
  }

  async function status(): Promise<AccountStatus> {
    const cur = await current();
    const stored = await credentials.status(cur.origin);
    return {
      configured: cur.demo || stored.configured,
      backend: stored.backend,
      backendNote: stored.backendNote,
      hint: cur.demo ? null : stored.hint,
      origin: cur.origin,
      accountId: cur.accountId,
      demo: cur.demo,
      identity: identities.get(cur.keyId ?? null),
    };
  }

  async function announce(): Promise<AccountStatus> {
    const s = await status();
    emit('account', s);
    emit('quota', (await current()).ledger.state());
    scheduler?.refresh();
    return s;
  }

  await demo.resume();
  await current();

  // Main's own wake-ups for the quota: the 00:00 UTC roll-over and, while exhausted, the hourly probe.
  scheduler = createQuotaScheduler({
    timers: platform.timers ?? realTimers,
    now,
    target: () => {
      const found = currentNow();
      const session = found?.session;
      return {
        ledger: found?.ledger ?? sessions.keyless,
        probe: session
          ? async () => {
              const outcome = await session.client.probeQuota();
              if (outcome !== 'not_due') platform.log.info(`Quota probe: ${outcome}`);
            }
          : null,
      };
    },
    onError: (cause) => platform.log.warn('The quota schedule failed', cause),
  });

  return {
    settings,
    connectivity,
    demo,
    status,
    quota: async (): Promise<QuotaLedger> => (await current()).ledger,
    /**
     * The session of the named account, which must be the current key's: refused as data otherwise. The
     * session's client is bound to its key and origin, so what is sent for this account uses this account's
     * key whatever changes after this returns.
     */
    async sessionFor(accountId: string): Promise<Session> {
      const cur = await current();
      if (!cur.session) throw notConfigured();
      if (cur.accountId !== accountId) throw accountMismatch();
      return cur.session;
    },
    async connect(apiKey: string): Promise<ConnectResult> {
      if (demo.url()) await demo.stop();
      const forOrigin = originOf(configuredBaseUrl());
      const keyId = credentials.fingerprint(forOrigin, apiKey);
      const candidate = sessions.sessionFor({
        keyId,
        key: apiKey,
        origin: forOrigin,
        baseUrl: configuredBaseUrl,
      });
      // The key's own session, but admitted whatever its ledger says: checking a key is always sent.
      const auth = await candidate.client.testAuth({ apiKey });
      requireReadScope(auth.scopes);
      if (auth.companyId) {
        companyMap = { ...companyMap, [keyId]: auth.companyId };
        companies.save(companyMap);
      }
      await credentials.set(forOrigin, apiKey);
      identities.set(keyId, {
        companyId: auth.companyId,
        userId: auth.userId,
        scopes: auth.scopes,
        checkedAt: new Date(now()).toISOString(),
      });
      keys.set(forOrigin, apiKey);
      const s = await announce();
      return {
        companyId: auth.companyId,
        userId: auth.userId,
        scopes: auth.scopes,
        missingScopes: missingWriteScopes(auth.scopes),
        status: s,
      };
    },
    async remove(): Promise<AccountStatus> {
      const forOrigin = originOf(configuredBaseUrl());
      await credentials.remove(forOrigin);
      keys.set(forOrigin, null);
      return announce();
    },
    async startDemo(): Promise<AccountStatus> {
      await demo.start();
      return announce();
    },
    async stopDemo(): Promise<AccountStatus> {
      await demo.stop();
      return announce();
    },
    async updateSettings(patch: SettingsPatch): Promise<Settings> {
      refuseLaunchAddressChange(platform, patch);
      const { settings: next, baseUrlChanged } = settings.update(patch);
      if (baseUrlChanged) {
        // The key was entered for the old origin: it must be entered again for the new one.
        const from = new URL(baseUrlChanged.from).origin;
        if (from !== new URL(baseUrlChanged.to).origin) {
          await credentials.remove(from);
          keys.set(from, null);
        }
        await announce();
      }
      return next;
    },
    async dispose(): Promise<void> {
      sessions.flush();
      scheduler?.dispose();
      connectivity.dispose();
      await demo.dispose();
    },
  };
}
