import { isAbsolute } from 'node:path';
import type { WebPreferences } from 'electron';

/**
 * The renderer's web preferences. The renderer shows data from a remote API and must never reach Node,
 * the file system or the API key: it runs sandboxed and isolated, and talks to main only through the
 * preload's `window.rotor`. Several values restate Electron's defaults on purpose — written out, a
 * regression in a default or in this file fails a test instead of passing silently.
 */
export function webPreferences(preloadPath: string): WebPreferences {
  // Electron resolves a relative preload against the working directory, which the user controls.
  if (!isAbsolute(preloadPath)) throw new Error('The preload path must be absolute.');
  return {
    preload: preloadPath,
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
    // A file dropped on the window would otherwise replace the app with that file.
    navigateOnDragDrop: false,
    safeDialogs: true,
  };
}
