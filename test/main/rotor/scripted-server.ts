import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the server saw it. */
export interface SeenRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Reply = (res: ServerResponse, req: SeenRequest, raw: IncomingMessage) => void;

/**
 * A real HTTP server on 127.0.0.1:0 that answers each request with the next scripted reply, so tests see
 * exactly what fetch, sockets and timeouts do. Unscripted requests get a 599, which fails loudly.
 */
export interface ScriptedServer {
  /** Base URL of the fake API, e.g. http://127.0.0.1:5123/open-api */
  baseUrl: string;
  requests: SeenRequest[];
  /** Queues replies, one per incoming request, in order. */
  reply(...replies: Reply[]): void;
  /** Replies to every request from now on (after the queue is empty). */
  always(reply: Reply): void;
  /** Resolves when the n-th request (1-based, counted from the start) has arrived. */
  arrived(n: number): Promise<SeenRequest>;
  close(): Promise<void>;
}

export const API_PREFIX = '/open-api';

export async function startScriptedServer(): Promise<ScriptedServer> {
  const queue: Reply[] = [];
  let fallback: Reply | undefined;
  const requests: SeenRequest[] = [];
  const waiters: { n: number; resolve: (r: SeenRequest) => void }[] = [];

  const server = createServer((raw, res) => {
    const chunks: Buffer[] = [];
    raw.on('data', (c: Buffer) => chunks.push(c));
    raw.on('end', () => {
      const url = new URL(raw.url ?? '/', 'http://127.0.0.1');
      const seen: SeenRequest = {
        method: raw.method ?? '',
        url: raw.url ?? '',
        path: url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : url.pathname,
        query: url.searchParams,
        headers: raw.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      for (const w of waiters.filter((w) => w.n === requests.length)) w.resolve(seen);
      const next = queue.shift() ?? fallback;
      if (next) next(res, seen, raw);
      else json(599, { message: 'unscripted request' })(res, seen, raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}${API_PREFIX}`,
    requests,
    reply: (...replies) => queue.push(...replies),
    always: (reply) => {
      fallback = reply;
    },
    arrived: (n) =>
      new Promise((resolve) => {
        const seen = requests[n - 1];
        if (seen) resolve(seen);
        else waiters.push({ n, resolve });
      }),
    close: () =>
      new Promise((resolve) => {
        // Hanging replies keep sockets open; close them so the server can stop.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Replies with a JSON body. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return (res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
}

/** Replies with exactly these bytes (HTML pages, cut-off JSON), with a matching content-length. */
export function text(status: number, body: string, contentType = 'application/json'): Reply {
  return (res) => {
    res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
}

/** Never answers: for timeouts and aborts. */
export const hang: Reply = () => {};

/** Drops the connection without answering (a reset). */
export const destroy: Reply = (_res, _req, raw) => {
  raw.socket.destroy();
};

/** Sends headers and part of the promised body, then drops the connection. */
export function cutOff(body: string): Reply {
  return (res) => {
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body) + 500,
    });
    res.write(body, () => res.socket?.destroy());
  };
}
