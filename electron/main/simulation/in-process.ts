import { MAX_BODY_BYTES } from './routes';
import type { TransportRequest, TransportResponse } from './transport';

export interface InProcessDeps {
  /** `http://127.0.0.1:PORT`: the only origin this fetch reaches. */
  origin: string;
  handle(req: TransportRequest, res: TransportResponse): Promise<void>;
  up(): boolean;
  /** Shared with the HTTP server, so going unreachable drops in-process requests too. */
  connections: Set<{ destroy(): void }>;
}

/** What undici's fetch rejects with when the connection fails: TypeError "fetch failed", code in the cause. */
function fetchFailed(code: string): TypeError {
  const cause = Object.assign(new Error(code === 'ECONNRESET' ? 'socket hang up' : `connect ${code}`), {
    code,
  });
  return new TypeError('fetch failed', { cause });
}

/**
 * fetch over the server's request pipeline without a socket (see RotorServer.fetch). Each request is one
 * "connection": a reset or the server going unreachable rejects it, the caller's abort rejects it with
 * the signal's reason, and an answer resolves a real Response.
 */
export function createInProcessFetch(d: InProcessDeps): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.origin !== d.origin) throw fetchFailed('ENOTFOUND');
    if (!d.up()) throw fetchFailed('ECONNREFUSED');
    const { signal } = request;
    signal.throwIfAborted();
    return new Promise<Response>((resolve, reject) => {
      let settled = false;
      const finish = (): boolean => {
        if (settled) return false;
        settled = true;
        d.connections.delete(connection);
        signal.removeEventListener('abort', onAbort);
        return true;
      };
      const connection = {
        destroy: () => {
          if (finish()) reject(fetchFailed('ECONNRESET'));
        },
      };
      const onAbort = (): void => {
        if (finish()) reject(signal.reason);
      };
      d.connections.add(connection);
      signal.addEventListener('abort', onAbort, { once: true });
      const body = async (): Promise<string | null> => {
        const text = await request.text();
        return Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES ? null : text;
      };
      d.handle(
        {
          method: request.method,
          url: url.pathname + url.search,
          header: (name) => request.headers.get(name) ?? undefined,
          body,
        },
        {
          send(reply) {
            if (!finish()) return;
            const noBody = request.method === 'HEAD' || reply.status === 204 || reply.status === 304;
            resolve(
              new Response(noBody ? null : reply.body, { status: reply.status, headers: reply.headers }),
            );
          },
          reset: () => connection.destroy(),
        },
      ).catch(() => connection.destroy());
    });
  };
}
