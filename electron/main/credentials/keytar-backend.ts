import { SERVICE, defaultSetTimer, errorMessage } from './backend';
import type { SecretBackend, SetTimer } from './backend';

/** The part of keytar this app uses; declared here because keytar is optional and may be absent. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export type KeytarLoad = { backend: SecretBackend } | { unavailable: string };

export const KEYTAR_PROBE_TIMEOUT_MS = 3000;

export interface LoadKeytarOptions {
  /** Replaces `import('keytar')` in tests. */
  importKeytar?: () => Promise<unknown>;
  probeTimeoutMs?: number;
  setTimer?: SetTimer;
}

function asKeytar(module: unknown): KeytarLike | null {
  // keytar is CommonJS: Node's ESM loader puts its exports on `default`, a bundler may not.
  const candidates = [(module as { default?: unknown } | null)?.default, module];
  for (const candidate of candidates) {
    const k = candidate as Partial<KeytarLike> | null | undefined;
    if (
      k &&
      typeof k.getPassword === 'function' &&
      typeof k.setPassword === 'function' &&
      typeof k.deletePassword === 'function' &&
      typeof k.findCredentials === 'function'
    )
      return k as KeytarLike;
  }
  return null;
}

export function createKeytarBackend(keytar: KeytarLike): SecretBackend {
  return {
    kind: 'keychain',
    get: (account) => keytar.getPassword(SERVICE, account),
    set: (account, secret) => keytar.setPassword(SERVICE, account, secret),
    delete: (account) => keytar.deletePassword(SERVICE, account),
  };
}

/**
 * Loads keytar and checks that a keychain actually answers. On Linux keytar loads fine without a
 * Secret Service and only fails (or hangs on a locked keyring) at the first call, so a loaded module
 * alone says nothing; the probe is a harmless read under our own service name.
 */
export async function loadKeytarBackend(options: LoadKeytarOptions = {}): Promise<KeytarLoad> {
  const importKeytar = options.importKeytar ?? (() => import('keytar'));
  const timeoutMs = options.probeTimeoutMs ?? KEYTAR_PROBE_TIMEOUT_MS;
  const setTimer = options.setTimer ?? defaultSetTimer;

  let keytar: KeytarLike | null;
  try {
    keytar = asKeytar(await importKeytar());
  } catch (error) {
    return { unavailable: `keytar could not be loaded (${errorMessage(error)})` };
  }
  if (!keytar) return { unavailable: 'keytar loaded without its API' };

  const probe = keytar.findCredentials(SERVICE).then(
    () => null,
    (error: unknown) => `the system keychain did not answer (${errorMessage(error)})`,
  );
  let cancel = () => {};
  const timeout = new Promise<string>((resolve) => {
    cancel = setTimer(
      () => resolve(`the system keychain did not answer within ${Math.round(timeoutMs / 1000)} s`),
      timeoutMs,
    );
  });
  const problem = await Promise.race([probe, timeout]);
  cancel();
  return problem === null ? { backend: createKeytarBackend(keytar) } : { unavailable: problem };
}
