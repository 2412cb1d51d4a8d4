import { AppFailure } from '@contract/result';
import type { AppError } from '@contract/result';
import { baseUrlProblem } from '@contract/settings';
import type { QuotaLedger } from '../quota/ledger';
import { quotaFailure } from '../quota/failure';
import { classifyStatus, classifyTransport, statedDailyLimit, unreadableBody } from './errors';
import type { HttpContext } from './errors';
import {
  RATE_LIMIT_CAP_MS,
  RATE_LIMIT_DEFAULT_MS,
  READ_ATTEMPTS,
  RETRY_AFTER_CAP_MS,
  backoffDelay,
  isRetryableRead,
  parseRetryAfter,
} from './retry';

export const API_VERSION = '1.1.0';

export type NetworkOutcome = 'network-error' | 'http-answer';

export interface HttpDeps {
  baseUrl: () => string;
  apiKey: () => Promise<string | null>;
  ledger: QuotaLedger;
  fetch: typeof fetch;
  now: () => number;
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Arms the per-attempt timeout; returns a cancel. Injectable so a simulation keeps it on virtual time. */
  setTimer: (fn: () => void, ms: number) => () => void;
  onNetworkOutcome?: (outcome: NetworkOutcome) => void;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Path under the base URL, starting with `/`, already encoded. */
  path: string;
  query?: URLSearchParams;
  body?: unknown;
  idempotencyKey?: string;
  timeoutMs: number;
  /** Reads only: writes are repeated by the outbox, with the same idempotency key, never here. */
  retry: boolean;
  signal?: AbortSignal;
  /** A key being checked before it is stored. */
  apiKey?: string;
  /** Main's hourly quota probe: sent only when the ledger's probe slot is due, and never retried. */
  probe?: boolean;
  /** What was asked for, for messages. */
  label: string;
  notFound?: string;
}

/** A 2xx answer whose body parsed as JSON. */
export interface HttpAnswer {
  status: number;
  body: unknown;
}

type Attempt =
  | { ok: true; answer: HttpAnswer }
  /**
   * `retryAfterMs`: the answer's Retry-After, capped only at the burst limit's cap. `dailyLimit`: the
   * limit a quota answer states, which outranks the ledger's assumed one in the message.
   */
  | { ok: false; error: AppError; retryAfterMs?: number; dailyLimit?: number };

function cancelled(): AppFailure {
  return new AppFailure({ kind: 'cancelled', message: 'The request was cancelled.', retryable: true });
}

function notConfigured(): AppFailure {
  return new AppFailure({
    kind: 'not_configured',
    message: 'No Rotor API key is set up yet. Add one to connect Rotor Desk to Rotor.',
  });
}

/** Header values must be visible ASCII; anything else would make fetch throw with the key in its message. */
const SENDABLE_KEY = /^[\x21-\x7e]+$/;

function buildUrl(base: string, req: HttpRequest): string {
  const problem = baseUrlProblem(base);
  if (problem) {
    throw new AppFailure({
      kind: 'settings',
      message: `The Rotor API address in Settings can’t be used: ${problem}.`,
    });
  }
  const query = req.query?.toString();
  return `${base.replace(/\/+$/, '')}${req.path}${query ? `?${query}` : ''}`;
}

/**
 * Sends one logical request: quota admission and counting for every attempt, a timeout per attempt, the
 * caller's abort, classification, and retries of transient read failures with backoff.
 */
export function createHttp(deps: HttpDeps): (req: HttpRequest) => Promise<HttpAnswer> {
  const report = (outcome: NetworkOutcome): void => {
    try {
      deps.onNetworkOutcome?.(outcome);
    } catch {
      // A listener's bug must not turn a good answer into a failure.
    }
  };

  async function attempt(url: string, key: string, req: HttpRequest): Promise<Attempt> {
    const ctx: HttpContext = {
      label: req.label,
      secret: key,
      ...(req.notFound ? { notFound: req.notFound } : {}),
      ...(req.apiKey !== undefined ? { candidate: true } : {}),
    };
    const headers: Record<string, string> = {
      'x-api-key': key,
      'rotor-api-version': API_VERSION,
      accept: 'application/json',
    };
    if (req.method === 'POST') {
      headers['content-type'] = 'application/json';
      if (req.idempotencyKey) headers['Idempotency-Key'] = req.idempotencyKey;
    }
    const controller = new AbortController();
    let timedOut = false;
    const cancelTimer = deps.setTimer(() => {
      timedOut = true;
      controller.abort();
    }, req.timeoutMs);
    const onCallerAbort = () => controller.abort();
    req.signal?.addEventListener('abort', onCallerAbort, { once: true });
    let response: Response | undefined;
    try {
      response = await deps.fetch(url, {
        method: req.method,
        headers,
        ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
        signal: controller.signal,
        // A redirect would carry x-api-key to wherever it points.
        redirect: 'manual',
      });
      const text = await response.text();
      report('http-answer');
      const contentType = response.headers.get('content-type');
      if (response.status < 200 || response.status >= 300) {
        const error = classifyStatus(response.status, text, contentType, ctx);
        const retryAfterMs = parseRetryAfter(
          response.headers.get('retry-after'),
          deps.now(),
          RATE_LIMIT_CAP_MS,
        );
        const dailyLimit = error.kind === 'quota' ? statedDailyLimit(text, key) : undefined;
        return {
          ok: false,
          error,
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
          ...(dailyLimit !== undefined ? { dailyLimit } : {}),
        };
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return { ok: false, error: unreadableBody(text, contentType, req.label) };
      }
      return { ok: true, answer: { status: response.status, body } };
    } catch (cause) {
      if (req.signal?.aborted) throw cancelled();
      // Headers that arrived prove the host is reachable, even if the body then failed.
      report(response ? 'http-answer' : 'network-error');
      if (timedOut) {
        return {
          ok: false,
          error: {
            kind: 'timeout',
            retryable: true,
            message: `Rotor did not answer ${req.label} within ${Math.round(req.timeoutMs / 100) / 10} s.`,
          },
        };
      }
      return { ok: false, error: classifyTransport(cause, req.label) };
    } finally {
      cancelTimer();
      req.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  /** When a failed read may be tried again, and after how long; null when it must fail now. */
  function retryDelay(result: Extract<Attempt, { ok: false }>, n: number): number | null {
    const { error } = result;
    if (error.kind === 'rate_limited') {
      const wait = result.retryAfterMs ?? RATE_LIMIT_DEFAULT_MS;
      // Waiting less than the proxy asked would only meet another 429; a long wait is the outbox's to make.
      return wait <= RETRY_AFTER_CAP_MS ? wait : null;
    }
    if (!isRetryableRead(error)) return null;
    return result.retryAfterMs !== undefined
      ? Math.min(result.retryAfterMs, RETRY_AFTER_CAP_MS)
      : backoffDelay(n, deps.random);
  }

  /** The final failure, with when it may be tried again where the answer said so. */
  function finalFailure(result: Extract<Attempt, { ok: false }>): AppFailure {
    const { error, retryAfterMs } = result;
    const wait =
      error.kind === 'rate_limited'
        ? (retryAfterMs ?? RATE_LIMIT_DEFAULT_MS)
        : retryAfterMs !== undefined
          ? Math.min(retryAfterMs, RETRY_AFTER_CAP_MS)
          : undefined;
    return new AppFailure(
      wait !== undefined ? { ...error, retryAt: new Date(deps.now() + wait).toISOString() } : error,
    );
  }

  return async function send(req: HttpRequest): Promise<HttpAnswer> {
    if (req.signal?.aborted) throw cancelled();
    const key = req.apiKey ?? (await deps.apiKey());
    if (!key) throw notConfigured();
    if (!SENDABLE_KEY.test(key)) {
      throw new AppFailure({
        kind: 'auth',
        retryable: false,
        message: 'The API key contains spaces or characters an API key can’t have. Paste it again.',
      });
    }
    // Read once: every attempt of this request goes to the same address with the same key.
    const url = buildUrl(deps.baseUrl(), req);
    const attempts = req.retry && !req.probe ? READ_ATTEMPTS : 1;
    for (let n = 1; ; n++) {
      if (req.signal?.aborted) throw cancelled();
      // A key being checked has its own budget, so a spent budget of the stored key must not block it.
      const mode =
        req.apiKey !== undefined ? 'send' : req.probe ? deps.ledger.admitProbe() : deps.ledger.admit();
      if (mode === null) throw new AppFailure({ kind: 'cancelled', message: 'No quota probe is due.' });
      deps.ledger.record();
      const result = await attempt(url, key, req);
      if (result.ok) {
        if (mode === 'probe') deps.ledger.recordRecovered();
        return result.answer;
      }
      const { error } = result;
      if (error.kind === 'quota') {
        deps.ledger.recordExhausted();
        const quota = deps.ledger.state();
        throw quotaFailure(Date.parse(quota.resetsAt), result.dailyLimit ?? quota.dailyLimit, error);
      }
      const delay = n < attempts ? retryDelay(result, n) : null;
      if (delay === null) throw finalFailure(result);
      try {
        await deps.sleep(delay, req.signal);
      } catch {
        if (req.signal?.aborted) throw cancelled();
        throw new AppFailure(error);
      }
    }
  };
}
