/**
 * One session per API key and origin: the key's quota ledger (Rotor counts per key) and an API client
 * bound to that key and origin. A session's client never reads "the current key": a request checked for
 * one account is sent with that account's key or not at all, however the current key changes meanwhile.
 */
import { join } from 'node:path';
import { AppFailure } from '@contract/result';
import type { QuotaState } from '@contract/state';
import type { NetworkOutcome } from '../rotor/http';
import { createQuotaLedger } from '../quota/ledger';
import type { QuotaLedger } from '../quota/ledger';
import { createRotorClient } from '../rotor/client';
import type { RotorClient } from '../rotor/client';
import { jsonFile } from './json-file';
import type { Platform } from './platform';
import { realTimers } from './platform';

/** How long a request's count may wait to be saved and told, so a burst of requests costs one of each. */
export const QUOTA_SAVE_DELAY_MS = 250;

export interface Session {
  /** Names the key's ledger file: its fingerprint for the origin, or `demo`. */
  keyId: string;
  /** The origin the key was stored for; the session's requests go nowhere else. */
  origin: string;
  ledger: QuotaLedger;
  client: RotorClient;
}

export interface SessionBinding {
  keyId: string;
  key: string;
  origin: string;
  /** The base URL this kind of session follows (the demo server's, or the configured one); null when gone. */
  baseUrl: () => string | null;
}

export function accountChanged(): AppFailure {
  return new AppFailure({
    kind: 'account',
    retryable: false,
    message:
      'Rotor Desk is now connected to another Rotor account or API address, so this request for the ' +
      'previous one was not sent.',
  });
}

export const originOf = (url: string): string => new URL(url).origin;

export function createSessions(deps: {
  platform: Platform;
  ledgerDir: string;
  now: () => number;
  /** Every change of any ledger; the caller passes on the current key's. */
  onQuota: (ledger: QuotaLedger, state: QuotaState) => void;
  onNetworkOutcome: (outcome: NetworkOutcome) => void;
}) {
  const ledgers = new Map<string, QuotaLedger>();
  const sessions = new Map<string, Session>();

  const timers = deps.platform.timers ?? realTimers;

  function newLedger(file: { load(): unknown; save(value: unknown): void }): QuotaLedger {
    const ledger: QuotaLedger = createQuotaLedger({
      load: file.load,
      save: file.save,
      now: deps.now,
      defer: (flush) => timers.setTimeout(flush, QUOTA_SAVE_DELAY_MS),
      onChange: (state) => deps.onQuota(ledger, state),
      onSaveError: (cause) => deps.platform.log.warn('Could not save the quota ledger', cause),
    });
    return ledger;
  }

  function ledgerFor(keyId: string): QuotaLedger {
    let ledger = ledgers.get(keyId);
    if (!ledger) {
      ledger = newLedger(jsonFile(join(deps.ledgerDir, `${keyId}.json`)));
      ledgers.set(keyId, ledger);
    }
    return ledger;
  }

  /** Without a key nothing is sent, so nothing is counted: an empty ledger kept in memory only. */
  const keyless = newLedger({ load: () => undefined, save: () => {} });

  return {
    keyless,
    /** Saves every deferred count now (main is closing). */
    flush(): void {
      for (const ledger of ledgers.values()) ledger.flush();
    },
    sessionFor(bind: SessionBinding): Session {
      const id = `${bind.keyId} ${bind.origin}`;
      let session = sessions.get(id);
      if (!session) {
        const ledger = ledgerFor(bind.keyId);
        const { key, origin } = bind;
        const client = createRotorClient({
          ...(deps.platform.requestTimeouts ? { timeouts: deps.platform.requestTimeouts } : {}),
          setTimer: (fn, ms) => (deps.platform.requestTimers ?? realTimers).setTimeout(fn, ms),
          baseUrl: () => {
            const url = bind.baseUrl();
            if (url === null || originOf(url) !== origin) throw accountChanged();
            return url;
          },
          apiKey: async () => key,
          ledger,
          now: deps.now,
          onNetworkOutcome: deps.onNetworkOutcome,
          log: deps.platform.log,
        });
        session = { keyId: bind.keyId, origin, ledger, client };
        sessions.set(id, session);
      }
      return session;
    },
  };
}
export type Sessions = ReturnType<typeof createSessions>;
