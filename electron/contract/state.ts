/** Shapes main reports to the renderer: account, quota, connectivity, demo. */

export type KeychainBackend = 'keychain' | 'safe-storage' | 'insecure-file' | 'none';

export interface AccountStatus {
  /** A key is stored for the current API origin (or the demo account is active). */
  configured: boolean;
  /** Where the key lives; anything but `keychain` deserves a warning in the UI. */
  backend: KeychainBackend;
  /** Why the backend is not the OS keychain, when it is not. */
  backendNote: string | null;
  /** At most the last 4 characters of the key. */
  hint: string | null;
  /** API origin the key belongs to, e.g. https://api.getrotor.com */
  origin: string;
  /** Stable per (origin, key) and never the key itself: names the renderer's database. */
  accountId: string | null;
  demo: boolean;
}

export interface ConnectResult {
  companyId: string | null;
  userId: string | null;
  scopes: string[];
  /** Whether the scopes cover what Rotor Desk needs (customers read and write). */
  missingScopes: string[];
  status: AccountStatus;
}

export interface QuotaState {
  usedToday: number;
  dailyLimit: number;
  /** ISO time of the next 00:00 UTC after Rotor said the day's budget is spent; null while not exhausted. */
  exhaustedUntil: string | null;
  /** ISO time from which the hourly probe may be sent, while exhausted. */
  nextProbeAt: string | null;
}

export type ConnectivityState = 'online' | 'offline' | 'checking';

export interface Connectivity {
  state: ConnectivityState;
  /** ISO time of the next reachability probe while offline. */
  nextCheckAt: string | null;
}

export interface DemoStatus {
  active: boolean;
  /** The demo's "go offline" toggle: false makes the demo server unreachable. */
  reachable: boolean;
  customers: number;
}

export interface AppInfo {
  version: string;
  /** `electron` in the desktop app, `browser-host` when served by `npm run host`. */
  shell: 'electron' | 'browser-host';
  platform: string;
}
