import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpProbe } from '../../../electron/main/connectivity/http-probe';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
}

async function listen(handler: (seen: Seen, respond: (status: number) => void) => void) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const entry = { method: req.method, url: req.url, headers: req.headers };
    seen.push(entry);
    handler(entry, (status) => {
      res.writeHead(status, { location: 'https://elsewhere.example/' });
      res.end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, seen, server };
}

const never = new AbortController().signal;

describe('createHttpProbe', () => {
  it('sends a HEAD to the API origin with no key and no credentials', async () => {
    const { base, seen } = await listen((_seen, respond) => respond(401));
    const probe = createHttpProbe(() => `${base}/open-api`);
    expect(await probe(never)).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe('HEAD');
    expect(seen[0]?.url).toBe('/');
    const headers = Object.keys(seen[0]?.headers ?? {});
    expect(headers).not.toContain('x-api-key');
    expect(headers).not.toContain('authorization');
    expect(headers).not.toContain('cookie');
  });

  it.each([200, 302, 404, 429, 500, 503])('counts HTTP %i as reachable', async (status) => {
    const { base, seen } = await listen((_seen, respond) => respond(status));
    expect(await createHttpProbe(() => base)(never)).toBe(true);
    // A redirect is an answer: it is not followed.
    expect(seen).toHaveLength(1);
  });

  it('counts a refused connection as unreachable', async () => {
    const { base, server } = await listen((_seen, respond) => respond(200));
    await new Promise((resolve) => server.close(resolve));
    expect(await createHttpProbe(() => base)(never)).toBe(false);
  });

  it('gives up after its timeout', async () => {
    const { base, seen } = await listen(() => {
      /* never answers */
    });
    expect(await createHttpProbe(() => base, fetch, { timeoutMs: 50 })(never)).toBe(false);
    expect(seen).toHaveLength(1);
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    const { base } = await listen(() => controller.abort());
    expect(await createHttpProbe(() => base)(controller.signal)).toBe(false);
  });

  it('answers unreachable for a base URL that is not a URL, without a request', async () => {
    let called = false;
    const fakeFetch = (async () => {
      called = true;
      return new Response(null);
    }) as typeof fetch;
    expect(await createHttpProbe(() => 'not a url', fakeFetch)(never)).toBe(false);
    expect(called).toBe(false);
  });

  it('reads the base URL on every probe, so a settings change takes effect', async () => {
    const first = await listen((_seen, respond) => respond(204));
    const second = await listen((_seen, respond) => respond(204));
    let base = first.base;
    const probe = createHttpProbe(() => base);
    await probe(never);
    base = second.base;
    await probe(never);
    expect([first.seen.length, second.seen.length]).toEqual([1, 1]);
  });
});
