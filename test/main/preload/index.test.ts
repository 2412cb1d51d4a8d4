import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS, EVENTS, eventChannel } from '@contract/channels';
import { onName } from './surface-access';

const electron = vi.hoisted(() => {
  const listeners = new Map<string, Array<(event: unknown, payload: unknown) => void>>();
  const ipcRenderer = {
    invoke: vi.fn(async (channel: string, arg?: unknown) => ({ ok: true, data: { channel, arg } })),
    on: vi.fn((channel: string, l: (event: unknown, payload: unknown) => void) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), l]);
    }),
    removeListener: vi.fn((channel: string, l: (event: unknown, payload: unknown) => void) => {
      listeners.set(
        channel,
        (listeners.get(channel) ?? []).filter((x) => x !== l),
      );
    }),
    send: vi.fn(),
    sendSync: vi.fn(),
    postMessage: vi.fn(),
  };
  const emit = (channel: string, payload: unknown) =>
    (listeners.get(channel) ?? []).forEach((l) => l({ sender: ipcRenderer, ports: [] }, payload));
  return { ipcRenderer, emit, contextBridge: { exposeInMainWorld: vi.fn() } };
});

vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

const PRELOAD_DIR = resolve(import.meta.dirname, '../../../electron/preload');
let exposed: Record<string, unknown>;
let exposeCalls = 0;

beforeAll(async () => {
  await import('../../../electron/preload/index');
  // Captured here: mocks may be cleared between tests.
  exposeCalls = electron.contextBridge.exposeInMainWorld.mock.calls.length;
  exposed = Object.fromEntries(electron.contextBridge.exposeInMainWorld.mock.calls);
});

/** Every value reachable from the exposed object (functions included). */
function reachable(root: unknown, seen = new Set<unknown>()): Set<unknown> {
  if ((typeof root !== 'object' && typeof root !== 'function') || root === null || seen.has(root))
    return seen;
  seen.add(root);
  for (const key of Reflect.ownKeys(root as object)) {
    const descriptor = Object.getOwnPropertyDescriptor(root, key);
    if (descriptor && 'value' in descriptor) reachable(descriptor.value, seen);
  }
  return seen;
}

describe('preload', () => {
  it('exposes exactly one thing, window.rotor', () => {
    expect(exposeCalls).toBe(1);
    expect(Object.keys(exposed)).toEqual(['rotor']);
  });

  it('mirrors the contract: one namespace per channel prefix and one onX per event, nothing else', () => {
    const rotor = exposed['rotor'] as Record<string, Record<string, unknown>>;
    const namespaces = [...new Set(CHANNELS.map((c) => c.slice(0, c.indexOf('.'))))];
    const events = EVENTS.map(onName);
    expect(Object.keys(rotor).sort()).toEqual([...namespaces, ...events].sort());
    for (const ns of namespaces) {
      const methods = CHANNELS.filter((c) => c.startsWith(`${ns}.`)).map((c) => c.split('.')[1]);
      expect(Object.keys(rotor[ns] ?? {}).sort()).toEqual(methods.sort());
    }
  });

  it('routes calls through ipcRenderer.invoke and events through their channels', async () => {
    const rotor = exposed['rotor'] as {
      settings: { get(): Promise<unknown> };
      onSettings(l: (p: unknown) => void): () => void;
    };
    await expect(rotor.settings.get()).resolves.toEqual({
      ok: true,
      data: { channel: 'settings.get', arg: undefined },
    });
    const listener = vi.fn();
    const stop = rotor.onSettings(listener);
    electron.emit(eventChannel('settings'), { theme: 'dark' });
    stop();
    electron.emit(eventChannel('settings'), { theme: 'light' });
    expect(listener.mock.calls).toEqual([[{ theme: 'dark' }]]);
  });

  it('leaks neither ipcRenderer nor any of its functions into the page', () => {
    const values = reachable(exposed['rotor']);
    expect(values.has(electron.ipcRenderer)).toBe(false);
    for (const fn of Object.values(electron.ipcRenderer)) expect(values.has(fn)).toBe(false);
  });

  it('imports nothing at runtime but electron and the zod-free contract channels', () => {
    const runtimeImports = (file: string) =>
      [...readFileSync(file, 'utf8').matchAll(/^import\s+(?!type\b)[^'"]*['"]([^'"]+)['"]/gm)].map(
        (m) => m[1],
      );
    const preloadFiles = readdirSync(PRELOAD_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
    const imports = new Set(preloadFiles.flatMap((f) => runtimeImports(resolve(PRELOAD_DIR, f))));
    expect([...imports].sort()).toEqual(['./surface', '@contract/channels', 'electron']);
    const channels = resolve(import.meta.dirname, '../../../electron/contract/channels.ts');
    expect(runtimeImports(channels)).toEqual([]);
  });
});
