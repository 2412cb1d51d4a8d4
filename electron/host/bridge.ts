/**
 * The browser host's stand-in for the preload: a classic script served before the renderer's bundle,
 * giving the page the same `window.rotor` the preload gives it in Electron, over same-origin HTTP + SSE.
 * The per-run token travels in an HttpOnly cookie the host set when the page was opened with ?token=.
 */
import { buildSurface } from '@contract/channels';
import type { ChannelName, EventName } from '@contract/channels';

const BASE = '/__rotor';

async function invoke(channel: ChannelName, arg: unknown): Promise<unknown> {
  try {
    const response = await fetch(`${BASE}/call/${channel}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(arg === undefined ? {} : { arg }),
    });
    return (await response.json()) as unknown;
  } catch {
    // Same outcome as a dead main process in Electron: the call fails as data, the page keeps working.
    return {
      ok: false,
      error: {
        kind: 'internal',
        message: 'Rotor Desk’s background service is not answering.',
        retryable: true,
      },
    };
  }
}

const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
let source: EventSource | null = null;

function ensureSource(): void {
  if (source) return;
  source = new EventSource(`${BASE}/events`);
  for (const [event] of listeners) attach(event);
}

function attach(event: EventName): void {
  source?.addEventListener(event, (message) => {
    let payload: unknown;
    try {
      payload = JSON.parse((message as MessageEvent<string>).data);
    } catch {
      return;
    }
    for (const listener of listeners.get(event) ?? []) listener(payload);
  });
}

function subscribe(event: EventName, listener: (payload: unknown) => void): () => void {
  let set = listeners.get(event);
  if (!set) {
    set = new Set();
    listeners.set(event, set);
    if (source) attach(event);
  }
  set.add(listener);
  ensureSource();
  return () => {
    set.delete(listener);
  };
}

Object.defineProperty(window, 'rotor', {
  value: buildSurface(invoke, subscribe),
  writable: false,
  configurable: false,
  enumerable: true,
});
