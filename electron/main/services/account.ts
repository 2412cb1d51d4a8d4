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
import {
  chooseSecretBackend,
  createCredentials,
  createInsecureFileBackend,
  createSafeStorageBackend,
  loadKeytarBackend,
} from '../credentials/index';
import { createQuotaLedger } from '../quota/ledger';
import type { QuotaLedger } from '../quota/ledger';
import { createRotorClient } from '../rotor/client';
import type { RotorClient } from '../rotor/client';
import { createSettings, openSettingsStore } from '../settings/index';
import { DEMO_KEY, createDemoAccount } from './demo-account';
import { jsonFile } from './json-file';
import type { EventSink, Platform } from './platform';

/** Scopes Rotor Desk needs: without read it cannot work; without write edits will fail. */
const READ_SCOPE = 'customers:read';
const WRITE_SCOPE = 'customers:write';

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
  const fallback = platform.fallbackSecrets;
  const credentials = createCredentials({
    backends: () =>
      chooseSecretBackend({
        keytar:
          platform.secretBackend === 'fallback-only'
            ? async () => ({ unavailable: 'the OS keychain is switched off for this run' })
            : loadKeytarBackend,
        fallback: () =>
          fallback.kind === 'safe-storage'
            ? createSafeStorageBackend({
                file: join(platform.dataDir, 'credentials.bin'),
                encrypt: fallback.encrypt,
                decrypt: fallback.decrypt,
              })
            : createInsecureFileBackend(join(platform.dataDir, 'credentials.json')),
      }),
  });

  const baseUrl = (): string => demo.url() ?? platform.rotorUrlOverride ?? settings.get().baseUrl;
  const origin = (): string => new URL(baseUrl()).origin;

  // The keychain answers over D-Bus or XPC; one read per origin, not one per request.
  const keys = new Map<string, string | null>();
  async function storedKey(forOrigin: string): Promise<string | null> {
    if (!keys.has(forOrigin)) keys.set(forOrigin, await credentials.get(forOrigin));
    return keys.get(forOrigin) ?? null;
  }
  const currentKey = async (): Promise<string | null> => (demo.url() ? DEMO_KEY : storedKey(origin()));

  // The renderer's database is named by accountId. Keyed on the company Rotor reports for the key
  // (when it reports one), so replacing a key of the same company keeps the cache and pending edits.
  const companies = jsonFile(join(platform.dataDir, 'accounts.json'));
  const companyOf = (keyId: string): string | null => {
    const map = companies.load();
    const value = map && typeof map === 'object' ? (map as Record<string, unknown>)[keyId] : undefined;
    return typeof value === 'string' ? value : null;
  };
  const accountIdFor = (forOrigin: string, key: string): string => {
    if (demo.url()) return 'demo';
    const company = companyOf(credentials.fingerprint(forOrigin, key));
    return company
      ? credentials.fingerprint(forOrigin, `company\n${company}`)
      : credentials.fingerprint(forOrigin, key);
  };

  const connectivity = createConnectivity({
    probe: createHttpProbe(baseUrl),
    signals: platform.connectivitySignals,
    now,
    onChange: (c) => emit('connectivity', c),
  });

  // One ledger and client per key (not per account): Rotor counts its quota per key.
  const sessions = new Map<string, { ledger: QuotaLedger; client: RotorClient }>();
  let currentKeyId: string | null = null;
  const keyIdFor = (forOrigin: string, key: string): string =>
    demo.url() ? 'demo' : credentials.fingerprint(forOrigin, key);
  function session(keyId: string, apiKey: () => Promise<string | null>) {
    let found = sessions.get(keyId);
    if (!found) {
      const file = jsonFile(join(opts.ledgerDir, `${keyId}.json`));
      const ledger = createQuotaLedger({
        load: file.load,
        save: file.save,
        now,
        onChange: (state) => {
          if (keyId === currentKeyId) emit('quota', state);
        },
      });
      const client = createRotorClient({
        ...(platform.requestTimeouts ? { timeouts: platform.requestTimeouts } : {}),
        baseUrl,
        apiKey,
        ledger,
        now,
        onNetworkOutcome: (outcome) => connectivity.report(outcome),
      });
      found = { ledger, client };
      sessions.set(keyId, found);
    }
    return found;
  }

  async function current() {
    const key = await currentKey();
    currentKeyId = key ? keyIdFor(origin(), key) : 'none';
    return session(currentKeyId, currentKey);
  }

  async function status(): Promise<AccountStatus> {
    const forOrigin = origin();
    const stored = await credentials.status(forOrigin);
    const key = await currentKey();
    const isDemo = demo.url() !== null;
    return {
      configured: isDemo || stored.configured,
      backend: stored.backend,
      backendNote: stored.backendNote,
      hint: isDemo ? null : stored.hint,
      origin: forOrigin,
      accountId: key ? accountIdFor(forOrigin, key) : null,
      demo: isDemo,
    };
  }

  async function announce(): Promise<AccountStatus> {
    const s = await status();
    emit('account', s);
    const { ledger } = await current();
    emit('quota', ledger.state());
    return s;
  }

  await demo.resume();
  await current();

  return {
    settings,
    connectivity,
    demo,
    status,
    quota: (): QuotaLedger => session(currentKeyId ?? 'none', currentKey).ledger,
    client: (): RotorClient => {
      // Handlers call this synchronously; the session for the current key was resolved at the last change.
      return session(currentKeyId ?? 'none', currentKey).client;
    },
    async connect(apiKey: string): Promise<ConnectResult> {
      if (demo.url()) await demo.stop();
      const forOrigin = origin();
      const candidate = session(keyIdFor(forOrigin, apiKey), async () => apiKey);
      const auth = await candidate.client.testAuth({ apiKey });
      if (auth.scopes.length > 0 && !auth.scopes.includes(READ_SCOPE)) {
        throw new AppFailure({
          kind: 'forbidden',
          message: `This key works, but it lacks the '${READ_SCOPE}' scope Rotor Desk needs. Create a key with customer access in Rotor.`,
          missingScope: READ_SCOPE,
        });
      }
      if (auth.companyId) {
        const known = companies.load();
        companies.save({
          ...(known && typeof known === 'object' ? known : {}),
          [credentials.fingerprint(forOrigin, apiKey)]: auth.companyId,
        });
      }
      await credentials.set(forOrigin, apiKey);
      keys.set(forOrigin, apiKey);
      const s = await announce();
      return {
        companyId: auth.companyId,
        userId: auth.userId,
        scopes: auth.scopes,
        missingScopes: auth.scopes.length > 0 && !auth.scopes.includes(WRITE_SCOPE) ? [WRITE_SCOPE] : [],
        status: s,
      };
    },
    async remove(): Promise<AccountStatus> {
      const forOrigin = origin();
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
      connectivity.dispose();
      await demo.dispose();
    },
  };
}
