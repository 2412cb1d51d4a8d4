import type { z } from 'zod';
import { isChannel } from '@contract/channels';
import type { ChannelName } from '@contract/channels';
import { AppFailure, err, ok } from '@contract/result';
import type { Result } from '@contract/result';
import { channelArgSchemas } from '@contract/schemas';
import type { ChannelResult } from '@contract/schemas';
import type { Logger } from '../log/logger';

/** One async function per channel, taking the already-validated argument. */
export type Handlers = {
  [C in ChannelName]: (arg: z.output<(typeof channelArgSchemas)[C]>) => Promise<ChannelResult<C>>;
};

/**
 * The single entry point for every call from a renderer, in Electron and in the browser host:
 * refuses unknown channels, validates the argument, and turns every outcome into data.
 */
export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  rawArg: unknown,
  log: Logger,
): Promise<Result<unknown>> {
  if (!isChannel(channel)) {
    return err({ kind: 'unknown_channel', message: 'This request is not part of Rotor Desk’s contract.' });
  }
  if (!isPlainData(rawArg)) {
    return err({
      kind: 'invalid_argument',
      message: `Invalid argument for ${channel}: only plain JSON-like data crosses the boundary.`,
    });
  }
  const parsed = channelArgSchemas[channel].safeParse(rawArg);
  if (!parsed.success) {
    return err({
      kind: 'invalid_argument',
      message: `Invalid argument for ${channel}.`,
      fields: parsed.error.issues.slice(0, 20).map((issue) => ({
        field: issue.path.map(String).join('.') || '(argument)',
        message: issue.message,
      })),
    });
  }
  try {
    // The map is indexed by a union, so TypeScript cannot pair this handler with this argument.
    const handler = handlers[channel] as (arg: unknown) => Promise<unknown>;
    return ok(await handler(parsed.data));
  } catch (cause) {
    if (cause instanceof AppFailure) return err(cause.error);
    log.error(`unhandled error in ${channel}`, cause);
    return err({
      kind: 'internal',
      message: 'Something went wrong inside Rotor Desk. The details are in the log.',
    });
  }
}

/**
 * Electron's structured clone lets Maps, Dates, typed arrays and the like through, and zod would read
 * an all-optional schema from them as `{}`. Only JSON-like data (plain objects, arrays, primitives)
 * may cross. Iterative, so deeply nested input cannot exhaust the stack.
 */
export function isPlainData(value: unknown): boolean {
  const stack: unknown[] = [value];
  let seen = 0;
  while (stack.length > 0) {
    const item = stack.pop();
    if (++seen > 100_000) return false;
    if (item === null || item === undefined) continue;
    const type = typeof item;
    if (type === 'string' || type === 'boolean') continue;
    if (type === 'number') {
      if (!Number.isFinite(item)) return false;
      continue;
    }
    if (type !== 'object') return false;
    if (Array.isArray(item)) {
      stack.push(...(item as unknown[]));
      continue;
    }
    const proto: unknown = Object.getPrototypeOf(item);
    if (proto !== Object.prototype && proto !== null) return false;
    stack.push(...Object.values(item as Record<string, unknown>));
  }
  return true;
}
