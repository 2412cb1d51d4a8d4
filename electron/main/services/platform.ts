import type { EventName } from '@contract/channels';
import type { EventPayload } from '@contract/schemas';
import type { Logger } from '../log/logger';

/** One-shot timers; returns a function that cancels. Injectable so tests can run main on a virtual clock. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): () => void;
}

export const realTimers: Timers = {
  setTimeout(fn, ms) {
    const timer = setTimeout(fn, ms);
    // A pending wake-up must not keep the browser host's (or a test's) process alive on its own.
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

/**
 * What differs between Electron's main process and the browser host. Everything else — API client,
 * credentials, settings, connectivity, quota, demo — is the same code in both.
 */
export interface Platform {
  shell: 'electron' | 'browser-host';
  version: string;
  /** Folder for settings and the quota ledger (Electron: app.getPath('userData'); host: --profile). */
  dataDir: string;
  /** Opens the settings file store. Electron: electron-store; host: conf. Same JSON schema. */
  settingsStore: 'electron-store' | 'conf';
  /** Fallback when no OS keychain answers. Electron: safeStorage; host: a 0600 file flagged insecure. */
  fallbackSecrets:
    | { kind: 'safe-storage'; encrypt(plain: string): Buffer; decrypt(cipher: Buffer): string }
    | { kind: 'insecure-file' };
  /** `fallback-only` skips the OS keychain (unit tests must not depend on one). Default: keychain first. */
  secretBackend?: 'auto' | 'fallback-only';
  /** Electron's net.isOnline, online/offline and powerMonitor resume; absent in the host. */
  connectivitySignals?: {
    isOnline(): boolean;
    onOnline(cb: () => void): () => void;
    onOffline(cb: () => void): () => void;
    onResume(cb: () => void): () => void;
  };
  /** The API base URL to use instead of the stored setting (host `--rotor-url`, tests). */
  rotorUrlOverride?: string;
  log: Logger;
  now?: () => number;
  /** Main's own wake-ups (quota reset and probe, connectivity retries). Default: real, unref'd timers. */
  timers?: Timers;
  /** Per-request timeouts of the API client (defaults: 20 s, 60 s for list pages); tests shorten them. */
  requestTimeouts?: { defaultMs: number; listMs: number };
  /**
   * Arms each API attempt's timeout. Default: real timers, also where `timers` is virtual (a test that
   * advances its clock past a request still in flight must not time it out). The simulation passes its
   * clock, which moves only while every request in flight is one Rotor will never answer.
   */
  requestTimers?: Timers;
  /**
   * Asks where to save a file (the OS save dialog) and writes it there; null when the user cancels.
   * Electron only: the browser host's page downloads its files itself.
   */
  saveFile?: (suggestedName: string, text: string) => Promise<string | null>;
}

export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;
