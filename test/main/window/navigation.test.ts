import { describe, expect, it, vi } from 'vitest';
import {
  denyWebview,
  externalTarget,
  isAppResource,
  isAppSender,
  isAppUrl,
  willNavigateHandler,
  windowOpenHandler,
} from '../../../electron/main/window/navigation';

const APP_FILE = 'file:///opt/rotor-desk/out/renderer/index.html';
const DEV = 'http://localhost:5173/';

const externalUrlAllowed = (url: string): boolean => externalTarget(url) !== null;

describe('externalTarget', () => {
  it.each([
    ['https://example.com', true],
    ['https://example.com/path?q=1#frag', true],
    ['https://sub.example.co.uk:8443/x', true],
    ['HTTPS://EXAMPLE.COM/', true],
    ['https://xn--bcher-kva.example/', true],
    ['mailto:someone@example.com', true],
    ['mailto:someone@example.com?subject=Quote', true],
    ['tel:+15551234567', true],
    ['tel:555-123-4567', true],
    ['http://example.com', false],
    ['javascript:alert(1)', false],
    ['JavaScript:alert(1)', false],
    ['java\nscript:alert(1)', false],
    ['vbscript:msgbox(1)', false],
    ['file:///etc/passwd', false],
    ['file://server/share/x.exe', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['blob:https://example.com/0b1f', false],
    ['ms-msdt:/id PCWDiagnostic', false],
    ['smb://host/share', false],
    ['ftp://example.com/file', false],
    ['rotor://open', false],
    ['about:blank', false],
    ['chrome://settings', false],
    ['https://user:pass@example.com', false],
    ['https://user@example.com', false],
    ['https://example.com@evil.example', false],
    ['https://', false],
    ['mailto:', false],
    ['tel:', false],
    ['//example.com', false],
    ['/relative/path', false],
    ['not a url', false],
    ['', false],
    [`https://example.com/${'a'.repeat(5000)}`, false],
  ])('%j → %s', (url, allowed) => {
    expect(externalUrlAllowed(url)).toBe(allowed);
  });

  it('hands the OS the normalised URL, not the raw string', () => {
    expect(externalTarget(' HTTPS://Example.COM/a b')).toBe('https://example.com/a%20b');
  });

  it('rejects values that are not strings at all', () => {
    expect(externalUrlAllowed(undefined as unknown as string)).toBe(false);
    expect(externalUrlAllowed({ toString: () => 'https://example.com' } as unknown as string)).toBe(false);
  });
});

describe('windowOpenHandler', () => {
  it('denies every new window, and opens allowed links in the OS', () => {
    const open = vi.fn();
    const handler = windowOpenHandler(open);
    expect(handler({ url: 'https://example.com/help' })).toEqual({ action: 'deny' });
    expect(open).toHaveBeenCalledTimes(1);
    expect(open).toHaveBeenCalledWith('https://example.com/help');
  });

  it.each(['http://example.com', 'javascript:alert(1)', 'file:///etc/passwd', APP_FILE, 'about:blank', ''])(
    'denies %j and opens nothing',
    (url) => {
      const open = vi.fn();
      expect(windowOpenHandler(open)({ url })).toEqual({ action: 'deny' });
      expect(open).not.toHaveBeenCalled();
    },
  );

  it('reports a failed open instead of leaving an unhandled rejection', async () => {
    const failure = new Error('no handler for https');
    let reported!: (error: unknown) => void;
    const seen = new Promise<unknown>((resolve) => (reported = resolve));
    const handler = windowOpenHandler(() => Promise.reject(failure), reported);
    expect(handler({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(await seen).toBe(failure);
  });

  it('still denies when opening throws synchronously', () => {
    const onError = vi.fn();
    const handler = windowOpenHandler(() => {
      throw new Error('boom');
    }, onError);
    expect(handler({ url: 'mailto:a@example.com' })).toEqual({ action: 'deny' });
    expect(onError).toHaveBeenCalledTimes(1);
  });
});

function navigate(appUrl: string, url: string | undefined, legacyUrl?: string) {
  const open = vi.fn();
  const event = { preventDefault: vi.fn(), url };
  willNavigateHandler(appUrl, open)(event, legacyUrl);
  return { prevented: event.preventDefault.mock.calls.length > 0, opened: open.mock.calls.map((c) => c[0]) };
}

describe('willNavigateHandler', () => {
  it('lets the app page navigate to itself (query and hash may change)', () => {
    expect(navigate(APP_FILE, `${APP_FILE}?view=list#top`)).toEqual({ prevented: false, opened: [] });
  });

  it('lets the dev server page move within its own origin', () => {
    expect(navigate(DEV, 'http://localhost:5173/settings')).toEqual({ prevented: false, opened: [] });
  });

  it('stops an https link and opens it in the OS instead', () => {
    expect(navigate(APP_FILE, 'https://getrotor.com/')).toEqual({
      prevented: true,
      opened: ['https://getrotor.com/'],
    });
  });

  it.each([
    'file:///opt/rotor-desk/out/renderer/other.html',
    'file:///etc/passwd',
    'http://example.com/',
    'javascript:alert(1)',
    'data:text/html,hi',
    'http://localhost:5174/',
    'http://127.0.0.1:5173/',
  ])('stops %j without opening it', (url) => {
    const appUrl = url.includes('localhost') || url.includes('127.0.0.1') ? DEV : APP_FILE;
    expect(navigate(appUrl, url)).toEqual({ prevented: true, opened: [] });
  });

  it('treats another scheme on the dev server host as external, not as the app', () => {
    expect(navigate(DEV, 'https://localhost:5173/')).toEqual({
      prevented: true,
      opened: ['https://localhost:5173/'],
    });
  });

  it('reads the URL from the deprecated second argument when the event has none', () => {
    expect(navigate(APP_FILE, undefined, 'https://example.com/')).toEqual({
      prevented: true,
      opened: ['https://example.com/'],
    });
    expect(navigate(APP_FILE, undefined, APP_FILE)).toEqual({ prevented: false, opened: [] });
  });

  it('stops a navigation whose target is unknown', () => {
    expect(navigate(APP_FILE, undefined)).toEqual({ prevented: true, opened: [] });
  });
});

describe('denyWebview', () => {
  it('prevents every webview from attaching', () => {
    const event = { preventDefault: vi.fn() };
    denyWebview(event);
    expect(event.preventDefault).toHaveBeenCalledTimes(1);
  });
});

describe('isAppSender', () => {
  it.each([
    [APP_FILE, APP_FILE, true],
    [`${APP_FILE}#/customers`, APP_FILE, true],
    ['file:///opt/rotor-desk/out/renderer/../renderer/index.html', APP_FILE, true],
    [undefined, APP_FILE, false],
    ['', APP_FILE, false],
    ['file:///opt/rotor-desk/out/renderer/evil.html', APP_FILE, false],
    ['file:///tmp/index.html', APP_FILE, false],
    ['file:///opt/rotor-desk/out/renderer/index.html.evil', APP_FILE, false],
    ['file:///opt/rotor-desk/out/renderer/index.html/', APP_FILE, false],
    ['file://attacker/opt/rotor-desk/out/renderer/index.html', APP_FILE, false],
    ['https://evil.example/', APP_FILE, false],
    ['about:blank', APP_FILE, false],
    ['data:text/html,x', APP_FILE, false],
    [DEV, DEV, true],
    ['http://localhost:5173/index.html?x=1', DEV, true],
    ['http://localhost:5174/', DEV, false],
    ['https://localhost:5173/', DEV, false],
    ['http://127.0.0.1:5173/', DEV, false],
    ['http://user@localhost:5173/', DEV, false],
    ['https://evil.example/', DEV, false],
    [APP_FILE, DEV, false],
  ])('%j from app %j → %s', (frameUrl, appUrl, expected) => {
    expect(isAppSender(frameUrl, appUrl)).toBe(expected);
  });

  it('never treats an unsupported app URL as matching', () => {
    expect(isAppUrl('rotor://app/', 'rotor://app/')).toBe(false);
    expect(isAppUrl(APP_FILE, 'not a url')).toBe(false);
  });
});

describe('isAppResource', () => {
  it('covers the page and files beside it, not other folders', () => {
    expect(isAppResource(APP_FILE, APP_FILE)).toBe(true);
    expect(isAppResource('file:///opt/rotor-desk/out/renderer/assets/index-abc.js', APP_FILE)).toBe(true);
    expect(isAppResource('file:///opt/rotor-desk/out/main/index.js', APP_FILE)).toBe(false);
    expect(isAppResource('https://api.getrotor.com/open-api/customers', APP_FILE)).toBe(false);
  });

  it('covers the dev server origin only', () => {
    expect(isAppResource('http://localhost:5173/src/main.ts', DEV)).toBe(true);
    expect(isAppResource('https://api.getrotor.com/', DEV)).toBe(false);
    expect(isAppResource('garbage', DEV)).toBe(false);
  });
});
