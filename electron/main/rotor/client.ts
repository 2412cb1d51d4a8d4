import { AppFailure } from '@contract/result';
import type { FieldError } from '@contract/result';
import type { CustomerPage, CustomerWrite, RotorCustomer, UpsertResult } from '@contract/customer';
import type { ListCustomersArg } from '@contract/schemas';
import type { Logger } from '../log/logger';
import type { QuotaLedger } from '../quota/ledger';
import { createHttp } from './http';
import type { NetworkOutcome } from './http';
import { parseAuthTest, parseCustomerEnvelope, parseCustomerPage, parseUpsert } from './responses';
import type { AuthInfo } from './responses';
import { sleep as realSleep } from './retry';

export type { AuthInfo } from './responses';

export const DEFAULT_TIMEOUTS = { defaultMs: 20_000, listMs: 60_000 } as const;

export interface RotorClientOptions {
  baseUrl: () => string;
  apiKey: () => Promise<string | null>;
  ledger: QuotaLedger;
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  timeouts?: { defaultMs: number; listMs: number };
  /** Arms each attempt's timeout (default: a real timer). */
  setTimer?: (fn: () => void, ms: number) => () => void;
  onNetworkOutcome?: (outcome: NetworkOutcome) => void;
  /** Where a skipped record of a list page is reported (its position and field, never its data). */
  log?: Logger;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface RotorClient {
  /** GET /auth/test. `apiKey` checks a key that is not stored yet. */
  testAuth(opts?: CallOptions & { apiKey?: string }): Promise<AuthInfo>;
  /**
   * GET /customers: one page, or a failure. Records that fail validation are left out and counted in
   * `skipped`; a bad envelope or pagination fails the whole page.
   */
  listCustomers(q: ListCustomersArg, opts?: CallOptions): Promise<CustomerPage>;
  getCustomer(id: string, opts?: CallOptions): Promise<RotorCustomer>;
  /** POST /customers, sent once: the caller repeats it with the same idempotency key if it must. */
  upsertCustomer(body: CustomerWrite, opts: CallOptions & { idempotencyKey: string }): Promise<UpsertResult>;
  /**
   * Main's hourly quota probe (GET /auth/test with this client's key), sent only when the ledger's probe
   * slot is due and never retried. 'recovered': Rotor answered and the pause is lifted.
   */
  probeQuota(): Promise<'recovered' | 'not_due' | 'failed'>;
}

function invalidArgument(what: string, fields: FieldError[]): AppFailure {
  return new AppFailure({ kind: 'invalid_argument', message: `Invalid ${what}.`, fields });
}

function listQuery(q: ListCustomersArg): URLSearchParams {
  const params = new URLSearchParams();
  params.set('page', String(q.page));
  params.set('limit', String(q.limit));
  if (q.search !== undefined && q.search.trim() !== '') params.set('search', q.search);
  if (q.status !== undefined) params.set('status', q.status);
  if (q.tags !== undefined && q.tags.length > 0) params.set('tags', q.tags.join(','));
  if (q.archived !== undefined) params.set('archived', String(q.archived));
  return params;
}

function realTimer(fn: () => void, ms: number): () => void {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
}

export function createRotorClient(opts: RotorClientOptions): RotorClient {
  const timeouts = opts.timeouts ?? DEFAULT_TIMEOUTS;
  const send = createHttp({
    baseUrl: opts.baseUrl,
    apiKey: opts.apiKey,
    ledger: opts.ledger,
    fetch: opts.fetch ?? globalThis.fetch,
    now: opts.now ?? Date.now,
    random: opts.random ?? Math.random,
    sleep: opts.sleep ?? realSleep,
    setTimer: opts.setTimer ?? realTimer,
    ...(opts.onNetworkOutcome ? { onNetworkOutcome: opts.onNetworkOutcome } : {}),
  });

  return {
    async testAuth(call = {}) {
      const answer = await send({
        method: 'GET',
        path: '/auth/test',
        timeoutMs: timeouts.defaultMs,
        retry: true,
        label: 'the key check',
        notFound: 'Rotor has no key check at this address. Check the API address in Settings.',
        ...(call.signal ? { signal: call.signal } : {}),
        ...(call.apiKey !== undefined ? { apiKey: call.apiKey } : {}),
      });
      return parseAuthTest(answer.body);
    },

    // Arguments arrive as dispatch() validated them against the contract's schemas: not parsed again.
    async listCustomers(q, call = {}) {
      const answer = await send({
        method: 'GET',
        path: '/customers',
        query: listQuery(q),
        timeoutMs: timeouts.listMs,
        retry: true,
        label: 'the customer list',
        ...(call.signal ? { signal: call.signal } : {}),
      });
      return parseCustomerPage(answer.body, q.limit, (skipped, first) =>
        opts.log?.warn(
          `Skipped ${skipped} record(s) of customer list page ${q.page} that Rotor Desk cannot read; first: ${first}`,
        ),
      );
    },

    async getCustomer(id, call = {}) {
      if (typeof id !== 'string' || id === '' || id.length > 200) {
        throw invalidArgument('customer id', [{ field: 'id', message: 'Expected a customer id' }]);
      }
      const answer = await send({
        method: 'GET',
        path: `/customers/${encodeURIComponent(id)}`,
        timeoutMs: timeouts.defaultMs,
        retry: true,
        label: 'the customer',
        notFound: 'Rotor has no customer with this id; it may have been deleted or archived.',
        ...(call.signal ? { signal: call.signal } : {}),
      });
      return parseCustomerEnvelope(answer.body);
    },

    async upsertCustomer(body, call) {
      if (typeof call?.idempotencyKey !== 'string' || call.idempotencyKey.trim() === '') {
        throw invalidArgument('customer change', [
          { field: 'idempotencyKey', message: 'Every change needs an idempotency key' },
        ]);
      }
      const answer = await send({
        method: 'POST',
        path: '/customers',
        body,
        idempotencyKey: call.idempotencyKey,
        timeoutMs: timeouts.defaultMs,
        retry: false,
        label: 'the customer change',
        notFound: body.id
          ? 'Rotor has no customer with this id; it may have been deleted.'
          : 'Rotor could not find where to save customers. Check the API address in Settings.',
        ...(call.signal ? { signal: call.signal } : {}),
      });
      if (answer.status !== 200 && answer.status !== 201) {
        throw new AppFailure({
          kind: 'bad_response',
          retryable: false,
          status: answer.status,
          message: `Rotor answered the customer change with an unexpected status (HTTP ${answer.status}); the change may still have been saved.`,
        });
      }
      return { customer: parseUpsert(answer.body, body.id), created: answer.status === 201 };
    },

    async probeQuota() {
      try {
        await send({
          method: 'GET',
          path: '/auth/test',
          timeoutMs: timeouts.defaultMs,
          retry: false,
          probe: true,
          label: 'the quota check',
        });
        return 'recovered';
      } catch (cause) {
        if (cause instanceof AppFailure && cause.error.kind === 'cancelled') return 'not_due';
        return 'failed';
      }
    },
  };
}
