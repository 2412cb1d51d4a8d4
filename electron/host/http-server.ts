import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { EVENTS } from '@contract/channels';
import type { EventName } from '@contract/channels';
import { dispatch } from '../main/ipc/dispatch';
import type { Handlers } from '../main/ipc/dispatch';
import type { Logger } from '../main/log/logger';
import { CONTENT_SECURITY_POLICY } from '../main/window/csp';

const TOKEN_COOKIE = 'rotor_host_token';
const MAX_BODY = 2 * 1024 * 1024;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface HostServerOptions {
  handlers: Handlers;
  rendererDir: string;
  bridgeFile: string;
  port: number;
  log: Logger;
  token?: string;
}

export interface HostServer {
  url: string;
  token: string;
  /** Sends a contract event to every open page. */
  emit(event: EventName, payload: unknown): void;
  close(): Promise<void>;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return rest.join('=');
  }
  return undefined;
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('cross-origin-resource-policy', 'same-origin');
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

class BodyTooLarge extends Error {}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

/**
 * Serves the built renderer and the IPC contract on 127.0.0.1 only. Every request must carry the per-run
 * token (query on the first page load, then an HttpOnly SameSite=Strict cookie, or an `x-rotor-token`
 * header); calls must also come from the host's own origin, so another local web page cannot drive it.
 */
export async function startHostServer(opts: HostServerOptions): Promise<HostServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const streams = new Set<ServerResponse>();
  let origin = '';
  /** The Host headers a call may carry (127.0.0.1:PORT and localhost:PORT), known once listening. */
  let hosts: ReadonlySet<string> = new Set();

  const authorised = (req: IncomingMessage, url: URL): boolean => {
    const offered =
      url.searchParams.get('token') ??
      (req.headers['x-rotor-token'] as string | undefined) ??
      cookieToken(req);
    return typeof offered === 'string' && sameSecret(offered, token);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    securityHeaders(res);
    // A foreign Host header means DNS rebinding or a proxy: neither is a way in.
    if (!hosts.has(req.headers.host ?? '')) return send(res, 421, 'wrong host');
    const url = new URL(req.url ?? '/', origin);
    if (!authorised(req, url)) return send(res, 403, 'Rotor Desk host: missing or wrong token');

    if (url.pathname.startsWith('/__rotor/call/')) {
      if (req.method !== 'POST') return send(res, 405, 'POST only');
      const from = req.headers.origin;
      if (from !== undefined && from !== origin) return send(res, 403, 'cross-origin call refused');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
        return send(res, 415, 'application/json only');
      let body: unknown;
      try {
        body = await readJsonBody(req);
      } catch (cause) {
        const tooLarge = cause instanceof BodyTooLarge;
        // The rest of an oversized body is never read: close the connection instead of leaving it stuck.
        if (tooLarge) res.setHeader('connection', 'close');
        send(
          res,
          tooLarge ? 413 : 400,
          JSON.stringify({
            ok: false,
            error: {
              kind: 'invalid_argument',
              message: tooLarge ? 'The request is too large.' : 'The request body is not JSON.',
            },
          }),
          'application/json',
        );
        if (tooLarge) res.on('finish', () => req.destroy());
        return;
      }
      const channel = decodeURIComponent(url.pathname.slice('/__rotor/call/'.length));
      const arg =
        body !== null && typeof body === 'object' && Object.hasOwn(body, 'arg')
          ? (body as { arg: unknown }).arg
          : undefined;
      const result = await dispatch(opts.handlers, channel, arg, opts.log);
      return send(res, 200, JSON.stringify(result), 'application/json');
    }

    if (url.pathname === '/__rotor/events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }

    if (url.pathname === '/__rotor/bridge.js') {
      return send(res, 200, await readFile(opts.bridgeFile, 'utf8'), TYPES['.js']);
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'GET only');
    const path = url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname);
    const file = normalize(join(opts.rendererDir, path));
    if (!file.startsWith(opts.rendererDir + sep)) return send(res, 404, 'not found');
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch {
      return send(res, 404, 'not found');
    }
    if (path === '/index.html') {
      // The bridge must run before the renderer's module script, exactly as a preload would.
      const html = content
        .toString('utf8')
        .replace('<head>', '<head>\n    <script src="/__rotor/bridge.js"></script>');
      res.setHeader('set-cookie', `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      return send(res, 200, html, TYPES['.html']);
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    });
    res.end(content);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      opts.log.error('host request failed', error);
      if (!res.headersSent) send(res, 500, 'internal error');
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  // Parsed once here, not on every call: the Host check runs before each request.
  hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const heartbeat = setInterval(() => {
    for (const stream of streams) stream.write(': ping\n\n');
  }, 15_000);
  heartbeat.unref();

  return {
    url: `${origin}/?token=${token}`,
    token,
    emit(event, payload) {
      if (!(EVENTS as readonly string[]).includes(event)) return;
      const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const stream of streams) stream.write(frame);
    },
    async close() {
      clearInterval(heartbeat);
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
