import type { RawResponder } from './routes';
import type { PagingMode } from './routes';
import type { ApiKeyGrant } from './routes';
import type { ServerCustomer } from './customer';
import type { FaultKind, FaultSpec, RouteKind } from './faults';
import type { GarbageKind } from './garbage';

export interface RequestLogEntry {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Status sent; null when no answer was sent (reset, timeout, gone offline). */
  status: number | null;
  fault?: FaultKind;
  idempotencyKey?: string;
  /** The client's `x-request-id` header, when it sent one (tests use it to follow a request). */
  requestId?: string;
  /** Last 4 characters of the key (`****` for keys too short to hint at safely); null when none sent. */
  apiKeyHint: string | null;
  /** Arrival time, by the injected clock. */
  at: number;
}

/** One company's customers, as someone working in Rotor's own UI sees and changes them. */
export interface CompanyControl {
  /** Every record, newest first, including server-only fields and archived ones. Copies. */
  customers(): ServerCustomer[];
  customerCount(opts?: { archived?: boolean }): number;
  getCustomer(id: string): ServerCustomer | undefined;
  /** Upserts committed through POST /customers (creates and updates). */
  upsertsApplied(): number;
  /** Someone else creates a customer in Rotor (created_at defaults to now). */
  addCustomer(partial?: Partial<ServerCustomer>): ServerCustomer;
  /** Someone else edits a customer in Rotor: fields replaced as given, no validation, no tag merge. */
  updateCustomerRaw(id: string, partial: Partial<ServerCustomer>): ServerCustomer;
  deleteCustomer(id: string): boolean;
  archiveCustomer(id: string, archived?: boolean): boolean;
}

/**
 * The test's hand on the server. The customer methods act on the default company (every key whose
 * grant names no company of `StartRotorServerOptions.companies`); `company(id)` reaches the others.
 */
export interface ServerControl extends CompanyControl {
  company(companyId: string): CompanyControl;
  setLatency(ms: number): void;
  /** false: every connection is dropped at once, as if the host were unreachable. */
  setReachable(reachable: boolean): void;
  reachable(): boolean;
  /** Replaces the probabilistic fault spec and restarts its seeded draws. */
  injectFaults(spec: FaultSpec): void;
  /** Forces `kind` on the next request (to one of `only`, when given). Queued faults go first, in order. */
  queueFault(kind: FaultKind, only?: RouteKind[]): void;
  /** Drops both the spec and any queued faults. */
  clearFaults(): void;
  /** The `Retry-After` header value the `rateLimited` fault sends (default '2'); null sends none. */
  setRetryAfter(value: string | null): void;
  /** How GET /customers treats `page` from now on (see PagingMode); 'honest' restores it. */
  setPaging(mode: PagingMode): void;
  /** Serves customer `id` broken (`kind`) in every list and get from now on; null repairs it. */
  spoilRecord(id: string, kind: GarbageKind | null): void;
  /** Adds or replaces a key's grant; null revokes the key (401 from then on, as for an unknown key). */
  setApiKey(apiKey: string, grant: ApiKeyGrant | null): void;
  requestLog(): RequestLogEntry[];
  clearLog(): void;
  /** Resolves when the next request arrives (after it is logged, before any latency or fault). */
  nextRequest(): Promise<RequestLogEntry>;
  /** Calls `listener` synchronously with a copy of every request as it is logged; returns an unsubscribe. */
  onRequest(listener: (entry: RequestLogEntry) => void): () => void;
  /** Whether the request the client tagged `requestId` drew a fault that never answers (a timeout). */
  unanswered(requestId: string): boolean;
  setQuota(limit: number): void;
  quotaUsed(apiKey: string): number;
  /** Others with the same key spent `count` of today's requests (the count resets at 00:00 UTC). */
  spendQuota(apiKey: string, count: number): void;
  resetQuota(): void;
  setNow(now: () => number): void;
  /**
   * Serves `response` once, for the next request to `path` (and `method`, when given), instead of the
   * real handler. The key check, quota and version check still apply first.
   */
  overrideNext(path: string, response: RawResponder, method?: string): void;
}
