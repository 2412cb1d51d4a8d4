/**
 * `window.rotor` for the simulated renderer, built as the preload builds it (buildSurface over
 * dispatch), with arguments and answers crossing through structuredClone as Electron's IPC does.
 *
 * With a fast-check scheduler each store call passes two gates the scheduler opens in an order it picks:
 * before main sees the call, and before the answer reaches the page. So concurrent calls (replay lanes,
 * a refresh's pages, a key switch) reach Rotor and come back in every order the seed explores.
 */
import type { Gate } from './gate';
import { buildSurface } from '@contract/channels';
import type { ChannelName, EventName } from '@contract/channels';
import type { RotorApi } from '@contract/surface';
import { dispatch } from '../../../electron/main/ipc/dispatch';
import type { Handlers } from '../../../electron/main/ipc/dispatch';
import type { Logger } from '../../../electron/main/log/logger';
import { callContext, causeContext } from './net';

/** Main's events, delivered in order to every page-side listener (as IPC keeps their order). */
export class EventHub {
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  emit(event: EventName, payload: unknown): void {
    for (const l of [...(this.listeners.get(event) ?? [])]) l(structuredClone(payload));
  }

  subscribe(event: EventName, listener: (payload: unknown) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener);
    return () => set.delete(listener);
  }
}

export interface BridgeDeps {
  handlers: Handlers;
  log: Logger;
  hub: EventHub;
  scheduler: Gate | null;
  /** Calls inside main right now (the app is busy while any is). */
  inMain: { count: number };
  /** Every store call, as it reached main. */
  calls: CallRecord[];
  now(): number;
}

export interface CallRecord {
  channel: string;
  accountId: string;
  cause: 'manual' | 'auto';
  at: number;
  arg: unknown;
}

/**
 * The surface one page-side owner uses: a store (named by `accountId`, its database's account) or the
 * session itself (`null`). Calls of a store run in its CallContext, so main's requests are attributed.
 */
export function bridgeFor(d: BridgeDeps, accountId: string | null, tag: () => string): RotorApi {
  const invoke = async (channel: ChannelName, arg: unknown): Promise<unknown> => {
    const cause = causeContext.getStore() ?? 'auto';
    const sent = structuredClone(arg);
    // The session's own calls (a key entered, a connectivity check) are the user's actions: they run
    // when the command runs, between whatever store calls the scheduler let through.
    const gate = accountId === null ? null : d.scheduler;
    if (gate) await gate.schedule(Promise.resolve(), `${tag()} → ${channel}`);
    d.inMain.count++;
    if (accountId !== null) d.calls.push({ channel, accountId, cause, at: d.now(), arg: sent });
    let result: unknown;
    try {
      const run = () => dispatch(d.handlers, channel, sent, d.log);
      result = structuredClone(
        accountId === null ? await run() : await callContext.run({ accountId, channel, cause }, run),
      );
    } finally {
      d.inMain.count--;
    }
    if (gate) await gate.schedule(Promise.resolve(), `${tag()} ← ${channel} ${describe(result)}`);
    return result;
  };
  return buildSurface(invoke, (event, listener) => d.hub.subscribe(event, listener)) as unknown as RotorApi;
}

function describe(result: unknown): string {
  if (typeof result !== 'object' || result === null) return '?';
  const r = result as { ok?: boolean; error?: { kind?: string } };
  return r.ok ? 'ok' : `error ${r.error?.kind ?? '?'}`;
}
