/**
 * A stand-in for the `electron` module, just enough to run the built main process (out/main/index.js)
 * in plain Node: it records what the shell asks Electron to do, so a test can check the wiring where
 * the real Electron binary cannot be installed.
 */
import { EventEmitter } from 'node:events';

export const calls = [];
const signal = () => {
  let resolve;
  const promise = new Promise((r) => (resolve = r));
  return { promise, resolve };
};
export const windowCreated = signal();
export const quitCalled = signal();

class App extends EventEmitter {
  isPackaged = false;
  requestSingleInstanceLock() {
    calls.push('requestSingleInstanceLock');
    return true;
  }
  enableSandbox() {
    calls.push('enableSandbox');
  }
  whenReady() {
    calls.push('whenReady');
    return Promise.resolve();
  }
  getVersion() {
    return '0.0.0-test';
  }
  getPath(name) {
    if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
    return process.env.FAKE_ELECTRON_USER_DATA;
  }
  getName() {
    return 'rotor-desk';
  }
  quit() {
    calls.push('quit');
    quitCalled.resolve();
  }
  exit(code) {
    calls.push(`exit ${code}`);
  }
}
export const app = new App();

const windows = [];
export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.shown = 0;
    this.focused = 0;
    this.webContents = Object.assign(new EventEmitter(), {
      setWindowOpenHandler: (handler) => (this.windowOpenHandler = handler),
      send: (...args) => calls.push(['send', ...args]),
      isDestroyed: () => false,
    });
    windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
    windowCreated.resolve(this);
  }
  static getAllWindows() {
    return [...windows];
  }
  loadFile(path) {
    this.loaded = { file: path };
    return Promise.resolve();
  }
  loadURL(url) {
    this.loaded = { url };
    return Promise.resolve();
  }
  getNormalBounds() {
    return { x: 11, y: 22, width: 900, height: 600 };
  }
  isMaximized() {
    return false;
  }
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return false;
  }
  show() {
    this.shown++;
  }
  focus() {
    this.focused++;
  }
  maximize() {}
  restore() {}
}

export const ipcMain = Object.assign(new EventEmitter(), {
  handlers: new Map(),
  handle(channel, listener) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  },
  removeHandler(channel) {
    this.handlers.delete(channel);
  },
});

export const Menu = {
  buildFromTemplate: (template) => ({ template }),
  setApplicationMenu: (menu) => (Menu.current = menu.template),
};
export const net = { isOnline: () => true };
export const powerMonitor = new EventEmitter();
export const safeStorage = {
  isEncryptionAvailable: () => false,
  getSelectedStorageBackend: () => 'basic_text',
  encryptString: (s) => Buffer.from(s),
  decryptString: (b) => b.toString(),
};
const display = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } };
export const screen = { getPrimaryDisplay: () => display, getAllDisplays: () => [display] };
export const session = {
  defaultSession: {
    setPermissionRequestHandler: (h) => (session.requestHandler = h),
    setPermissionCheckHandler: (h) => (session.checkHandler = h),
    webRequest: { onHeadersReceived: (listener) => (session.headersListener = listener) },
  },
};
export const shell = {
  openExternal: async (url) => {
    calls.push(['openExternal', url]);
  },
};
export const dialog = { showErrorBox: (...args) => calls.push(['showErrorBox', ...args]) };

export default {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  net,
  powerMonitor,
  safeStorage,
  screen,
  session,
  shell,
  dialog,
};
