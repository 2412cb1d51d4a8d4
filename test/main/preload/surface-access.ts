/** Typed access to a built `window.rotor` surface in tests, failing loudly when a member is missing. */
type Method = (arg?: unknown) => Promise<unknown>;
type On = (listener: (payload: unknown) => void) => () => void;

export const onName = (event: string): string => `on${event.charAt(0).toUpperCase()}${event.slice(1)}`;

export function callChannel(surface: unknown, channel: string, arg?: unknown): Promise<unknown> {
  const [ns = '', method = ''] = channel.split('.');
  const group = (surface as Record<string, Record<string, Method> | undefined>)[ns];
  const fn = group?.[method];
  if (typeof fn !== 'function') throw new Error(`window.rotor has no ${channel}`);
  return fn(arg);
}

export function subscribeTo(
  surface: unknown,
  event: string,
  listener: (payload: unknown) => void,
): () => void {
  const fn = (surface as Record<string, On | undefined>)[onName(event)];
  if (typeof fn !== 'function') throw new Error(`window.rotor has no ${onName(event)}`);
  return fn(listener);
}
