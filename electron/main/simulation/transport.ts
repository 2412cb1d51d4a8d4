/**
 * What happens to one request between the wire and Rotor's semantics (routes.ts): it is logged, delayed,
 * maybe faulted, answered. Free of sockets, so the HTTP server and the in-process fetch (server.ts)
 * share it and behave the same.
 */
import { JSON_TYPE, resolveRoute } from './routes';
import type { Reply, RotorApi } from './routes';
import type { RequestLogEntry } from './control';
import type { FaultKind, FaultPlan } from './faults';
import { spoilAnswer } from './garbage';
import type { Rng } from './prng';
import { PROXY_502_HTML } from './shapes';

export interface TransportRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  header(name: string): string | undefined;
  /** The body as text; null when larger than MAX_BODY_BYTES. */
  body(): Promise<string | null>;
}

export interface TransportResponse {
  send(reply: Reply): void;
  /** Drops the connection without an answer. */
  reset(): void;
}

export interface TransportDeps {
  api: RotorApi;
  faults: FaultPlan;
  /** Draws which records a `garbageRecords` fault breaks (its own generator: fault draws stay as they were). */
  garbageRng: Rng;
  now(): number;
  latencyMs(): number;
  /** False while unreachable or closed: the request is dropped. */
  up(): boolean;
  retryAfter(): string | null;
  wait(ms: number): Promise<void>;
  log: RequestLog;
}

const LOG_LIMIT = 100_000;
const REQUEST_ID = /^[\x21-\x7e]{1,100}$/;

/** Every request the server saw, in arrival order, with hooks for tests that follow them live. */
export class RequestLog {
  private readonly entries: RequestLogEntry[] = [];
  private waiters: ((entry: RequestLogEntry) => void)[] = [];
  private readonly listeners = new Set<(entry: RequestLogEntry) => void>();

  push(entry: RequestLogEntry): void {
    if (this.entries.length >= LOG_LIMIT) this.entries.splice(0, LOG_LIMIT / 10);
    this.entries.push(entry);
    const waiting = this.waiters;
    this.waiters = [];
    for (const resolve of waiting) resolve(copyEntry(entry));
    for (const listener of [...this.listeners]) listener(copyEntry(entry));
  }

  all(): RequestLogEntry[] {
    return this.entries.map(copyEntry);
  }

  clear(): void {
    this.entries.length = 0;
  }

  /** The fault drawn for the latest request tagged `requestId` (requests in flight are near the end). */
  faultOf(requestId: string): FaultKind | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i];
      if (entry?.requestId === requestId) return entry.fault;
    }
    return undefined;
  }

  next(): Promise<RequestLogEntry> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  listen(listener: (entry: RequestLogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

const copyEntry = (e: RequestLogEntry): RequestLogEntry => ({ ...e, query: { ...e.query } });

function keyHint(key: string | undefined): string | null {
  if (key === undefined) return null;
  return key.length >= 8 ? key.slice(-4) : '****';
}

const RATE_LIMITED_BODY = JSON.stringify({
  status: 'error',
  message: 'Too many requests: slow down and try again shortly',
});

export function createTransport(d: TransportDeps) {
  return async function handle(req: TransportRequest, res: TransportResponse): Promise<void> {
    if (!d.up()) {
      res.reset();
      return;
    }
    const url = new URL(req.url, 'http://127.0.0.1');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const query = Object.fromEntries(url.searchParams);
    const idempotencyKey = req.header('idempotency-key');
    const requestId = req.header('x-request-id');
    const entry: RequestLogEntry = {
      method: req.method,
      path,
      query,
      status: null,
      apiKeyHint: keyHint(req.header('x-api-key')),
      at: d.now(),
    };
    // Logged, never used: Rotor may ignore Idempotency-Key, so the client must be correct without it.
    if (idempotencyKey !== undefined) entry.idempotencyKey = idempotencyKey;
    if (requestId !== undefined && REQUEST_ID.test(requestId)) entry.requestId = requestId;
    d.log.push(entry);

    const send = (reply: Reply): void => {
      entry.status = reply.status;
      res.send(reply);
    };

    await d.wait(d.latencyMs());
    if (!d.up()) {
      res.reset();
      return;
    }
    const route = resolveRoute(entry.method, path);
    const fault = d.faults.next(route?.kind ?? null);
    if (fault) entry.fault = fault;
    if (fault === 'resetBeforeCommit') return res.reset();
    if (fault === 'timeout') return; // never answered; close() or the client's abort ends it
    if (fault === 'html502') {
      return send({ status: 502, body: PROXY_502_HTML, headers: { 'content-type': 'text/html' } });
    }
    if (fault === 'rateLimited') {
      const retryAfter = d.retryAfter();
      return send({
        status: 429,
        body: RATE_LIMITED_BODY,
        headers: { 'content-type': JSON_TYPE, ...(retryAfter !== null ? { 'retry-after': retryAfter } : {}) },
      });
    }

    const body = await req.body();
    const reply = d.api.handle(
      {
        method: entry.method,
        path,
        query,
        params: url.searchParams,
        apiKey: req.header('x-api-key'),
        version: req.header('rotor-api-version'),
        body,
      },
      route,
      fault,
    );
    if (fault === 'resetAfterCommit') return res.reset();
    if (fault === 'truncatedJson') reply.body = reply.body.slice(0, Math.floor(reply.body.length / 2));
    if (fault === 'garbageRecords' && reply.status >= 200 && reply.status < 300)
      reply.body = spoilAnswer(reply.body, route?.kind ?? null, d.garbageRng);
    send(reply);
  };
}
