import { afterEach } from 'vitest';
import { API_VERSION, DEMO_API_KEY, startRotorServer } from '../../../electron/main/simulation/server';
import type { RotorServer, StartRotorServerOptions } from '../../../electron/main/simulation/server';

/** Servers started by the current test, closed after it whatever happened. */
const started: RotorServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

export async function start(opts: StartRotorServerOptions = {}): Promise<RotorServer> {
  const server = await startRotorServer(opts);
  started.push(server);
  return server;
}

export const HEADERS: Record<string, string> = {
  'x-api-key': DEMO_API_KEY,
  'rotor-api-version': API_VERSION,
};

export interface Answer {
  status: number;
  contentType: string | null;
  text: string;
  /** Parsed JSON; undefined when the body is not JSON. */
  body: Record<string, unknown> | undefined;
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** One request as the client would send it (key and version header unless overridden). */
export async function call(server: RotorServer, path: string, opts: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...HEADERS, ...opts.headers };
  const init: RequestInit = { method: opts.method ?? 'GET', headers, signal: opts.signal ?? null };
  if (opts.body !== undefined) {
    init.body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${server.url}${path}`, init);
  const text = await res.text();
  let body: Record<string, unknown> | undefined;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type'), text, body };
}

export const post = (server: RotorServer, body: unknown, headers?: Record<string, string>) =>
  call(server, '/customers', { method: 'POST', body, headers: headers ?? {} });

export interface ListBody {
  data: Record<string, unknown>[];
  pagination: { has_more: boolean; limit: number; page: number; total: number };
  status: string;
}

export async function list(server: RotorServer, query: string): Promise<ListBody> {
  const answer = await call(server, `/customers?${query}`);
  if (answer.status !== 200)
    throw new Error(`GET /customers?${query} answered ${answer.status}: ${answer.text}`);
  return answer.body as unknown as ListBody;
}

/** Every page of a listing, as a client's full refresh would fetch it. */
export async function listAll(server: RotorServer, query: string, limit = 1000): Promise<ListBody['data']> {
  const rows: ListBody['data'] = [];
  for (let page = 1; ; page++) {
    const body = await list(server, `${query}&limit=${limit}&page=${page}`);
    rows.push(...body.data);
    if (!body.pagination.has_more) return rows;
  }
}
