/**
 * Where the app's window may go. The window shows only the app's own page; every other URL is either
 * handed to the OS (https, mailto, tel — links in customer notes, emails, phone numbers) or dropped.
 */

const EXTERNAL_PROTOCOLS = new Set(['https:', 'mailto:', 'tel:']);
/** Longer URLs are refused: nobody clicks them on purpose, and some OS handlers truncate them. */
const MAX_EXTERNAL_URL = 4096;

export type OpenExternal = (url: string) => Promise<unknown> | unknown;
export type OnError = (error: unknown) => void;

function parse(url: unknown): URL | null {
  if (typeof url !== 'string') return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * The normalised URL to hand to the OS, or null when it must not leave the app. The normalised form
 * (not the raw string) is what gets opened, so what was checked is what runs.
 */
export function externalTarget(url: string): string | null {
  if (typeof url !== 'string' || url.length > MAX_EXTERNAL_URL) return null;
  const parsed = parse(url);
  if (!parsed || !EXTERNAL_PROTOCOLS.has(parsed.protocol)) return null;
  // user:pass@host is the classic way to dress a phishing host up as a trusted one.
  if (parsed.username || parsed.password) return null;
  if (parsed.protocol === 'https:' ? !parsed.hostname : !parsed.pathname) return null;
  return parsed.href;
}

function openSafely(openExternal: OpenExternal, url: string, onError: OnError): void {
  try {
    const pending = openExternal(url);
    if (pending instanceof Promise) pending.catch(onError);
  } catch (error) {
    onError(error);
  }
}

/**
 * Whether `target` is the app's own page: the same file (production loads a file:// page, whose origin
 * is opaque, so the path is compared) or the same origin (the dev server).
 */
export function isAppUrl(target: string, appUrl: string): boolean {
  const t = parse(target);
  const app = parse(appUrl);
  if (!t || !app || t.username || t.password) return false;
  if (app.protocol === 'file:') {
    return t.protocol === 'file:' && t.host === app.host && t.pathname === app.pathname;
  }
  if (app.protocol === 'http:' || app.protocol === 'https:') return t.origin === app.origin;
  return false;
}

/**
 * Whether an IPC call may be answered: only when it comes from the app's own page. `frameUrl` is
 * undefined when the sender frame is gone or is not a top-level frame.
 */
export function isAppSender(frameUrl: string | undefined, appUrl: string): boolean {
  return typeof frameUrl === 'string' && isAppUrl(frameUrl, appUrl);
}

/** Whether a response belongs to the app (and gets the CSP header): its page and the files beside it. */
export function isAppResource(url: string, appUrl: string): boolean {
  const t = parse(url);
  const app = parse(appUrl);
  if (!t || !app) return false;
  if (app.protocol === 'file:') {
    const dir = app.pathname.slice(0, app.pathname.lastIndexOf('/') + 1);
    return t.protocol === 'file:' && t.host === app.host && t.pathname.startsWith(dir);
  }
  return t.origin === app.origin;
}

/** `webContents.setWindowOpenHandler`: never a new window; allowed links open in the OS instead. */
export function windowOpenHandler(
  openExternal: OpenExternal,
  onError: OnError = () => {},
): (details: { url: string }) => { action: 'deny' } {
  return ({ url }) => {
    const target = externalTarget(url);
    if (target) openSafely(openExternal, target, onError);
    return { action: 'deny' };
  };
}

interface NavigationEvent {
  preventDefault(): void;
  /** Electron 25+: the target URL on the event itself. */
  readonly url?: string;
}

/**
 * `webContents.on('will-navigate')`: the window stays on the app's page. A link to an allowed external
 * URL opens in the OS; anything else is just stopped.
 */
export function willNavigateHandler(
  appUrl: string,
  openExternal: OpenExternal,
  onError: OnError = () => {},
): (event: NavigationEvent, legacyUrl?: string) => void {
  return (event, legacyUrl) => {
    const url = event.url ?? legacyUrl ?? '';
    if (isAppUrl(url, appUrl)) return;
    event.preventDefault();
    const target = externalTarget(url);
    if (target) openSafely(openExternal, target, onError);
  };
}

/** `webContents.on('will-attach-webview')`: webviewTag is off, and this holds even if it were turned on. */
export function denyWebview(event: { preventDefault(): void }): void {
  event.preventDefault();
}
