import type { KeychainBackend } from '@contract/state';

/** Keychain service name every key is filed under; the account is the API origin. */
export const SERVICE = 'Rotor Desk';

/** One place secrets live, keyed by API origin. */
export interface SecretBackend {
  kind: KeychainBackend;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** Resolves whether there was something to delete. */
  delete(account: string): Promise<boolean>;
}

/** The backend the credentials service uses, and why it is not the OS keychain when it is not. */
export interface ResolvedBackend {
  backend: SecretBackend;
  note: string | null;
}

/** Returns a function that cancels the timer. */
export type SetTimer = (fn: () => void, ms: number) => () => void;

export const defaultSetTimer: SetTimer = (fn, ms) => {
  const timer = setTimeout(fn, ms);
  // A pending probe or backoff must never keep the browser host's process alive on its own.
  timer.unref?.();
  return () => clearTimeout(timer);
};

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
