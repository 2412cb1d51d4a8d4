import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface AppPaths {
  preloadPath: string;
  /** What the window loads: the dev server in development, the built page otherwise. */
  load: { kind: 'url'; url: string } | { kind: 'file'; path: string };
  /** The page's URL, against which navigation and IPC senders are checked. */
  appUrl: string;
  /** Loading from the dev server (enables reload and the developer tools). */
  dev: boolean;
  /** ELECTRON_RENDERER_URL was set but refused (packaged app, or not a loopback http URL). */
  devUrlRefused: boolean;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

function devServerUrl(raw: string | undefined): URL | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      LOOPBACK.test(url.hostname) &&
      !url.username
    )
      return url;
  } catch {
    // fall through: a malformed URL is refused like a remote one
  }
  return null;
}

/**
 * Paths of the built app relative to `mainDir`, the folder of out/main/index.js (pass the entry's own
 * import.meta.dirname — shared code may land in a chunk in another folder).
 *
 * The preload is built as CommonJS: sandboxed preloads cannot be ES modules. A packaged app ignores
 * ELECTRON_RENDERER_URL, and an unpackaged one accepts only a dev server on this machine, so an
 * environment variable can never point the window — and `window.rotor` — at a remote page.
 */
export function appPaths(opts: {
  mainDir: string;
  isPackaged: boolean;
  devServerUrl: string | undefined;
}): AppPaths {
  const preloadPath = join(opts.mainDir, '../preload/index.cjs');
  const dev = opts.isPackaged ? null : devServerUrl(opts.devServerUrl);
  const devUrlRefused = Boolean(opts.devServerUrl) && !dev;
  if (dev)
    return { preloadPath, load: { kind: 'url', url: dev.href }, appUrl: dev.href, dev: true, devUrlRefused };
  const page = join(opts.mainDir, '../renderer/index.html');
  return {
    preloadPath,
    load: { kind: 'file', path: page },
    appUrl: pathToFileURL(page).href,
    dev: false,
    devUrlRefused,
  };
}
