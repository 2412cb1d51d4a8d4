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
  /** What Rotor said about the key when it was connected (none for the demo or before a Connect). */
  identity?: AccountIdentity | null;
}

/** GET /auth/test's answer for a key, kept by main: Rotor gives ids and scopes, no names. */
export interface AccountIdentity {
  companyId: string | null;
  userId: string | null;
  scopes: string[];
  /** ISO time Rotor answered. */
  checkedAt: string;
}

export interface ConnectResult {
  companyId: string | null;
  userId: string | null;
  scopes: string[];
  /** Whether the scopes cover what Rotor Desk needs (customers read and write). */
  missingScopes: string[];
  status: AccountStatus;
}

/**
 * The day's API budget for the current key, as main decides it. Main owns every quota decision: the
 * renderer reads `exhausted`, `remaining` and `resetsAt` and never works them out itself.
 */
export interface QuotaState {
  /** Requests this app sent today (UTC) with this key; the key may be shared, so Rotor may count more. */
  usedToday: number;
  dailyLimit: number;
  /** What this app may still spend today as far as main knows: 0 while exhausted. */
  remaining: number;
  /**
   * Rotor said the day's budget is spent (or this app alone spent it): main refuses requests locally,
   * apart from its own probe at most once an hour, until `resetsAt` or until a probe succeeds.
   */
  exhausted: boolean;
  /** ISO time of the next 00:00 UTC, when the count starts again (Rotor's reset time is assumed). */
  resetsAt: string;
  /** ISO time of main's next hourly probe, while exhausted; null otherwise. */
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
  /**
   * The Rotor address given when the app was started (the host's --rotor-url). It wins over the
   * address in settings, so Settings shows it and cannot change it. Absent: none was given.
   */
  launchBaseUrl?: string;
}
