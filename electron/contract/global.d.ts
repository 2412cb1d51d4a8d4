import type { RotorApi } from './surface';

declare global {
  interface Window {
    /** The only bridge to main: the Electron preload, or the browser host's injected bridge. */
    readonly rotor: RotorApi;
  }
}
