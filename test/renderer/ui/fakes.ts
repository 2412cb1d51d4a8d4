/**
 * Test doubles for the UI's state modules: a `window.rotor` built with the real contract surface
 * over scripted handlers, and an in-memory DataStore.
 */
import { vi } from 'vitest';
import { buildSurface } from '@contract/channels';
import type { ChannelName, EventName } from '@contract/channels';
import { err, ok } from '@contract/result';
import type { Result } from '@contract/result';
import type { ChannelResults, EventPayloads } from '@contract/schemas';
import type { AccountStatus, QuotaState } from '@contract/state';
import type { RotorApi } from '@contract/surface';
import type {
  ImportGroup,
  DataMeta,
  DataNotice,
  DataStore,
  Delivery,
  LocalCustomer,
  OutboxEntry,
  PausedReason,
  RefreshOutcome,
  ReplayPass,
  ResolveResult,
  SaveResult,
  ImportPlan,
  ImportResult,
  SearchQuery,
  SearchResult,
  SyncProgress,
} from '$lib/data/types';
import { EMPTY_DATA_META, IDLE_PROGRESS } from '$lib/data/types';
import { listResult } from '$lib/search/result';

export function customer(overrides: Partial<LocalCustomer> = {}): LocalCustomer {
  return {
    id: 'c1',
    first_name: 'Ada',
    last_name: 'Lovelace',
    company_name: 'Engines Ltd',
    email: 'ada@example.com',
    phone: '555-0100',
    notes: 'Gate code 1234\nDog: friendly',
    source: 'Referral',
    status: 'active',
    tags: ['vip'],
    address: {
      street1: '1 Main St',
      street2: null,
      city: 'Springfield',
      state: 'IL',
      zip: '62701',
      country: 'US',
    },
    created_at: '2024-01-01T00:00:00Z',
    is_auto_pay: true,
    location: null,
    service_type: null,
    service_frequency: null,
    billing: null,
    serverTags: ['vip'],
    syncState: 'synced',
    fetchedAt: '2025-03-12T11:00:00Z',
    missingOnServer: false,
    ...overrides,
  };
}
export const account = (overrides: Partial<AccountStatus> = {}): AccountStatus => ({
  configured: true,
  backend: 'keychain',
  backendNote: null,
  hint: 'abcd',
  origin: 'https://api.getrotor.com',
  accountId: 'acct-1',
  demo: false,
  ...overrides,
});

/** Main's quota state; `remaining` follows `usedToday` unless given (main computes it, not the UI). */
export function quotaState(overrides: Partial<QuotaState> = {}): QuotaState {
  const usedToday = overrides.usedToday ?? 12;
  const dailyLimit = overrides.dailyLimit ?? 1000;
  return {
    usedToday,
    dailyLimit,
    remaining: Math.max(0, dailyLimit - usedToday),
    exhausted: false,
    resetsAt: '2025-03-13T00:00:00.000Z',
    nextProbeAt: null,
    ...overrides,
  };
}

/** An outbox entry waiting to be sent (an update of c1's phone). */
export function entry(overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    id: 'e1',
    customerId: 'c1',
    idempotencyKey: 'k-123456789',
    kind: 'update',
    changes: { phone: '555-0199' },
    base: { phone: '555-0100' },
    state: 'pending',
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    conflicts: null,
    createdAt: '2025-03-12T11:00:00Z',
    updatedAt: '2025-03-12T11:00:00Z',
    ...overrides,
  };
}

type Handlers = {
  [C in ChannelName]?: (arg: unknown) => Result<ChannelResults[C]> | Promise<Result<ChannelResults[C]>>;
};

const DEFAULTS: { [C in ChannelName]: Result<ChannelResults[C]> } = {
  'app.info': ok({ version: '0.1.0', shell: 'browser-host', platform: 'linux' }),
  'account.status': ok(account()),
  'account.connect': ok({
    companyId: 'co-1',
    userId: 'u-1',
    scopes: ['customers:read', 'customers:write'],
    missingScopes: [],
    status: account(),
  }),
  'account.remove': ok(account({ configured: false, accountId: null, hint: null })),
  'demo.status': ok({ active: false, reachable: true, customers: 0 }),
  'demo.start': ok(account({ accountId: 'demo', demo: true })),
  'demo.stop': ok(account({ configured: false, accountId: null })),
  'demo.setReachable': ok({ active: true, reachable: false, customers: 100 }),
  'customers.list': err({ kind: 'internal', message: 'not used by the UI' }),
  'customers.get': err({ kind: 'internal', message: 'not used by the UI' }),
  'customers.upsert': err({ kind: 'internal', message: 'not used by the UI' }),
  'settings.get': ok({
    baseUrl: 'https://api.getrotor.com/open-api',
    pageSize: 1000,
    autoRefreshHours: 6,
    includeArchived: false,
    replayConcurrency: 4,
    freshCopyMinutes: 2,
    theme: 'dark',
    windowBounds: null,
    warningTags: ['dog'],
  }),
  'settings.update': err({ kind: 'internal', message: 'unscripted' }),
  'quota.get': ok(quotaState()),
  'connectivity.get': ok({ state: 'online', nextCheckAt: null }),
  'connectivity.check': ok({ state: 'online', nextCheckAt: null }),
  'files.saveCsv': ok({ path: null }),
};

export interface FakeApi {
  api: RotorApi;
  calls: { channel: ChannelName; arg: unknown }[];
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void;
  listenerCount(event: EventName): number;
}

export function fakeApi(handlers: Handlers = {}): FakeApi {
  const calls: FakeApi['calls'] = [];
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const invoke = async (channel: ChannelName, arg: unknown): Promise<unknown> => {
    calls.push({ channel, arg });
    const handler = handlers[channel] as ((a: unknown) => unknown) | undefined;
    return handler ? handler(arg) : DEFAULTS[channel];
  };
  const subscribe = (event: EventName, listener: (p: unknown) => void): (() => void) => {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener);
    return () => set.delete(listener);
  };
  return {
    // buildSurface produces exactly the RotorApi shape; its return type is deliberately loose.
    api: buildSurface(invoke, subscribe) as unknown as RotorApi,
    calls,
    emit: (event, payload) => {
      for (const l of listeners.get(event) ?? []) l(payload);
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
  };
}

/**
 * The UI tests' one DataStore double: every method of the interface, in memory, the commands as spies;
 * `change()` fires its change notification. (The data layer's own tests run the real store.)
 */
export class FakeStore implements DataStore {
  readonly accountId: string;
  customers = new Map<string, LocalCustomer>();
  entries: OutboxEntry[] = [];
  metaValue: DataMeta = EMPTY_DATA_META;
  progressValue: SyncProgress = IDLE_PROGRESS;
  pausedValue: PausedReason | null = null;
  sendCostValue = 0;
  /** What deliveriesToday answers (newest first, as the store keeps it). */
  deliveries: Delivery[] = [];
  /** What the next fullRefresh answers. */
  refreshOutcome: RefreshOutcome = { kind: 'completed', customers: 0, skipped: 0 };
  closed = false;
  #listeners = new Set<() => void>();
  #rewrite = new Set<(from: string, to: string) => void>();
  #notices = new Set<(notice: DataNotice) => void>();
  #passes = new Set<(pass: ReplayPass) => void>();

  constructor(accountId: string) {
    this.accountId = accountId;
  }

  change(): void {
    for (const l of this.#listeners) l();
  }

  rewriteId(from: string, to: string): void {
    for (const l of this.#rewrite) l(from, to);
  }

  notice(notice: DataNotice): void {
    for (const l of this.#notices) l(notice);
  }

  /** Ends a replay run, as the store tells it. */
  replayed(pass: ReplayPass): void {
    for (const l of this.#passes) l(pass);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  get noticeListenerCount(): number {
    return this.#notices.size;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  search = vi.fn((query: SearchQuery): SearchResult => {
    const ids = [...this.customers.values()]
      .filter((c) => !query.text || JSON.stringify(c).toLowerCase().includes(query.text.toLowerCase()))
      .map((c) => c.id);
    return listResult(ids);
  });
  get = (id: string) => this.customers.get(id);
  tagsPresent = () => [...new Set([...this.customers.values()].flatMap((c) => c.tags))].sort();
  meta = () => this.metaValue;
  progress = () => this.progressValue;
  outbox = () => this.entries;
  entryFor = (customerId: string) => this.entries.find((e) => e.customerId === customerId);
  refreshCost = () => 3;
  sendCost = () => this.sendCostValue;
  onNotice = (listener: (notice: DataNotice) => void) => {
    this.#notices.add(listener);
    return () => this.#notices.delete(listener);
  };
  deliveriesToday = () => this.deliveries;
  onReplayed = (listener: (pass: ReplayPass) => void) => {
    this.#passes.add(listener);
    return () => this.#passes.delete(listener);
  };
  findUpsertMatch = vi.fn((fields: { phone?: string; email?: string }) =>
    [...this.customers.values()].find(
      (c) => (fields.phone && c.phone === fields.phone) || (fields.email && c.email === fields.email),
    ),
  );
  saveEdit = vi.fn(async (id: string): Promise<SaveResult> => ({ ok: true, data: { id } }));
  saveEdits = vi.fn(async (edits: readonly { customerId: string }[]): Promise<SaveResult[]> =>
    edits.map((e) => ({ ok: true, data: { id: e.customerId } })),
  );
  createCustomer = vi.fn(async (): Promise<SaveResult> => ({ ok: true, data: { id: 'local:new' } }));
  queueImport = vi.fn(async (plan: ImportPlan): Promise<ImportResult> => ({
    ok: true,
    data: { importId: 'import-1', queued: plan.rows.length, refused: [] },
  }));
  /** What importGroups answers. */
  groups: ImportGroup[] = [];
  importGroups = () => this.groups;
  pauseImport = vi.fn(async (_id: string, _paused: boolean) => undefined);
  cancelImport = vi.fn(async (_id: string) => 0);
  dismissImport = vi.fn(async (_id: string) => undefined);
  discard = vi.fn(async () => undefined);
  retryNow = vi.fn(async () => undefined);
  resolveConflict = vi.fn(async (): Promise<ResolveResult> => ({ ok: true, data: { left: 'pending' } }));
  fullRefresh = vi.fn(async (_opts?: { manual?: boolean }): Promise<RefreshOutcome> => this.refreshOutcome);
  refreshOne = vi.fn(async () => ({ ok: true as const }));
  replay = vi.fn(async () => undefined);
  maybeAutoRefresh = vi.fn(async () => false);
  pausedReason = () => this.pausedValue;
  resume = vi.fn(async () => undefined);
  recreateAsNew = vi.fn(async (): Promise<SaveResult> => ({ ok: true, data: { id: 'local:again' } }));
  resolveId = (id: string) => id;
  onIdRewrite = (listener: (from: string, to: string) => void) => {
    this.#rewrite.add(listener);
    return () => this.#rewrite.delete(listener);
  };
  close = vi.fn(() => {
    this.closed = true;
  });
}

/** The value, or a failed test saying it was missing (instead of a non-null assertion). */
export function must<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('expected a value');
  return value;
}

/** Lets queued promise callbacks run (the session's async steps are chained promises, not timers). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
