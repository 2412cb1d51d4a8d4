/**
 * Starts the built main process against the stand-in `electron`, drives it the way Electron would
 * (ready-to-show, IPC calls, navigation, close, quit) and prints what happened as one JSON line.
 */
import * as electron from 'electron';

const [entry] = process.argv.slice(2);
const event = () => ({
  prevented: false,
  preventDefault() {
    this.prevented = true;
  },
});

await import(entry);
const win = await electron.windowCreated.promise;
const beforeShow = win.shown;
win.emit('ready-to-show');
const afterShow = win.shown;

const appUrl = new URL(`file://${win.loaded.file}`).href;
const call = (channel, frame, arg) => electron.ipcMain.handlers.get(channel)({ senderFrame: frame }, arg);
const fromApp = await call('app.info', { url: appUrl, parent: null });
const fromElsewhere = await call('app.info', { url: 'https://evil.example/', parent: null });
const fromIframe = await call('app.info', { url: appUrl, parent: {} });

const windowOpen = ['https://example.com/docs', 'file:///etc/passwd', 'javascript:alert(1)'].map((url) =>
  win.windowOpenHandler({ url }),
);
const navigations = {};
for (const url of ['https://getrotor.com/', 'http://example.com/', `${appUrl}#/customers`]) {
  const e = event();
  e.url = url;
  win.webContents.emit('will-navigate', e, url);
  navigations[url] = e.prevented;
}
const webview = event();
win.webContents.emit('will-attach-webview', webview, {}, {});

let permissionGranted;
electron.session.requestHandler(win.webContents, 'media', (granted) => (permissionGranted = granted));
const headers = {};
electron.session.headersListener(
  { url: appUrl, responseHeaders: { 'X-Kept': ['1'] } },
  (r) => (headers.app = r),
);
electron.session.headersListener(
  { url: 'https://api.getrotor.com/open-api/me', responseHeaders: {} },
  (r) => (headers.api = r),
);

const focusedBefore = win.focused;
electron.app.emit('second-instance', event(), [], process.cwd());

win.emit('close');
const settings = await call('settings.get', { url: appUrl, parent: null });

const firstQuit = event();
electron.app.emit('before-quit', firstQuit);
await electron.quitCalled.promise;
const secondQuit = event();
electron.app.emit('before-quit', secondQuit);

const roles = (items) =>
  items.flatMap((i) => [...(i.role ? [i.role] : []), ...(Array.isArray(i.submenu) ? roles(i.submenu) : [])]);

process.stdout.write(
  `${JSON.stringify({
    calls: electron.calls,
    options: win.options,
    loaded: win.loaded,
    shownBeforeReady: beforeShow,
    shownAfterReady: afterShow,
    focusedBySecondInstance: win.focused - focusedBefore,
    channels: [...electron.ipcMain.handlers.keys()],
    fromApp,
    fromElsewhere,
    fromIframe,
    windowOpen,
    navigations,
    webviewPrevented: webview.prevented,
    permissionGranted,
    permissionCheck: electron.session.checkHandler(win.webContents, 'media', appUrl, {}),
    headers,
    savedBounds: settings.ok ? settings.data.windowBounds : settings,
    firstQuitPrevented: firstQuit.prevented,
    secondQuitPrevented: secondQuit.prevented,
    menuRoles: roles(electron.Menu.current),
  })}\n`,
);
process.exit(0);
