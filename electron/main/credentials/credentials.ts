import { createHash } from 'node:crypto';
import { AppFailure } from '@contract/result';
import type { AccountStatus } from '@contract/state';
import type { Logger } from '../log/logger';
import { errorMessage } from './backend';
import type { ResolvedBackend } from './backend';

export type CredentialStatus = Pick<
  AccountStatus,
  'configured' | 'backend' | 'backendNote' | 'hint' | 'origin' | 'accountId'
>;

export interface Credentials {
  status(origin: string): Promise<CredentialStatus>;
  /** The key itself: for main's API client only, never for anything that reaches the renderer. */
  get(origin: string): Promise<string | null>;
  set(origin: string, key: string): Promise<CredentialStatus>;
  /** Resolves whether a key was stored. */
  remove(origin: string): Promise<boolean>;
  fingerprint(origin: string, key: string): string;
}

const MAX_KEY_LENGTH = 4096;

/**
 * Keys are filed under the API origin, so `https://api.getrotor.com/open-api` and
 * `https://api.getrotor.com` share one key and a different host never sees it.
 */
export function originOf(baseUrlOrOrigin: string): string {
  let url: URL;
  try {
    url = new URL(baseUrlOrOrigin);
  } catch {
    throw new AppFailure({ kind: 'invalid_argument', message: 'The API address is not a valid URL' });
  }
  if (url.origin === 'null') {
    throw new AppFailure({ kind: 'invalid_argument', message: 'The API address has no origin' });
  }
  return url.origin;
}

/** Names the renderer's database per (origin, key) without revealing the key. */
export function fingerprint(origin: string, key: string): string {
  return createHash('sha256').update(`${origin}\n${key}`).digest('hex').slice(0, 16);
}

/**
 * Enough of the key to tell two keys apart on screen: the last 4 characters, fewer for short keys so
 * the hint is never a large part of the key.
 */
export function keyHint(key: string): string | null {
  const length = Math.min(4, Math.floor(key.length / 3));
  return length > 0 ? key.slice(-length) : null;
}

export function createCredentials(options: {
  /** Picks where keys live; called once, and again only if it failed. */
  backends: () => Promise<ResolvedBackend>;
  log?: Logger;
}): Credentials {
  let resolving: Promise<ResolvedBackend> | null = null;
  // Every API request needs the key; a keychain round trip each time would be slow and, on some
  // desktops, show a prompt. Main already holds the key in memory while it uses it.
  const cache = new Map<string, string | null>();

  const backend = (): Promise<ResolvedBackend> => {
    resolving ??= options.backends().catch((error: unknown) => {
      resolving = null;
      throw new AppFailure({
        kind: 'keychain',
        message: `Could not open a place to store the key: ${errorMessage(error)}`,
        retryable: true,
      });
    });
    return resolving;
  };

  const keychainFailure = (action: string, error: unknown, secret?: string): AppFailure => {
    if (error instanceof AppFailure) return error;
    let detail = errorMessage(error);
    // Keychain errors have no reason to contain the key, but a message must never be the one place it leaks.
    if (secret) detail = detail.split(secret).join('[redacted]');
    return new AppFailure({ kind: 'keychain', message: `Could not ${action}: ${detail}`, retryable: true });
  };

  const read = async (origin: string): Promise<string | null> => {
    if (cache.has(origin)) return cache.get(origin) ?? null;
    const { backend: store } = await backend();
    let key: string | null;
    try {
      key = await store.get(origin);
    } catch (error) {
      throw keychainFailure('read the stored key', error);
    }
    cache.set(origin, key);
    return key;
  };

  const statusOf = async (origin: string): Promise<CredentialStatus> => {
    const resolved = await backend();
    const key = await read(origin);
    return {
      origin,
      configured: key !== null,
      backend: resolved.backend.kind,
      backendNote: resolved.note,
      hint: key === null ? null : keyHint(key),
      accountId: key === null ? null : fingerprint(origin, key),
    };
  };

  return {
    status: (origin) => statusOf(originOf(origin)),
    get: (origin) => read(originOf(origin)),
    async set(rawOrigin, rawKey) {
      const origin = originOf(rawOrigin);
      const key = typeof rawKey === 'string' ? rawKey.trim() : '';
      if (!key || key.length > MAX_KEY_LENGTH || /\s/.test(key)) {
        throw new AppFailure({
          kind: 'invalid_argument',
          message: 'The API key must be one word without spaces',
          fields: [{ field: 'apiKey', message: 'Enter the API key exactly as Rotor shows it' }],
        });
      }
      const { backend: store } = await backend();
      try {
        await store.set(origin, key);
      } catch (error) {
        throw keychainFailure('save the key', error, key);
      }
      cache.set(origin, key);
      return statusOf(origin);
    },
    async remove(rawOrigin) {
      const origin = originOf(rawOrigin);
      const { backend: store } = await backend();
      let removed: boolean;
      try {
        removed = await store.delete(origin);
      } catch (error) {
        throw keychainFailure('remove the stored key', error);
      }
      cache.set(origin, null);
      return removed;
    },
    fingerprint: (origin, key) => fingerprint(originOf(origin), key),
  };
}
