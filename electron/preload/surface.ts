import { buildSurface, eventChannel } from '@contract/channels';
import type { Invoke, Subscribe } from '@contract/channels';

/** The parts of Electron's ipcRenderer the preload uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const undelivered = () => ({
  ok: false,
  error: {
    kind: 'internal',
    message: 'Rotor Desk’s background service did not take this request.',
    retryable: true,
  },
});

const notCloneable = () => ({
  ok: false,
  error: { kind: 'invalid_argument', message: 'This request contains something that cannot be sent.' },
});

/**
 * `window.rotor`, built from the contract over ipcRenderer. Nothing of ipcRenderer itself reaches the
 * page: calls go only to contract channels, and listeners get the payload but never the IPC event
 * (whose `sender` is ipcRenderer).
 */
export function createRotorSurface(ipc: IpcRendererLike): Record<string, unknown> {
  const invoke: Invoke = async (channel, arg) => {
    try {
      return await ipc.invoke(channel, arg);
    } catch (error) {
      // Calls answer with data, never a rejection. A rejection here means the argument could not be
      // serialised, or main had no handler (still starting, or gone).
      return error instanceof Error && /clone/i.test(error.message) ? notCloneable() : undelivered();
    }
  };
  const subscribe: Subscribe = (event, listener) => {
    const channel = eventChannel(event);
    const wrapper = (_event: unknown, payload: unknown) => listener(payload);
    ipc.on(channel, wrapper);
    return () => {
      ipc.removeListener(channel, wrapper);
    };
  };
  return buildSurface(invoke, subscribe);
}
