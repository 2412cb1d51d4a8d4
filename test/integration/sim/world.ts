/**
 * One simulated world: the real data layer (LocalDataStore on fake-indexeddb), the real main services
 * (createServices, dispatch, buildSurface with structuredClone), the Rotor double with two companies, on
 * one virtual clock (clock.ts). Commands act on it as a user, a colleague in Rotor, or the network would.
 */
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dexie } from 'dexie';
import type { Gate } from './gate';
import type { SettingsPatch } from '@contract/settings';
import { mulberry32 } from '../../../electron/main/simulation/prng';
import { startRotorServer } from '../../../electron/main/simulation/server';
import type { RotorServer } from '../../../electron/main/simulation/server';
import type { Logger } from '../../../electron/main/log/logger';
import { createServices } from '../../../electron/main/services/index';
import type { Services } from '../../../electron/main/services/index';
import { quiet, trackIndexedDb, transactionsOpen } from './activity';
import { AppModel } from './app';
import { bridgeFor, EventHub } from './bridge';
import type { BridgeDeps, CallRecord } from './bridge';
import { DAY, SimClock, SpinError } from './clock';
import { installNetwork, realFetch, useNetwork } from './net';
import type { SentRequest } from './net';
import { useSleep, virtualSleep } from './sleep';
import { simAccounts } from './accounts';
import type { AccountTag, SimAccount } from './accounts';

export type { AccountTag, SimAccount } from './accounts';

/** 2026-03-02 06:00 UTC, a Monday; runs cross UTC midnights only when they pass time. */
export const T0 = Date.parse('2026-03-02T06:00:00.000Z');

export interface WorldOptions {
  seed: number;
  customers?: Partial<Record<AccountTag, number>>;
  /** 'in-process' (default): the double's pipeline without sockets; 'http': loopback HTTP. */
  transport?: 'http' | 'in-process';
  scheduler?: Gate | null;
  settings?: SettingsPatch;
  /**
   * Main's per-attempt timeout, in virtual milliseconds: the API client arms it on the world's clock, so
   * it fires only when the app is otherwise quiet — on a request Rotor never answers (a `timeout` fault),
   * never on an honest one that a loaded machine is slow to carry.
   */
  requestTimeoutMs?: number;
}

let worlds = 0;

/** Timer fires allowed in one advance: far above any honest schedule, so a loop fails fast. */
const MAX_FIRES_PER_ADVANCE = 20_000;

export class World {
  readonly violations: string[] = [];
  /** What main logged at error level (an `internal` error is a bug). */
  readonly mainErrors: string[] = [];
  readonly sent: SentRequest[] = [];
  readonly calls: CallRecord[] = [];
  /** When the simulated user (or a colleague, or the network) acted: wake-ups may follow an action. */
  readonly actions: number[] = [];
  current: AccountTag = 'A';
  private readonly fetches = new Map<string, SentRequest>();
  private readonly inMain = { count: 0 };
  private readonly sleeping = { count: 0 };

  private constructor(
    readonly opts: WorldOptions,
    readonly clock: SimClock,
    readonly server: RotorServer,
    readonly accounts: Record<AccountTag, SimAccount>,
    private readonly dataDir: string,
  ) {}

  services!: Services;
  app!: AppModel;
  private bridge!: BridgeDeps;

  static async create(opts: WorldOptions): Promise<World> {
    trackIndexedDb();
    installNetwork();
    const accounts = simAccounts();
    let server: RotorServer | null = null;
    const clock = new SimClock(T0, () => server !== null && !server.control.reachable());
    server = await startRotorServer({
      now: () => clock.now,
      setTimer: clock.schedule('server'),
      seed: opts.seed,
      apiKeys: { [accounts.A.key]: accounts.A.grant, [accounts.B.key]: accounts.B.grant },
      companies: {
        'company-a': { customers: opts.customers?.A ?? 8, seed: opts.seed * 2 + 1 },
        'company-b': { customers: opts.customers?.B ?? 3, seed: opts.seed * 2 + 2 },
      },
    });
    const world = new World(opts, clock, server, accounts, mkdtempSync(join(tmpdir(), 'rotor-sim-')));
    await world.start();
    return world;
  }

  private async start(): Promise<void> {
    const { clock, server } = this;
    useNetwork({
      target: this.opts.transport === 'http' ? realFetch : server.fetch,
      sent: (r) => this.onSent(r),
      settled: (id) => this.fetches.delete(id),
    });
    useSleep(virtualSleep(clock.schedule('main'), this.sleeping), mulberry32(this.opts.seed ^ 0x7e7e7e));
    const log: Logger = {
      info() {},
      warn() {},
      error: (message, ...details) => this.mainErrors.push([message, ...details.map(String)].join(' ')),
    };
    const hub = new EventHub();
    const timeout = this.opts.requestTimeoutMs ?? 40;
    this.services = await createServices(
      {
        shell: 'browser-host',
        version: '0.0.0-sim',
        dataDir: this.dataDir,
        settingsStore: 'conf',
        fallbackSecrets: { kind: 'insecure-file' },
        secretBackend: 'fallback-only',
        rotorUrlOverride: server.url,
        requestTimeouts: { defaultMs: timeout, listMs: timeout },
        log,
        now: () => clock.now,
        timers: clock.timersFor('main'),
        requestTimers: clock.timersFor('main'),
      },
      (event, payload) => hub.emit(event, payload),
    );
    this.bridge = {
      handlers: this.services.handlers,
      log,
      hub,
      scheduler: this.opts.scheduler ?? null,
      inMain: this.inMain,
      calls: this.calls,
      now: () => clock.now,
    };
    const sessionApi = bridgeFor(this.bridge, null, () => 'session');
    const patch = await sessionApi.settings.update({
      pageSize: 4,
      replayConcurrency: 3,
      ...this.opts.settings,
    });
    if (!patch.ok) throw new Error(`settings.update: ${patch.error.message}`);
    const rng = mulberry32(this.opts.seed ^ 0x51a51a);
    const run = `${this.opts.seed}-${++worlds}`;
    this.app = new AppModel({
      api: sessionApi,
      apiFor: (accountId) => bridgeFor(this.bridge, accountId, () => this.tagOf(accountId)),
      now: () => clock.now,
      schedule: clock.schedule('data'),
      dbName: (accountId) => `rotor-sim-${run}-${accountId}`,
      rng,
    });
    await this.app.start();
    if (!(await this.connect('A'))) throw new Error('company A did not connect');
    await this.settle();
  }

  /** Requests that used their store's key are fine; any other key is the one bug this world never allows. */
  private onSent(r: SentRequest): void {
    this.fetches.set(r.requestId, r);
    this.sent.push(r);
    if (!r.context || r.apiKey === null) return;
    const keyOwner = Object.values(this.accounts).find((a) => a.key === r.apiKey);
    if (keyOwner?.accountId !== r.context.accountId)
      this.violations.push(
        `${r.context.channel} of account ${this.tagOf(r.context.accountId)} went out with ${keyOwner ? `company ${keyOwner.tag}'s` : 'an unknown'} key at ${new Date(this.clock.now).toISOString()}`,
      );
  }

  tagOf(accountId: string | null): string {
    return Object.values(this.accounts).find((a) => a.accountId === accountId)?.tag ?? `?${accountId}`;
  }

  /**
   * A request Rotor will never answer (a `timeout` fault) waits for virtual time like a sleep: the call
   * in main that sent it counts as sleeping, and only the client's timeout on the world's clock ends it.
   */
  busy(): boolean {
    let parkedInCalls = 0;
    for (const [id, r] of this.fetches) {
      if (!this.server.control.unanswered(id)) return true;
      if (r.context) parkedInCalls++;
    }
    return this.inMain.count > this.sleeping.count + parkedInCalls || this.app.busy > 0;
  }

  describe(): string {
    return `fetches ${this.fetches.size}, in main ${this.inMain.count} (sleeping ${this.sleeping.count}), session ${this.app.busy}, IndexedDB transactions ${transactionsOpen()}`;
  }

  quiet(): Promise<void> {
    return quiet(
      () => this.busy(),
      () => this.describe(),
    );
  }

  /** Lets everything started run to a stop, releasing every call the scheduler holds. */
  async settle(): Promise<void> {
    const s = this.bridge.scheduler;
    for (;;) {
      await this.quiet();
      if (!s || s.count() === 0) return;
      await s.waitNext(1);
    }
  }

  /** Releases up to `n` held calls (a command's worth of interleaving), leaving the rest in flight. */
  async step(n: number): Promise<void> {
    const s = this.bridge.scheduler;
    await this.quiet();
    for (let i = 0; s && i < n && s.count() > 0; i++) {
      await s.waitNext(1);
      await this.quiet();
    }
  }

  /**
   * Waits for `p` (a user's action), letting held calls through and, when nothing else can move, time:
   * a save may wait for a lock that a replay holds across a call the scheduler still holds.
   */
  async until<T>(p: Promise<T>, limitMs = 7 * DAY): Promise<T> {
    let done = false;
    void p.finally(() => (done = true)).catch(() => undefined);
    const s = this.bridge.scheduler;
    const deadline = this.clock.now + limitMs;
    for (;;) {
      await this.quiet();
      if (done) return p;
      if (s && s.count() > 0) await s.waitNext(1);
      else if (!this.clock.fireNext(deadline))
        throw new Error('an action never finished: nothing left to run');
    }
  }

  /** Virtual time passes: every timer due fires in order, the world settling after each. */
  async advance(ms: number): Promise<void> {
    const until = this.clock.now + ms;
    await this.settle();
    for (let fires = 0; this.clock.fireNext(until); fires++) {
      if (fires > MAX_FIRES_PER_ADVANCE)
        throw new SpinError(`${fires} wake-ups in ${Math.round(ms / 60_000)} simulated minutes`);
      await this.settle();
    }
    this.clock.now = Math.max(this.clock.now, until);
  }

  setOffline(offline: boolean): void {
    this.server.control.setReachable(!offline);
  }

  /** The user enters company `tag`'s key; false when main refused it (revoked). */
  async connect(tag: AccountTag): Promise<boolean> {
    const account = this.accounts[tag];
    const ok = await this.app.connect(account.key);
    if (ok) {
      account.accountId = this.app.account?.accountId ?? null;
      this.current = tag;
    }
    return ok;
  }

  revoke(tag: AccountTag = this.current): void {
    this.accounts[tag].revoked = true;
    this.server.control.setApiKey(this.accounts[tag].key, null);
  }

  /** Rotor accepts the revoked keys again, and the user re-enters the open account's key. */
  async restoreKeys(): Promise<void> {
    for (const a of Object.values(this.accounts)) {
      if (!a.revoked) continue;
      a.revoked = false;
      this.server.control.setApiKey(a.key, a.grant);
    }
    await this.connect(this.current);
  }

  /** Memory dropped (the page's timers with it), IndexedDB kept; calls already in main carry on. */
  async reload(): Promise<void> {
    this.clock.dropAll('data');
    await this.app.reload();
  }

  async close(): Promise<void> {
    this.app.closeStore();
    await this.services.dispose();
    await this.server.close();
    useNetwork(null);
    useSleep(null);
    await Promise.all([...this.app.databases].map((name) => Dexie.delete(name)));
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
