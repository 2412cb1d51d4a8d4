import { CHANNELS, eventChannel } from '@contract/channels';
import type { EventName } from '@contract/channels';
import { err } from '@contract/result';
import type { Result } from '@contract/result';
import type { EventPayload } from '@contract/schemas';
import type { Logger } from '../log/logger';
import { dispatch } from './dispatch';
import type { Handlers } from './dispatch';

/** The parts of Electron's WebFrameMain this module reads. */
export interface SenderFrameLike {
  readonly url: string;
  /** null for a top-level frame. */
  readonly parent: unknown;
}

export interface InvokeEventLike {
  readonly senderFrame: SenderFrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface WebContentsLike {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

export const FORBIDDEN_MESSAGE = 'This request did not come from Rotor Desk’s own window.';

/** The sender's URL when it is a live top-level frame; sub-frames and vanished frames get undefined. */
function topFrameUrl(event: InvokeEventLike): string | undefined {
  try {
    const frame = event.senderFrame;
    return frame && frame.parent === null ? frame.url : undefined;
  } catch {
    // Reading a frame that navigated away or was destroyed can throw; such a sender is not trusted.
    return undefined;
  }
}

/** Enough to recognise a sender in the log, without a query string that could carry anything. */
function describeSender(frameUrl: string | undefined): string {
  if (frameUrl === undefined) return '(no top-level frame)';
  try {
    const url = new URL(frameUrl);
    return url.origin === 'null' ? url.protocol : url.origin;
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * One `ipcMain.handle` per contract channel. Only the app's own top-level page is answered; anything
 * else (an iframe, a page the window was navigated to) gets `forbidden` as data. Arguments are never
 * logged: `account.connect` carries the API key.
 * Returns a function that removes the handlers.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  handlers: Handlers,
  opts: { isAppSender(frameUrl: string | undefined): boolean; log: Logger },
): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, arg): Promise<Result<unknown>> => {
      const frameUrl = topFrameUrl(event);
      let allowed: boolean;
      try {
        allowed = opts.isAppSender(frameUrl);
      } catch {
        allowed = false;
      }
      if (!allowed) {
        opts.log.warn(`refused ${channel} from ${describeSender(frameUrl)}`);
        return err({ kind: 'forbidden', message: FORBIDDEN_MESSAGE });
      }
      return dispatch(handlers, channel, arg, opts.log);
    });
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}

/** Sends an event to every live window on the event's channel (see `eventChannel`). */
export function broadcast<E extends EventName>(
  targets: Iterable<WebContentsLike>,
  event: E,
  payload: EventPayload<E>,
  log?: Logger,
): void {
  const channel = eventChannel(event);
  for (const contents of targets) {
    try {
      if (!contents.isDestroyed()) contents.send(channel, payload);
    } catch (error) {
      // A window closing mid-send must not stop the others from hearing about it.
      log?.warn(`could not deliver ${event} event`, error);
    }
  }
}
