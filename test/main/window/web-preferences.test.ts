import { describe, expect, it } from 'vitest';
import { webPreferences } from '../../../electron/main/window/web-preferences';

const PRELOAD = '/opt/rotor-desk/out/preload/index.js';

describe('webPreferences', () => {
  it('is exactly the hardened set, with nothing added or left out', () => {
    expect(webPreferences(PRELOAD)).toStrictEqual({
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      spellcheck: true,
      navigateOnDragDrop: false,
      safeDialogs: true,
    });
  });

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['webviewTag', false],
    ['experimentalFeatures', false],
    ['navigateOnDragDrop', false],
    ['safeDialogs', true],
  ] as const)('%s is %s', (key, value) => {
    expect(webPreferences(PRELOAD)[key]).toBe(value);
  });

  it('enables no Blink features and sets no extra preloads', () => {
    const prefs = webPreferences(PRELOAD) as Record<string, unknown>;
    expect(prefs['enableBlinkFeatures']).toBeUndefined();
    expect(prefs['additionalArguments']).toBeUndefined();
  });

  it('refuses a relative preload path, which Electron would resolve against the working directory', () => {
    expect(() => webPreferences('out/preload/index.js')).toThrow(/absolute/);
    expect(() => webPreferences('./index.js')).toThrow(/absolute/);
  });

  it('returns a fresh object each time, so one window cannot loosen another', () => {
    const first = webPreferences(PRELOAD);
    first.sandbox = false;
    expect(webPreferences(PRELOAD).sandbox).toBe(true);
  });
});
