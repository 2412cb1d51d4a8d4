/**
 * Every call across the process boundary answers with data, never a thrown exception:
 * the renderer must be able to act on a failure (retry, pause the outbox, show a field error).
 */
export const ERROR_KINDS = [
  // transport and API classes (see electron/main/rotor/errors.ts)
  'network',
  'timeout',
  'auth',
  'forbidden',
  'not_found',
  'validation',
  'quota',
  /** A 429 that is not the daily quota (a proxy's burst limit): retry after `retryAt`. */
  'rate_limited',
  'server',
  'bad_response',
  // contract and app classes
  'invalid_argument',
  'unknown_channel',
  'not_configured',
  'keychain',
  'settings',
  /** The call named an account that is not the current key's (a key or account switch raced it). */
  'account',
  'cancelled',
  /** A file could not be written (an export), or this window saves files as downloads instead. */
  'file',
  'internal',
  // the renderer's own refusals of a save (the data layer answers them; they never cross IPC)
  /** This computer's storage (IndexedDB) refused the write: nothing was saved. */
  'storage',
  /** A tag Rotor already has was removed: Rotor's API only adds tags. */
  'tag_removal',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface FieldError {
  field: string;
  message: string;
}

/**
 * `message` is what the user reads, as is: written where the error is made (main for the API, the
 * keychain and the contract; the renderer's data layer for its own refusals), with the specific cause
 * and what happens next. The renderer maps `kind` to what the user can do, never to other words.
 */
export interface AppError {
  kind: ErrorKind;
  message: string;
  /** Whether sending the same request again later may succeed. */
  retryable?: boolean;
  /** HTTP status, where the error came from an HTTP answer. */
  status?: number;
  /** Rotor's `error_code`, where the body had one. */
  errorCode?: string;
  /** Per-field messages (validation errors from Rotor, from argument validation, or from a refused save). */
  fields?: FieldError[];
  /** The scope a 403 says is missing. */
  missingScope?: string;
  /** When a paused operation may be tried again (ISO time), e.g. the quota reset. */
  retryAt?: string;
}

export type Ok<T> = { ok: true; data: T };
export type Err = { ok: false; error: AppError };
export type Result<T> = Ok<T> | Err;

export const ok = <T>(data: T): Ok<T> => ({ ok: true, data });
export const err = (error: AppError): Err => ({ ok: false, error });

/**
 * Thrown inside main-process services to end a call with a classified error; the dispatcher turns it
 * into `{ ok: false, error }`. Anything else thrown becomes `kind: 'internal'`.
 */
export class AppFailure extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(error.message);
    this.name = 'AppFailure';
    this.error = error;
  }
}
