/**
 * The app model's side of opening a cache: progress from the store shown until every row is in (on the
 * opening screen, then the count line), and the remembered account's cache opened while main answers,
 * but shown only once main confirms that account is the current one; main's other start-up answers
 * landing in any order.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Result } from '@contract/result';
import type { Settings } from '@contract/settings';
import { DEFAULT_SETTINGS } from '@contract/settings-defaults';
import type { AccountStatus, AppInfo, Connectivity, QuotaState } from '@contract/state';
import { AppModel } from '$lib/state/app-model.svelte';
import type { LastAccount, StoreOptions } from '$lib/state/model-types';
import { FakeStore, account, fakeApi, quotaState, settle } from './fakes';

function memory(initial: string | null): LastAccount & { value: string | null } {
  const m = {
    value: initial,
    get: () => m.value,
    set: (id: string | null) => {
      m.value = id;
    },
  };
  return m;
}

/** main's answer to one call, given only when `answer` is called. */
function held<T>(): { handler: () => Promise<Result<T>>; answer: (value: T) => void } {
  let answer: (value: T) => void = () => undefined;
  const promise = new Promise<Result<T>>((resolve) => {
    answer = (value) => resolve({ ok: true, data: value });
  });
  return { handler: () => promise, answer };
}

const heldStatus = (): ReturnType<typeof held<AccountStatus>> => held<AccountStatus>();

describe('opening a cache', () => {
  it('shows the rows read while opening, and keeps saying so after the first screen until all are in', async () => {
    const fake = fakeApi({});
    const seenWhileOpening: unknown[] = [];
    let model: AppModel | null = null;
    let report: StoreOptions['onLoadProgress'];
    const openStore = vi.fn(async (opts: StoreOptions) => {
      report = opts.onLoadProgress;
      opts.onLoadProgress?.({ total: 20_000, read: 50 });
      seenWhileOpening.push(model?.phase, model?.loading);
      return new FakeStore(opts.accountId);
    });
    model = new AppModel({ api: fake.api, openStore });
    await model.start();
    expect(seenWhileOpening).toEqual(['opening', { total: 20_000, read: 50 }]);
    expect(model.phase).toBe('ready');
    expect(model.loading).toEqual({ total: 20_000, read: 50 });
    report?.({ total: 20_000, read: 12_000 });
    expect(model.loading).toEqual({ total: 20_000, read: 12_000 });
    report?.(null);
    expect(model.loading).toBeNull();
  });

  it('opens the remembered account before main answers, and shows it once main confirms it', async () => {
    const status = heldStatus();
    const fake = fakeApi({ 'account.status': status.handler });
    const opened: string[] = [];
    const openStore = vi.fn(async (opts: StoreOptions) => {
      opened.push(opts.accountId);
      return new FakeStore(opts.accountId);
    });
    const last = memory('acct-1');
    const model = new AppModel({ api: fake.api, openStore, lastAccount: last });
    const started = model.start();
    await settle();
    expect(opened).toEqual(['acct-1']);
    expect(model.phase).toBe('starting');
    expect(model.store).toBeNull();
    status.answer(account({ accountId: 'acct-1' }));
    await started;
    expect(opened).toEqual(['acct-1']);
    expect(model.phase).toBe('ready');
    expect(model.store?.accountId).toBe('acct-1');
  });

  it('never shows the remembered account when main names another one (a key switched while closed)', async () => {
    const status = heldStatus();
    const fake = fakeApi({ 'account.status': status.handler });
    const stores: FakeStore[] = [];
    const openStore = vi.fn(async (opts: StoreOptions) => {
      const store = new FakeStore(opts.accountId);
      stores.push(store);
      return store;
    });
    const last = memory('acct-old');
    const model = new AppModel({ api: fake.api, openStore, lastAccount: last });
    const shown: (string | null)[] = [];
    const started = model.start();
    await settle();
    shown.push(model.store?.accountId ?? null);
    status.answer(account({ accountId: 'acct-new' }));
    await started;
    await settle();
    shown.push(model.store?.accountId ?? null);
    expect(shown).toEqual([null, 'acct-new']);
    expect(stores.map((s) => [s.accountId, s.closed])).toEqual([
      ['acct-old', true],
      ['acct-new', false],
    ]);
    expect(last.value).toBe('acct-new');
  });

  it('forgets the account when main has no key', async () => {
    const noKey = account({ configured: false, accountId: null });
    const fake = fakeApi({ 'account.status': () => ({ ok: true, data: noKey }) });
    const stores: FakeStore[] = [];
    const openStore = vi.fn(async (opts: StoreOptions) => {
      const store = new FakeStore(opts.accountId);
      stores.push(store);
      return store;
    });
    const last = memory('acct-1');
    const model = new AppModel({ api: fake.api, openStore, lastAccount: last });
    await model.start();
    await settle();
    expect(model.phase).toBe('onboarding');
    expect(model.store).toBeNull();
    expect(stores.every((s) => s.closed)).toBe(true);
    expect(last.value).toBeNull();
  });
});

describe('main’s start-up answers, in whatever order they come', () => {
  const stores = (): { opened: FakeStore[]; openStore: (opts: StoreOptions) => Promise<FakeStore> } => {
    const opened: FakeStore[] = [];
    return {
      opened,
      openStore: async (opts) => {
        const store = new FakeStore(opts.accountId);
        opened.push(store);
        return store;
      },
    };
  };

  it('shows the cache before connectivity and app info answer, and catches up once Rotor is online', async () => {
    const connectivity = held<Connectivity>();
    const info = held<AppInfo>();
    const fake = fakeApi({ 'connectivity.get': connectivity.handler, 'app.info': info.handler });
    const { opened, openStore } = stores();
    const model = new AppModel({ api: fake.api, openStore });
    await model.start();
    expect(model.phase).toBe('ready');
    // Nothing claims to be online or names a version it wasn't told.
    expect(model.main.connectivity.state).toBe('checking');
    expect(model.main.info).toBeNull();
    expect(opened[0]?.replay).not.toHaveBeenCalled();
    connectivity.answer({ state: 'online', nextCheckAt: null });
    await settle();
    expect(model.main.online).toBe(true);
    expect(opened[0]?.replay).toHaveBeenCalledTimes(1);
    // Then main is asked to look again (its state may be a minute old).
    expect(fake.calls.map((c) => c.channel)).toContain('connectivity.check');
    info.answer({ version: '9.9.9', shell: 'browser-host', platform: 'linux' });
    await settle();
    expect(model.main.info?.version).toBe('9.9.9');
  });

  it('shows no cache until settings and quota are in, so no default stands in for them', async () => {
    const quota = held<QuotaState>();
    const settings = held<Settings>();
    const fake = fakeApi({ 'quota.get': quota.handler, 'settings.get': settings.handler });
    const { openStore } = stores();
    const model = new AppModel({ api: fake.api, openStore });
    const started = model.start();
    await settle();
    expect(model.phase).toBe('starting');
    expect(model.store).toBeNull();
    const spent = quotaState({ usedToday: 1000, exhausted: true });
    quota.answer(spent);
    await settle();
    expect(model.phase).toBe('starting');
    settings.answer({ ...DEFAULT_SETTINGS, pageSize: 250 });
    await started;
    expect(model.phase).toBe('ready');
    expect(model.main.quota).toEqual(spent);
    expect(model.main.settings.pageSize).toBe(250);
  });

  it('catches up once, with the cache open, when Rotor is online before the account is confirmed', async () => {
    const status = heldStatus();
    const fake = fakeApi({ 'account.status': status.handler });
    const { opened, openStore } = stores();
    const model = new AppModel({ api: fake.api, openStore });
    const started = model.start();
    await settle();
    expect(model.main.online).toBe(true);
    expect(model.store).toBeNull();
    status.answer(account());
    await started;
    await settle();
    expect(model.phase).toBe('ready');
    expect(opened).toHaveLength(1);
    expect(opened[0]?.replay).toHaveBeenCalledTimes(1);
  });
});
