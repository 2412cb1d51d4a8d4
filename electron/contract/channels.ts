/**
 * Channel and event names, and the one function that turns them into `window.rotor`.
 * Kept free of zod so the sandboxed preload and the host bridge stay tiny.
 */
export const CHANNELS = [
  'app.info',
  'account.status',
  'account.connect',
  'account.remove',
  'demo.status',
  'demo.start',
  'demo.stop',
  'demo.setReachable',
  'customers.list',
  'customers.get',
  'customers.upsert',
  'settings.get',
  'settings.update',
  'quota.get',
  'connectivity.get',
  'connectivity.check',
  'files.saveCsv',
] as const;
export type ChannelName = (typeof CHANNELS)[number];

export const EVENTS = ['connectivity', 'quota', 'demo', 'account', 'settings'] as const;
export type EventName = (typeof EVENTS)[number];

/** IPC channel an event travels on from main to the renderer. */
export const eventChannel = (event: EventName): string => `rotor:event:${event}`;

export function isChannel(value: unknown): value is ChannelName {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

export type Invoke = (channel: ChannelName, arg: unknown) => Promise<unknown>;
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void;

/**
 * Builds the `window.rotor` object: `rotor.customers.list(arg)` for channel `customers.list`, and
 * `rotor.onQuota(listener)` for event `quota`, returning an unsubscribe function. The preload and the
 * browser host both call this, so the renderer cannot tell them apart.
 */
export function buildSurface(invoke: Invoke, subscribe: Subscribe): Record<string, unknown> {
  const surface: Record<string, unknown> = {};
  for (const channel of CHANNELS) {
    const [namespace, method] = channel.split('.') as [string, string];
    const group = (surface[namespace] ??= {}) as Record<string, unknown>;
    group[method] = (arg?: unknown) => invoke(channel, arg);
  }
  for (const event of EVENTS) {
    const name = `on${event.charAt(0).toUpperCase()}${event.slice(1)}`;
    surface[name] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${name} needs a function`);
      return subscribe(event, listener);
    };
  }
  for (const value of Object.values(surface)) Object.freeze(value);
  return Object.freeze(surface);
}
