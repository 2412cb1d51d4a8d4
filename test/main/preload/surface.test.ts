import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, EVENTS, eventChannel } from '@contract/channels';
import { createRotorSurface } from '../../../electron/preload/surface';
import { callChannel, subscribeTo } from './surface-access';

type Wrapper = (event: unknown, ...args: unknown[]) => void;

function fakeIpcRenderer() {
  const listeners = new Map<string, Wrapper[]>();
  const ipc = {
    invoke: vi.fn(async (channel: string, arg?: unknown) => ({ ok: true, data: { channel, arg } })),
    on: vi.fn((channel: string, listener: Wrapper) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
      return ipc;
    }),
    removeListener: vi.fn((channel: string, listener: Wrapper) => {
      const list = listeners.get(channel) ?? [];
      const index = list.indexOf(listener);
      if (index >= 0) list.splice(index, 1);
      return ipc;
    }),
    /** What Electron does on a message: the listener gets the IPC event first (whose sender is ipcRenderer). */
    emit(channel: string, payload: unknown) {
      for (const listener of [...(listeners.get(channel) ?? [])]) listener({ sender: ipc }, payload);
    },
    count: (channel: string) => (listeners.get(channel) ?? []).length,
  };
  return ipc;
}

describe('createRotorSurface', () => {
  it.each(CHANNELS)('%s invokes exactly that channel with the argument', async (channel) => {
    const ipc = fakeIpcRenderer();
    const surface = createRotorSurface(ipc);
    const arg = { probe: channel };
    await expect(callChannel(surface, channel, arg)).resolves.toEqual({ ok: true, data: { channel, arg } });
    expect(ipc.invoke).toHaveBeenCalledWith(channel, arg);
  });

  it.each(EVENTS)('%s listeners get the payload alone, never the IPC event', (event) => {
    const ipc = fakeIpcRenderer();
    const surface = createRotorSurface(ipc);
    const listener = vi.fn();
    subscribeTo(surface, event, listener);
    ipc.emit(eventChannel(event), { n: 1 });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([{ n: 1 }]);
  });

  it('unsubscribe removes exactly that listener, and a second call changes nothing', () => {
    const ipc = fakeIpcRenderer();
    const surface = createRotorSurface(ipc);
    const a = vi.fn();
    const b = vi.fn();
    const stopA = subscribeTo(surface, 'quota', a);
    subscribeTo(surface, 'quota', b);
    const stopA2 = subscribeTo(surface, 'quota', a);
    stopA();
    stopA();
    ipc.emit(eventChannel('quota'), 'p');
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(1);
    stopA2();
    ipc.emit(eventChannel('quota'), 'p');
    expect(a).toHaveBeenCalledTimes(1);
    expect(ipc.count(eventChannel('quota'))).toBe(1);
  });

  it('turns a failed delivery into data instead of a rejection', async () => {
    const ipc = fakeIpcRenderer();
    ipc.invoke.mockRejectedValueOnce(new Error("No handler registered for 'app.info'"));
    const surface = createRotorSurface(ipc);
    await expect(callChannel(surface, 'app.info')).resolves.toMatchObject({
      ok: false,
      error: { kind: 'internal', retryable: true },
    });
  });

  it('reports an argument that cannot be sent as invalid_argument', async () => {
    const ipc = fakeIpcRenderer();
    ipc.invoke.mockRejectedValueOnce(new Error('An object could not be cloned.'));
    const surface = createRotorSurface(ipc);
    await expect(callChannel(surface, 'customers.get', { id: () => 1 })).resolves.toMatchObject({
      ok: false,
      error: { kind: 'invalid_argument' },
    });
  });

  it('is frozen, top to bottom', () => {
    const surface = createRotorSurface(fakeIpcRenderer());
    expect(Object.isFrozen(surface)).toBe(true);
    for (const value of Object.values(surface))
      if (typeof value === 'object') expect(Object.isFrozen(value)).toBe(true);
  });
});
