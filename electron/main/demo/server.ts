/**
 * A Rotor Open API double over real HTTP (node:http only, never Electron): the backend of every test
 * that talks to "Rotor" and of the app's demo mode. It follows shared/rotor-api as closely as the docs
 * allow; where they are silent, the choice is marked as an assumption. The server's url is the API
 * base: routes live at the root (`/customers`, `/auth/test`), as under `https://…/open-api`.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { JSON_TYPE, MAX_BODY_BYTES, READ_SCOPE, resolveRoute, RotorApi, WRITE_SCOPE } from './api';
import type { ApiKeyGrant, RawResponder, Reply } from './api';
import { cloneCustomer } from './customer';
import type { ServerCustomer } from './customer';
import { FaultPlan } from './faults';
import type { FaultKind, FaultSpec, RouteKind } from './faults';
import { mulberry32, uuid } from './prng';
import { QuotaBook } from './quota';
import { seedCustomers } from './seed';
import { errors, PROXY_502_HTML } from './shapes';
import type { AutoPayField } from './shapes';
import { CustomerStore } from './store';

export { seedCustomers } from './seed';
export type { ServerCustomer, ServerStatus } from './customer';
export type { FaultKind, FaultSpec, RouteKind } from './faults';
export { FAULT_KINDS, ROUTE_KINDS } from './faults';
export type { AutoPayField } from './shapes';
export { API_VERSION, READ_SCOPE, WRITE_SCOPE } from './api';
export type { ApiKeyGrant, OverrideRequest, RawResponder, RawResponse } from './api';

export const DEMO_API_KEY = 'demo-key-0000';

export interface StartRotorServerOptions {
  /** 0 (default) picks a free port. The server only ever listens on 127.0.0.1. */
  port?: number;
  /** How many customers to seed (default 0). Ignored when `initialCustomers` is given. */
  customers?: number;
  /** Already generated customers (e.g. one `seedCustomers` result shared by several benchmark servers). */
  initialCustomers?: readonly ServerCustomer[];
  seed?: number;
  apiKeys?: Record<string, ApiKeyGrant>;
  /** Per key, per UTC day (default 1000). */
  dailyQuota?: number;
  latencyMs?: number;
  now?: () => number;
  /** Name of the auto-pay flag in the read shape (default `is_auto_pay`). */
  autoPayField?: AutoPayField;
}

export interface RequestLogEntry {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Status sent; null when no answer was sent (reset, timeout, gone offline). */
  status: number | null;
  fault?: FaultKind;
  idempotencyKey?: string;
  /** Last 4 characters of the key (`****` for keys too short to hint at safely); null when none sent. */
  apiKeyHint: string | null;
  /** Arrival time, by the injected clock. */
  at: number;
}

export interface ServerControl {
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
  requestLog(): RequestLogEntry[];
  clearLog(): void;
  /** Resolves when the next request arrives (after it is logged, before any latency or fault). */
  nextRequest(): Promise<RequestLogEntry>;
  /** Every record, newest first, including server-only fields and archived ones. Copies. */
  customers(): ServerCustomer[];
  customerCount(opts?: { archived?: boolean }): number;
  getCustomer(id: string): ServerCustomer | undefined;
  /** Upserts committed through POST /customers (creates and updates). */
  upsertsApplied(): number;
  setQuota(limit: number): void;
  quotaUsed(apiKey: string): number;
  resetQuota(): void;
  setNow(now: () => number): void;
  /** Someone else creates a customer in Rotor (created_at defaults to now). */
  addCustomer(partial?: Partial<ServerCustomer>): ServerCustomer;
  /** Someone else edits a customer in Rotor: fields replaced as given, no validation, no tag merge. */
  updateCustomerRaw(id: string, partial: Partial<ServerCustomer>): ServerCustomer;
  deleteCustomer(id: string): boolean;
  archiveCustomer(id: string, archived?: boolean): boolean;
  /**
   * Serves `response` once, for the next request to `path` (and `method`, when given), instead of the
   * real handler. The key check, quota and version check still apply first.
   */
  overrideNext(path: string, response: RawResponder, method?: string): void;
}

export interface RotorServer {
  /** `http://127.0.0.1:PORT`, the API base URL. */
  url: string;
  close(): Promise<void>;
  control: ServerControl;
}

const LOG_LIMIT = 100_000;

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function keyHint(key: string | undefined): string | null {
  if (key === undefined) return null;
  return key.length >= 8 ? key.slice(-4) : '****';
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startRotorServer(opts: StartRotorServerOptions = {}): Promise<RotorServer> {
  const seed = opts.seed ?? 1;
  let now = opts.now ?? Date.now;
  const clock = () => now();
  const apiKeys: Record<string, ApiKeyGrant> = opts.apiKeys ?? {
    [DEMO_API_KEY]: { companyId: 'demo-company', userId: 'demo-user', scopes: [READ_SCOPE, WRITE_SCOPE] },
  };
  const idRng = mulberry32(seed ^ 0x5eed5eed);
  const store = opts.initialCustomers
    ? new CustomerStore(opts.initialCustomers, () => uuid(idRng), clock)
    : new CustomerStore(seedCustomers(opts.customers ?? 0, seed), () => uuid(idRng), clock, true);
  const quota = new QuotaBook(opts.dailyQuota ?? 1000, clock);
  const api = new RotorApi({
    store,
    quota,
    apiKeys,
    autoPayField: opts.autoPayField ?? 'is_auto_pay',
    now: clock,
  });
  const faults = new FaultPlan(seed);
  let latencyMs = opts.latencyMs ?? 0;
  let reachable = true;
  let closed = false;
  const log: RequestLogEntry[] = [];
  const waiters: ((entry: RequestLogEntry) => void)[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const copyEntry = (e: RequestLogEntry): RequestLogEntry => ({ ...e, query: { ...e.query } });

  const wait = (ms: number): Promise<void> =>
    ms <= 0
      ? Promise.resolve()
      : new Promise((resolve) => {
          const t = setTimeout(() => {
            timers.delete(t);
            resolve();
          }, ms);
          timers.add(t);
        });

  function send(res: ServerResponse, entry: RequestLogEntry, reply: Reply): void {
    entry.status = reply.status;
    const body = Buffer.from(reply.body, 'utf8');
    res.writeHead(reply.status, { ...reply.headers, 'content-length': String(body.length) });
    res.end(body);
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!reachable || closed) {
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const query = Object.fromEntries(url.searchParams);
    const idempotencyKey = header(req, 'idempotency-key');
    const entry: RequestLogEntry = {
      method: req.method ?? 'GET',
      path,
      query,
      status: null,
      apiKeyHint: keyHint(header(req, 'x-api-key')),
      at: now(),
    };
    // Logged, never used: Rotor may ignore Idempotency-Key, so the client must be correct without it.
    if (idempotencyKey !== undefined) entry.idempotencyKey = idempotencyKey;
    if (log.length >= LOG_LIMIT) log.splice(0, LOG_LIMIT / 10);
    log.push(entry);
    for (const resolve of waiters.splice(0)) resolve(copyEntry(entry));

    await wait(latencyMs);
    if (!reachable || closed) {
      req.socket.destroy();
      return;
    }
    const route = resolveRoute(entry.method, path);
    const fault = faults.next(route?.kind ?? null);
    if (fault) entry.fault = fault;
    if (fault === 'resetBeforeCommit') {
      req.socket.destroy();
      return;
    }
    if (fault === 'timeout') return; // never answered; close() or the client's abort ends the socket
    if (fault === 'html502') {
      send(res, entry, { status: 502, body: PROXY_502_HTML, headers: { 'content-type': 'text/html' } });
      return;
    }

    const body = await readBody(req);
    const reply = api.handle(
      {
        method: entry.method,
        path,
        query,
        params: url.searchParams,
        apiKey: header(req, 'x-api-key'),
        version: header(req, 'rotor-api-version'),
        body,
      },
      route,
      fault,
    );
    if (fault === 'resetAfterCommit') {
      req.socket.destroy();
      return;
    }
    if (fault === 'truncatedJson') reply.body = reply.body.slice(0, Math.floor(reply.body.length / 2));
    send(res, entry, reply);
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': JSON_TYPE });
        res.end(JSON.stringify(errors.internal()));
      } else res.destroy();
    });
  });
  server.on('connection', (socket: Socket) => {
    if (!reachable || closed) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  const control: ServerControl = {
    setLatency: (ms) => {
      latencyMs = Math.max(0, ms);
    },
    setReachable: (value) => {
      reachable = value;
      if (!value) for (const socket of sockets) socket.destroy();
    },
    reachable: () => reachable,
    injectFaults: (spec) => faults.inject(spec),
    queueFault: (kind, only) => faults.enqueue(kind, only),
    clearFaults: () => faults.clear(),
    requestLog: () => log.map(copyEntry),
    clearLog: () => {
      log.length = 0;
    },
    nextRequest: () => new Promise((resolve) => waiters.push(resolve)),
    customers: () => store.all(),
    customerCount: (o) => store.count(o?.archived ?? false),
    getCustomer: (id) => {
      const c = store.get(id);
      return c ? cloneCustomer(c) : undefined;
    },
    upsertsApplied: () => store.upsertsApplied,
    setQuota: (limit) => quota.setLimit(limit),
    quotaUsed: (key) => quota.usedToday(key),
    resetQuota: () => quota.reset(),
    setNow: (fn) => {
      now = fn;
    },
    addCustomer: (partial = {}) => store.add(partial),
    updateCustomerRaw: (id, partial) => {
      const c = store.updateRaw(id, partial);
      if (!c) throw new Error(`No customer ${id}`);
      return c;
    },
    deleteCustomer: (id) => store.delete(id),
    archiveCustomer: (id, archived = true) => store.setArchived(id, archived),
    overrideNext: (path, response, method) => api.overrideNext(path, response, method),
  };

  return {
    url: `http://127.0.0.1:${port}`,
    control,
    close: async () => {
      if (closed) return;
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await done;
    },
  };
}
