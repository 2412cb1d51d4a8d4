/**
 * Electron's main process: a thin shell. Every decision (security settings, navigation, IPC senders,
 * window bounds, quitting) lives in pure modules under ./window and ./ipc, which are unit-tested in plain
 * Node; this file only wires them to Electron.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  net,
  powerMonitor,
  safeStorage,
  screen,
  session,
  shell,
} from 'electron';
import type { WebContents } from 'electron';
import { createConsoleLogger } from './log/logger';
import { broadcast, registerIpc } from './ipc/register';
import { createServices } from './services/index';
import type { Services } from './services/index';
import type { EventSink, Platform } from './services/platform';
import { appPaths } from './window/app-paths';
import {
  boundsToSave,
  createBoundsSaver,
  MIN_HEIGHT,
  MIN_WIDTH,
  primaryFirst,
  restoreBounds,
} from './window/bounds';
import { withCsp } from './window/csp';
import { menuTemplate } from './window/menu';
import {
  denyWebview,
  isAppResource,
  isAppSender,
  willNavigateHandler,
  windowOpenHandler,
} from './window/navigation';
import { createOnlineSignals } from './connectivity/online-signals';
import { permissionCheckHandler, permissionRequestHandler } from './window/permissions';
import { createQuitGuard } from './app/quit-guard';
import { fallbackSecrets } from './credentials/safe-storage-fallback';
import { focusWindow } from './window/single-instance';
import { webPreferences } from './window/web-preferences';
import { createSaveFile } from './window/save-file';
import { writeFile } from 'node:fs/promises';

const log = createConsoleLogger();
// This file's own folder (out/main), not a shared chunk's: the preload and renderer paths hang off it.
const paths = appPaths({
  mainDir: import.meta.dirname,
  isPackaged: app.isPackaged,
  devServerUrl: process.env['ELECTRON_RENDERER_URL'],
});
if (paths.devUrlRefused)
  log.warn('ignoring ELECTRON_RENDERER_URL: only a dev server on this machine is allowed');

const openExternal = (url: string) => shell.openExternal(url);
const logOpenError = (error: unknown) => log.warn('could not open a link', error);

// Every renderer sandboxed, including any a bug might create without our webPreferences.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start();
}

function start(): void {
  let mainWindow: BrowserWindow | null = null;

  app.on('second-instance', () => focusWindow(mainWindow));

  // Applied to every web contents, not just ours: whatever gets created is held to the same rules.
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(windowOpenHandler(openExternal, logOpenError));
    contents.on('will-navigate', willNavigateHandler(paths.appUrl, openExternal, logOpenError));
    contents.on('will-attach-webview', denyWebview);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  const createWindow = (ready: Services): BrowserWindow => {
    const displays = primaryFirst(screen.getPrimaryDisplay(), screen.getAllDisplays());
    const bounds = restoreBounds(ready.windowBounds(), displays);
    const win = new BrowserWindow({
      x: bounds.x,
      y: bounds.y,
      width: bounds.width,
      height: bounds.height,
      minWidth: MIN_WIDTH,
      minHeight: MIN_HEIGHT,
      title: 'Rotor Desk',
      show: false,
      webPreferences: webPreferences(paths.preloadPath),
    });
    win.once('ready-to-show', () => {
      if (bounds.maximized) win.maximize();
      win.show();
    });

    const saver = createBoundsSaver({
      read: () => boundsToSave(win),
      save: (b) => ready.saveWindowBounds(b),
      onError: (error) => log.warn('could not save the window position', error),
    });
    const changed = () => saver.schedule();
    win.on('resize', changed);
    win.on('move', changed);
    win.on('maximize', changed);
    win.on('unmaximize', changed);
    win.on('close', () => saver.flush());
    win.on('closed', () => {
      saver.cancel();
      if (mainWindow === win) mainWindow = null;
    });

    const loading = paths.load.kind === 'url' ? win.loadURL(paths.load.url) : win.loadFile(paths.load.path);
    loading.catch((error: unknown) => log.error('could not load the app page', error));
    return win;
  };

  app
    .whenReady()
    .then(async () => {
      const ses = session.defaultSession;
      ses.setPermissionRequestHandler(permissionRequestHandler);
      ses.setPermissionCheckHandler(permissionCheckHandler);
      // The page's <meta> carries the same policy; the header also covers the dev server's responses.
      ses.webRequest.onHeadersReceived((details, callback) => {
        callback(
          isAppResource(details.url, paths.appUrl)
            ? { responseHeaders: withCsp(details.responseHeaders) }
            : {},
        );
      });
      Menu.setApplicationMenu(
        Menu.buildFromTemplate(menuTemplate({ isMac: process.platform === 'darwin', isDev: paths.dev })),
      );

      const online = createOnlineSignals({
        isOnline: () => net.isOnline(),
        onResume: (callback) => {
          powerMonitor.on('resume', callback);
          return () => void powerMonitor.off('resume', callback);
        },
      });
      const platform: Platform = {
        shell: 'electron',
        version: app.getVersion(),
        dataDir: app.getPath('userData'),
        settingsStore: 'electron-store',
        fallbackSecrets: fallbackSecrets(safeStorage, process.platform),
        connectivitySignals: online.signals,
        saveFile: createSaveFile({
          showSaveDialog: (options) => {
            const win = BrowserWindow.getFocusedWindow();
            return win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options);
          },
          writeFile: (path, text) => writeFile(path, text, 'utf8'),
          documentsDir: () => app.getPath('documents'),
        }),
        log,
      };
      const sink: EventSink = (event, payload) =>
        broadcast(
          BrowserWindow.getAllWindows().map((w) => w.webContents),
          event,
          payload,
          log,
        );
      const ready = await createServices(platform, sink);

      registerIpc(ipcMain, ready.handlers, {
        isAppSender: (frameUrl) => isAppSender(frameUrl, paths.appUrl),
        log,
      });
      app.on(
        'before-quit',
        createQuitGuard({
          dispose: async () => {
            online.dispose();
            await ready.dispose();
          },
          quit: () => app.quit(),
          log,
        }),
      );
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow(ready);
      });
      mainWindow = createWindow(ready);
    })
    .catch((error: unknown) => {
      log.error('Rotor Desk could not start', error);
      dialog.showErrorBox('Rotor Desk could not start', 'The details are in the log.');
      app.exit(1);
    });
}
