/**
 * The simulation's network, as main's fetch sees it. Main calls `globalThis.fetch` (its API client and
 * its keyless probe take it when they are created), so the simulation installs one fetch per test worker
 * that hands each request to the world running at the moment:
 * - to the Rotor double over loopback HTTP, or straight into its request pipeline (RotorServer.fetch),
 *   which is the same server without sockets and lets thousands of runs fit in minutes;
 * - tagged with an `x-request-id`, so the server's log says which requests are parked on a fault that
 *   never answers (they wait for a timer, so the app counts as quiet while they hang);
 * - attributed: each bridge call runs inside an AsyncLocalStorage context naming the account whose
 *   cache made it, and main's fetch runs inside that context, so a request carrying another
 *   account's key is caught at the moment it is sent.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface CallContext {
  /** The account (AccountStatus.accountId) whose store made the bridge call. */
  accountId: string;
  channel: string;
  /** 'manual' when the user asked for it (Sync now), else 'auto'. */
  cause: 'manual' | 'auto';
}

/** Set by the bridge around main's handling of a store's call. */
export const callContext = new AsyncLocalStorage<CallContext>();
/** Set by a command around what the user started by hand (Sync now). */
export const causeContext = new AsyncLocalStorage<'manual'>();

export interface SentRequest {
  requestId: string;
  method: string;
  url: string;
  apiKey: string | null;
  context: CallContext | undefined;
}

export interface Network {
  /** Where requests go: the double's in-process fetch or the real one (loopback HTTP). */
  target: typeof fetch;
  /** Called as each request leaves main, before it reaches the server. */
  sent(request: SentRequest): void;
  /** Called when fetch settles (answer headers, or failure). */
  settled(requestId: string): void;
}

const realFetch: typeof fetch = globalThis.fetch.bind(globalThis);
let current: Network | null = null;
let installed = false;
let nextId = 0;

/** Routes every fetch of this worker through the world in `useNetwork` (installed once, before main starts). */
export function installNetwork(): void {
  if (installed) return;
  installed = true;
  globalThis.fetch = async (input, init) => {
    const net = current;
    if (!net) return realFetch(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    const requestId = `sim-${++nextId}`;
    headers.set('x-request-id', requestId);
    const url = input instanceof Request ? input.url : String(input);
    net.sent({
      requestId,
      method: init?.method ?? (input instanceof Request ? input.method : 'GET'),
      url,
      apiKey: headers.get('x-api-key'),
      context: callContext.getStore(),
    });
    try {
      return await net.target(input, { ...init, headers });
    } finally {
      net.settled(requestId);
    }
  };
}

export function useNetwork(net: Network | null): void {
  current = net;
}

export { realFetch };
