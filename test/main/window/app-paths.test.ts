import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPaths } from '../../../electron/main/window/app-paths';
import { isAppSender } from '../../../electron/main/window/navigation';

const MAIN_DIR = '/opt/rotor-desk/out/main';

describe('appPaths', () => {
  it('loads the built page and the CommonJS preload beside out/main', () => {
    const paths = appPaths({ mainDir: MAIN_DIR, isPackaged: false, devServerUrl: undefined });
    expect(paths.preloadPath).toBe(join(MAIN_DIR, '../preload/index.cjs'));
    expect(paths.load).toEqual({ kind: 'file', path: join(MAIN_DIR, '../renderer/index.html') });
    expect(paths.appUrl).toBe('file:///opt/rotor-desk/out/renderer/index.html');
    expect(paths.dev).toBe(false);
    expect(paths.devUrlRefused).toBe(false);
  });

  it('uses a dev server on this machine while unpackaged', () => {
    for (const url of ['http://localhost:5173/', 'http://127.0.0.1:5173/', 'http://[::1]:5173/']) {
      const paths = appPaths({ mainDir: MAIN_DIR, isPackaged: false, devServerUrl: url });
      expect(paths.load).toEqual({ kind: 'url', url });
      expect(paths.appUrl).toBe(url);
      expect(paths.dev).toBe(true);
    }
  });

  it('ignores ELECTRON_RENDERER_URL in a packaged app', () => {
    const paths = appPaths({ mainDir: MAIN_DIR, isPackaged: true, devServerUrl: 'http://localhost:5173/' });
    expect(paths.load.kind).toBe('file');
    expect(paths.dev).toBe(false);
    expect(paths.devUrlRefused).toBe(true);
  });

  it.each([
    'https://evil.example/',
    'http://192.168.1.20:5173/',
    'file:///tmp/evil.html',
    'http://localhost.evil.example/',
    'http://user@localhost:5173/',
    'not a url',
  ])('refuses a dev server URL that is not loopback http: %s', (url) => {
    const paths = appPaths({ mainDir: MAIN_DIR, isPackaged: false, devServerUrl: url });
    expect(paths.load.kind).toBe('file');
    expect(paths.devUrlRefused).toBe(true);
  });

  it('produces an app URL that the loaded page matches, even with spaces in the install path', () => {
    const paths = appPaths({
      mainDir: '/opt/Rotor Desk/out/main',
      isPackaged: false,
      devServerUrl: undefined,
    });
    expect(paths.appUrl).toBe('file:///opt/Rotor%20Desk/out/renderer/index.html');
    expect(isAppSender('file:///opt/Rotor%20Desk/out/renderer/index.html', paths.appUrl)).toBe(true);
  });
});
