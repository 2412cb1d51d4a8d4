/**
 * The built main process (out/main/index.js) run in plain Node against a stand-in `electron` module
 * (test/electron/fake-electron). The real binary cannot be installed here; this checks the thin shell's
 * wiring — that every pure module is actually applied — with the real services behind it.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '@contract/channels';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/window/csp';
import { webPreferences } from '../../electron/main/window/web-preferences';

const ROOT = resolve(import.meta.dirname, '../..');
const ENTRY = join(ROOT, 'out', 'main', 'index.js');
const FAKE = join(import.meta.dirname, 'fake-electron');
const skipReason = existsSync(ENTRY) ? null : 'skipped: app not built (run npm run build first)';

interface Report {
  calls: unknown[];
  options: { show: boolean; minWidth: number; minHeight: number; webPreferences: Record<string, unknown> };
  loaded: { file?: string; url?: string };
  shownBeforeReady: number;
  shownAfterReady: number;
  focusedBySecondInstance: number;
  channels: string[];
  fromApp: unknown;
  fromElsewhere: unknown;
  fromIframe: unknown;
  windowOpen: unknown[];
  navigations: Record<string, boolean>;
  webviewPrevented: boolean;
  permissionGranted: boolean;
  permissionCheck: boolean;
  headers: { app: { responseHeaders: Record<string, string[]> }; api: unknown };
  savedBounds: unknown;
  firstQuitPrevented: boolean;
  secondQuitPrevented: boolean;
  menuRoles: string[];
}

describe.skipIf(skipReason !== null)(skipReason ?? 'built main process, wired to a stand-in electron', () => {
  let report: Report;
  let userData: string;

  beforeAll(async () => {
    userData = mkdtempSync(join(tmpdir(), 'rotor-desk-shell-'));
    const env: NodeJS.ProcessEnv = { ...process.env, FAKE_ELECTRON_USER_DATA: userData };
    delete env['ELECTRON_RENDERER_URL'];
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', join(FAKE, 'register.mjs'), join(FAKE, 'run-shell.mjs'), ENTRY],
      { env, timeout: 30_000 },
    );
    const line = stdout.trim().split('\n').at(-1) ?? '';
    report = JSON.parse(line) as Report;
  }, 40_000);

  afterAll(() => {
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  it('enables the sandbox for every renderer and takes the single-instance lock before anything else', () => {
    expect(report.calls.slice(0, 3)).toEqual(['enableSandbox', 'requestSingleInstanceLock', 'whenReady']);
  });

  it('creates the window hidden, with the hardened preferences and the built CommonJS preload', () => {
    const preload = join(ROOT, 'out', 'preload', 'index.cjs');
    expect(report.options.webPreferences).toEqual(webPreferences(preload));
    expect(existsSync(preload)).toBe(true);
    expect(report.options.show).toBe(false);
    expect([report.options.minWidth, report.options.minHeight]).toEqual([400, 300]);
    expect(report.shownBeforeReady).toBe(0);
    expect(report.shownAfterReady).toBe(1);
  });

  it('loads the built page from disk', () => {
    expect(report.loaded).toEqual({ file: join(ROOT, 'out', 'renderer', 'index.html') });
  });

  it('answers every contract channel for the app page only', () => {
    expect([...report.channels].sort()).toEqual([...CHANNELS].sort());
    expect(report.fromApp).toEqual({
      ok: true,
      data: { version: '0.0.0-test', shell: 'electron', platform: process.platform },
    });
    for (const refused of [report.fromElsewhere, report.fromIframe]) {
      expect(refused).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    }
  });

  it('denies new windows and opens only allowed links in the OS', () => {
    expect(report.windowOpen).toEqual([{ action: 'deny' }, { action: 'deny' }, { action: 'deny' }]);
    const opened = report.calls.filter((c) => Array.isArray(c) && c[0] === 'openExternal');
    expect(opened).toEqual([
      ['openExternal', 'https://example.com/docs'],
      ['openExternal', 'https://getrotor.com/'],
    ]);
  });

  it('keeps the window on the app page and refuses webviews', () => {
    const entries = Object.entries(report.navigations);
    expect(entries.filter(([, prevented]) => !prevented).map(([url]) => url)).toEqual([
      expect.stringMatching(/renderer\/index\.html#\/customers$/),
    ]);
    expect(entries.filter(([, prevented]) => prevented)).toHaveLength(2);
    expect(report.webviewPrevented).toBe(true);
  });

  it('denies permissions and sends the CSP with the app page only', () => {
    expect(report.permissionGranted).toBe(false);
    expect(report.permissionCheck).toBe(false);
    expect(report.headers.app.responseHeaders['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(report.headers.app.responseHeaders['X-Kept']).toEqual(['1']);
    expect(report.headers.api).toEqual({});
  });

  it('focuses the existing window when a second copy is launched', () => {
    expect(report.focusedBySecondInstance).toBe(1);
  });

  it('saves the window bounds when the window closes', () => {
    expect(report.savedBounds).toEqual({ x: 11, y: 22, width: 900, height: 600, maximized: false });
  });

  it('holds the first quit for shutdown, then lets the real one through', () => {
    expect(report.firstQuitPrevented).toBe(true);
    expect(report.secondQuitPrevented).toBe(false);
    expect(report.calls).toContain('quit');
  });

  it('builds a menu without developer tools when not on the dev server', () => {
    expect(report.menuRoles).toEqual(expect.arrayContaining(['copy', 'paste']));
    expect(report.menuRoles).not.toContain('toggleDevTools');
    expect(report.menuRoles).not.toContain('reload');
  });
});
