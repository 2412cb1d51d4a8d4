/**
 * A Rotor Open API double over real HTTP (node:http only, never Electron): the backend of every test
 * that talks to "Rotor" and of the app's demo mode. It follows shared/rotor-api as closely as the docs
 * allow; where they are silent, the choice is marked as an assumption. The server's url is the API
 * base: routes live at the root (`/customers`, `/auth/test`), as under `https://…/open-api`.
 */
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { JSON_TYPE, MAX_BODY_BYTES, READ_SCOPE, RotorApi, WRITE_SCOPE } from './routes';
import type { ApiKeyGrant, PagingMode } from './routes';
import { Companies, companyControl } from './companies';
import type { CompanySeed } from './companies';
import type { ServerControl } from './control';
import type { ServerCustomer } from './customer';
import { FaultPlan } from './faults';
import type { GarbageKind } from './garbage';
import { createInProcessFetch } from './in-process';
import { mulberry32, uuid } from './prng';
import { QuotaBook } from './quota';
import { seedCustomers } from './seed';
import { errors } from './shapes';
import type { AutoPayField } from './shapes';
import { CustomerStore } from './store';
import { createTransport, RequestLog } from './transport';

export { seedCustomers } from './seed';
export type { ServerCustomer, ServerStatus } from './customer';
export type { FaultKind, FaultSpec, RouteKind } from './faults';
export { FAULT_KINDS, ROUTE_KINDS } from './faults';
export { GARBAGE_KINDS } from './garbage';
export type { GarbageKind } from './garbage';
export type { AutoPayField } from './shapes';
export { API_VERSION, READ_SCOPE, WRITE_SCOPE } from './routes';
export type { ApiKeyGrant, OverrideRequest, PagingMode, RawResponder, RawResponse } from './routes';
export type { CompanyControl, RequestLogEntry, ServerControl } from './control';
export type { CompanySeed } from './companies';

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
  /** More companies, each with its own customers, for keys whose grant names them (see companies.ts). */
  companies?: Record<string, CompanySeed>;
  /** Per key, per UTC day (default 1000). */
  dailyQuota?: number;
  latencyMs?: number;
  now?: () => number;
  /** Runs the latency delay (default setTimeout); a simulation passes its virtual clock's. */
  setTimer?: (fn: () => void, ms: number) => () => void;
  /** Name of the auto-pay flag in the read shape (default `is_auto_pay`). */
  autoPayField?: AutoPayField;
}

export interface RotorServer {
  /** `http://127.0.0.1:PORT`, the API base URL. */
  url: string;
  close(): Promise<void>;
  control: ServerControl;
  /**
   * A fetch that reaches this server without a socket: the same log, faults, latency, quota and
   * answers, and what fetch would report (a reset or an unreachable server rejects with TypeError
   * "fetch failed"; an unanswered request waits for the caller's abort). For simulations that run
   * thousands of times; every other origin is refused.
   */
  fetch: typeof fetch;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
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
  const apiKeys: Record<string, ApiKeyGrant> = {
    ...(opts.apiKeys ?? {
      [DEMO_API_KEY]: { companyId: 'demo-company', userId: 'demo-user', scopes: [READ_SCOPE, WRITE_SCOPE] },
    }),
  };
  const idRng = mulberry32(seed ^ 0x5eed5eed);
  const fallback = opts.initialCustomers
    ? new CustomerStore(opts.initialCustomers, () => uuid(idRng), clock)
    : new CustomerStore(seedCustomers(opts.customers ?? 0, seed), () => uuid(idRng), clock, true);
  const companies = new Companies(fallback, opts.companies ?? {}, seed, clock);
  const quota = new QuotaBook(opts.dailyQuota ?? 1000, clock);
  const spoiled = new Map<string, GarbageKind>();
  let paging: PagingMode = 'honest';
  const api = new RotorApi({
    storeFor: (companyId) => companies.storeFor(companyId),
    quota,
    apiKeys,
    autoPayField: opts.autoPayField ?? 'is_auto_pay',
    now: clock,
    paging: () => paging,
    spoiled,
  });
  const faults = new FaultPlan(seed);
  let latencyMs = opts.latencyMs ?? 0;
  let retryAfter: string | null = '2';
  let reachable = true;
  let closed = false;
  const log = new RequestLog();
  /** Open connections, socket or in-process: dropped together when the server goes unreachable. */
  const connections = new Set<{ destroy(): void }>();
  const timers = new Set<() => void>();
  const setTimer =
    opts.setTimer ??
    ((fn: () => void, ms: number) => {
      const t = setTimeout(fn, ms);
      return () => clearTimeout(t);
    });

  const wait = (ms: number): Promise<void> =>
    ms <= 0
      ? Promise.resolve()
      : new Promise((resolve) => {
          const cancel = setTimer(() => {
            timers.delete(cancel);
            resolve();
          }, ms);
          timers.add(cancel);
        });

  const handle = createTransport({
    api,
    faults,
    garbageRng: mulberry32(seed ^ 0x0bad5eed),
    now: clock,
    latencyMs: () => latencyMs,
    up: () => reachable && !closed,
    retryAfter: () => retryAfter,
    wait,
    log,
  });

  const server = createServer((req, res) => {
    handle(
      {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        header: (name) => header(req, name),
        body: () => readBody(req),
      },
      {
        send(reply) {
          const body = Buffer.from(reply.body, 'utf8');
          res.writeHead(reply.status, { ...reply.headers, 'content-length': String(body.length) });
          res.end(body);
        },
        reset: () => req.socket.destroy(),
      },
    ).catch(() => {
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
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const control: ServerControl = {
    ...companyControl(fallback),
    company: (companyId) => companyControl(companies.listed(companyId)),
    setLatency: (ms) => {
      latencyMs = Math.max(0, ms);
    },
    setReachable: (value) => {
      reachable = value;
      if (!value) for (const c of [...connections]) c.destroy();
    },
    reachable: () => reachable,
    injectFaults: (spec) => faults.inject(spec),
    queueFault: (kind, only) => faults.enqueue(kind, only),
    clearFaults: () => faults.clear(),
    setRetryAfter: (value) => {
      retryAfter = value;
    },
    setPaging: (mode) => {
      paging = mode;
    },
    spoilRecord: (id, kind) => {
      if (kind === null) spoiled.delete(id);
      else spoiled.set(id, kind);
    },
    setApiKey: (key, grant) => {
      if (grant === null) Reflect.deleteProperty(apiKeys, key);
      else apiKeys[key] = { ...grant, scopes: [...grant.scopes] };
    },
    requestLog: () => log.all(),
    clearLog: () => log.clear(),
    nextRequest: () => log.next(),
    onRequest: (listener) => log.listen(listener),
    unanswered: (requestId) => log.faultOf(requestId) === 'timeout',
    setQuota: (limit) => quota.setLimit(limit),
    quotaUsed: (key) => quota.usedToday(key),
    spendQuota: (key, count) => quota.spend(key, count),
    resetQuota: () => quota.reset(),
    setNow: (fn) => {
      now = fn;
    },
    overrideNext: (path, response, method) => api.overrideNext(path, response, method),
  };

  return {
    url,
    control,
    fetch: createInProcessFetch({ origin: url, handle, up: () => reachable && !closed, connections }),
    close: async () => {
      if (closed) return;
      closed = true;
      for (const cancel of timers) cancel();
      timers.clear();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const c of [...connections]) c.destroy();
      await done;
    },
  };
}
