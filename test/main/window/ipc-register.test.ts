import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, EVENTS, eventChannel } from '@contract/channels';
import type { ChannelName } from '@contract/channels';
import type { Handlers } from '../../../electron/main/ipc/dispatch';
import { broadcast, FORBIDDEN_MESSAGE, registerIpc } from '../../../electron/main/ipc/register';
import type { InvokeEventLike } from '../../../electron/main/ipc/register';
import type { Logger } from '../../../electron/main/log/logger';
import { isAppSender } from '../../../electron/main/window/navigation';

const APP = 'file:///opt/rotor-desk/out/renderer/index.html';
const API_KEY = 'rk_live_0123456789abcdef';

type Listener = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    handle: vi.fn((channel: string, listener: Listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    }),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
    call(channel: ChannelName, event: InvokeEventLike, ...args: unknown[]) {
      const listener = handlers.get(channel);
      if (!listener) throw new Error(`no handler for ${channel}`);
      return listener(event, ...args);
    },
  };
}

function setup() {
  const ipc = fakeIpcMain();
  const lines: string[] = [];
  const record = (m: string, ...d: unknown[]) =>
    lines.push([m, ...d.map((x) => JSON.stringify(x))].join(' '));
  const log: Logger = { info: record, warn: record, error: record };
  // A full Handlers map of spies; the cast is needed because each spy stands in for a differently typed handler.
  const handlers = Object.fromEntries(
    CHANNELS.map((channel) => [channel, vi.fn(async (arg: unknown) => ({ channel, arg }))]),
  ) as unknown as Handlers & Record<ChannelName, ReturnType<typeof vi.fn>>;
  const unregister = registerIpc(ipc, handlers, { isAppSender: (url) => isAppSender(url, APP), log });
  return { ipc, handlers, lines, unregister };
}

const top = (url: string): InvokeEventLike => ({ senderFrame: { url, parent: null } });

describe('registerIpc', () => {
  it('registers exactly one handler per contract channel', () => {
    const { ipc } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    expect(ipc.handle).toHaveBeenCalledTimes(CHANNELS.length);
  });

  it('answers the app page through dispatch', async () => {
    const { ipc, handlers } = setup();
    const result = await ipc.call('customers.get', top(APP), { accountId: 'acc-1', id: 'c1' });
    expect(result).toEqual({
      ok: true,
      data: { channel: 'customers.get', arg: { accountId: 'acc-1', id: 'c1' } },
    });
    expect(handlers['customers.get']).toHaveBeenCalledTimes(1);
  });

  it('validates the argument (dispatch runs, not the handler directly)', async () => {
    const { ipc, handlers } = setup();
    const result = (await ipc.call('customers.get', top(APP), { accountId: 'acc-1', id: 42 })) as {
      ok: boolean;
      error?: { kind: string };
    };
    expect(result.ok).toBe(false);
    expect(result.error?.kind).toBe('invalid_argument');
    expect(handlers['customers.get']).not.toHaveBeenCalled();
  });

  it('passes only the first argument on, ignoring extras', async () => {
    const { ipc, handlers } = setup();
    await ipc.call('customers.get', top(APP), { accountId: 'acc-1', id: 'c1' }, { id: 'smuggled' });
    expect(handlers['customers.get']).toHaveBeenCalledWith({ accountId: 'acc-1', id: 'c1' });
  });

  it.each([
    ['another site', top('https://evil.example/')],
    ['another local file', top('file:///tmp/evil.html')],
    ['an iframe showing the app page', { senderFrame: { url: APP, parent: { url: APP } } }],
    ['a vanished frame', { senderFrame: null }],
    [
      'a frame that throws when read',
      {
        get senderFrame(): never {
          throw new Error('Render frame was disposed');
        },
      },
    ],
  ])('refuses %s with forbidden, as data', async (_label, event) => {
    const { ipc, handlers } = setup();
    const result = await ipc.call('customers.list', event as InvokeEventLike, { page: 1, limit: 10 });
    expect(result).toEqual({ ok: false, error: { kind: 'forbidden', message: FORBIDDEN_MESSAGE } });
    expect(handlers['customers.list']).not.toHaveBeenCalled();
  });

  it('treats a throwing sender check as a refusal', async () => {
    const ipc = fakeIpcMain();
    const log: Logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const handlers = Object.fromEntries(CHANNELS.map((c) => [c, vi.fn()])) as unknown as Handlers;
    registerIpc(ipc, handlers, {
      isAppSender: () => {
        throw new Error('bug');
      },
      log,
    });
    const result = (await ipc.call('app.info', top(APP))) as { ok: boolean; error?: { kind: string } };
    expect(result.error?.kind).toBe('forbidden');
  });

  it('logs a refusal by origin only, never the argument or the query string', async () => {
    const { ipc, lines } = setup();
    await ipc.call('account.connect', top(`https://evil.example/page?key=${API_KEY}`), { apiKey: API_KEY });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('account.connect');
    expect(lines[0]).toContain('https://evil.example');
    expect(lines.join('\n')).not.toContain(API_KEY);
  });

  it('the returned function removes every handler', () => {
    const { ipc, unregister } = setup();
    unregister();
    expect(ipc.handlers.size).toBe(0);
    expect(ipc.removeHandler).toHaveBeenCalledTimes(CHANNELS.length);
  });
});

describe('broadcast', () => {
  const contents = (destroyed = false) => ({ isDestroyed: () => destroyed, send: vi.fn() });

  it.each(EVENTS)('sends %s on its event channel to every live window', (event) => {
    const a = contents();
    const b = contents();
    const gone = contents(true);
    const payload = { state: 'online', nextCheckAt: null };
    // The payload's shape does not matter to broadcast; the cast stands in for any event's payload.
    broadcast([a, gone, b], event, payload as never);
    expect(a.send).toHaveBeenCalledWith(eventChannel(event), payload);
    expect(b.send).toHaveBeenCalledWith(eventChannel(event), payload);
    expect(gone.send).not.toHaveBeenCalled();
  });

  it('keeps delivering after one window fails', () => {
    const broken = {
      isDestroyed: () => false,
      send: vi.fn(() => {
        throw new Error('frame disposed');
      }),
    };
    const ok = contents();
    const warn = vi.fn();
    broadcast(
      [broken, ok],
      'quota',
      {
        usedToday: 1,
        dailyLimit: 1000,
        remaining: 999,
        exhausted: false,
        resetsAt: '2024-06-12T00:00:00.000Z',
        nextProbeAt: null,
      },
      {
        info: vi.fn(),
        warn,
        error: vi.fn(),
      },
    );
    expect(ok.send).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
