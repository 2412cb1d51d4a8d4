import { describe, expect, it, vi } from 'vitest';
import { err, ok } from '@contract/result';
import { quotaWarning, Session } from '$lib/state/session.svelte';
import type { StoreOptions } from '$lib/state/session.svelte';
import { account, customer, FakeStore, fakeApi, must, settle } from './fakes';

function setup(handlers: Parameters<typeof fakeApi>[0] = {}) {
  const fake = fakeApi(handlers);
  const stores: FakeStore[] = [];
  const opened: StoreOptions[] = [];
  const openStore = vi.fn(async (opts: StoreOptions) => {
    opened.push(opts);
    const store = new FakeStore(opts.accountId);
    stores.push(store);
    return store;
  });
  const notify = vi.fn();
  const themes: string[] = [];
  const stopTimer = vi.fn();
  let tick: (() => void) | null = null;
  const session = new Session({
    api: fake.api,
    openStore,
    notify,
    applyTheme: (t) => themes.push(t),
    every: (fn) => {
      tick = fn;
      return stopTimer;
    },
  });
  return { ...fake, session, openStore, opened, stores, notify, themes, stopTimer, tick: () => tick?.() };
}

describe('Session start', () => {
  it('shows onboarding when no key is configured, without opening a cache', async () => {
    const t = setup({ 'account.status': () => ok(account({ configured: false, accountId: null })) });
    await t.session.start();
    expect(t.session.phase).toBe('onboarding');
    expect(t.openStore).not.toHaveBeenCalled();
  });

  it('opens the account’s cache, loads main’s state and applies the theme', async () => {
    const t = setup();
    await t.session.start();
    expect(t.session.phase).toBe('ready');
    expect(t.opened[0]?.accountId).toBe('acct-1');
    expect(t.session.quota.usedToday).toBe(12);
    expect(t.session.settings.theme).toBe('dark');
    expect(t.themes).toEqual(['dark']);
    expect(t.session.info?.shell).toBe('browser-host');
  });

  it('hands the store live settings, quota and connectivity', async () => {
    const t = setup();
    await t.session.start();
    const opts = must(t.opened[0]);
    expect(opts.settings()).toEqual({
      pageSize: 1000,
      includeArchived: false,
      replayConcurrency: 4,
      autoRefreshHours: 6,
    });
    expect(opts.online()).toBe(true);
    t.emit('connectivity', { state: 'offline', nextCheckAt: null });
    expect(opts.online()).toBe(false);
    t.emit('quota', { usedToday: 999, dailyLimit: 1000, exhaustedUntil: null, nextProbeAt: null });
    expect(opts.quota().usedToday).toBe(999);
  });

  it('replays on start when online, then checks whether a refresh is due', async () => {
    const t = setup();
    await t.session.start();
    const store = must(t.stores[0]);
    expect(store.replay).toHaveBeenCalledTimes(1);
    await settle();
    expect(store.maybeAutoRefresh).toHaveBeenCalledTimes(1);
  });

  it('does not replay on start while offline', async () => {
    const t = setup({ 'connectivity.get': () => ok({ state: 'offline' as const, nextCheckAt: null }) });
    await t.session.start();
    expect(must(t.stores[0]).replay).not.toHaveBeenCalled();
  });

  it('fails visibly when main cannot report the account, and can retry', async () => {
    let fail = true;
    const t = setup({
      'account.status': () => (fail ? err({ kind: 'keychain', message: 'locked' }) : ok(account())),
    });
    await t.session.start();
    expect(t.session.phase).toBe('failed');
    expect(t.session.failure?.kind).toBe('keychain');
    fail = false;
    await t.session.retryStart();
    expect(t.session.phase).toBe('ready');
  });

  it('fails visibly when the cache cannot be opened', async () => {
    const t = setup();
    t.openStore.mockRejectedValueOnce(new Error('IndexedDB blocked'));
    await t.session.start();
    expect(t.session.phase).toBe('failed');
    expect(t.session.failure?.message).toMatch(/cache/);
  });

  it('fails visibly when the bridge itself is missing', async () => {
    const session = new Session({ api: undefined as never, openStore: vi.fn() });
    await session.start();
    expect(session.phase).toBe('failed');
  });
});

describe('Session events', () => {
  it('replays when connectivity comes back, not on every online report', async () => {
    const t = setup({ 'connectivity.get': () => ok({ state: 'offline' as const, nextCheckAt: null }) });
    await t.session.start();
    const store = must(t.stores[0]);
    t.emit('connectivity', { state: 'checking', nextCheckAt: null });
    expect(store.replay).not.toHaveBeenCalled();
    t.emit('connectivity', { state: 'online', nextCheckAt: null });
    expect(store.replay).toHaveBeenCalledTimes(1);
    t.emit('connectivity', { state: 'online', nextCheckAt: null });
    expect(store.replay).toHaveBeenCalledTimes(1);
    await settle();
    expect(store.maybeAutoRefresh).toHaveBeenCalledTimes(1);
  });

  it('asks the store about an automatic refresh on a timer while online', async () => {
    const t = setup();
    await t.session.start();
    await settle();
    const store = must(t.stores[0]);
    t.tick();
    await settle();
    expect(store.maybeAutoRefresh).toHaveBeenCalledTimes(2);
    t.emit('connectivity', { state: 'offline', nextCheckAt: null });
    t.tick();
    await settle();
    expect(store.maybeAutoRefresh).toHaveBeenCalledTimes(2);
  });

  it('goes to onboarding and closes the cache when the key is removed elsewhere', async () => {
    const t = setup();
    await t.session.start();
    t.emit('account', account({ configured: false, accountId: null }));
    await settle();
    expect(t.session.phase).toBe('onboarding');
    expect(must(t.stores[0]).closed).toBe(true);
    expect(t.stopTimer).toHaveBeenCalled();
    expect(t.session.store).toBeNull();
  });

  it('reopens the cache when the account changes, and ignores repeats of the same account', async () => {
    const t = setup();
    await t.session.start();
    t.emit('account', account());
    await settle();
    expect(t.openStore).toHaveBeenCalledTimes(1);
    t.emit('account', account({ accountId: 'acct-2' }));
    await settle();
    expect(t.openStore).toHaveBeenCalledTimes(2);
    expect(must(t.stores[0]).closed).toBe(true);
    expect(t.session.store?.accountId).toBe('acct-2');
  });

  it('closes a store whose open was overtaken by a newer account', async () => {
    const t = setup();
    const release = { open: (): void => undefined };
    t.openStore.mockImplementationOnce(
      (opts) =>
        new Promise((resolve) => {
          release.open = () => resolve(new FakeStore(opts.accountId));
        }),
    );
    const starting = t.session.start();
    await settle();
    t.session.phase = 'ready';
    t.emit('account', account({ accountId: 'acct-2' }));
    await settle();
    release.open();
    await starting;
    expect(t.session.store?.accountId).toBe('acct-2');
  });

  it('keeps onboarding when an account event arrives before the user chose', async () => {
    const t = setup({ 'account.status': () => ok(account({ configured: false, accountId: null })) });
    await t.session.start();
    t.emit('account', account());
    await settle();
    expect(t.session.phase).toBe('onboarding');
    expect(t.session.account?.configured).toBe(true);
  });

  it('tracks quota, demo and settings events', async () => {
    const t = setup();
    await t.session.start();
    t.emit('demo', { active: true, reachable: false, customers: 50 });
    expect(t.session.demo.reachable).toBe(false);
    expect(t.session.isDemo).toBe(true);
    t.emit('settings', { ...t.session.settings, theme: 'light' });
    expect(t.themes.at(-1)).toBe('light');
  });

  it('stops listening on dispose', async () => {
    const t = setup();
    await t.session.start();
    expect(t.listenerCount('quota')).toBe(1);
    t.session.dispose();
    expect(t.listenerCount('quota')).toBe(0);
    expect(must(t.stores[0]).closed).toBe(true);
  });
});

describe('Session store reads', () => {
  it('reads meta, progress, outbox and cost from the open store', async () => {
    const t = setup();
    expect(t.session.meta.customerCount).toBe(0);
    expect(t.session.refreshCost).toBe(1);
    await t.session.start();
    const store = must(t.stores[0]);
    store.metaValue = { ...store.metaValue, customerCount: 5 };
    store.entries = [{ id: 'e1' } as never];
    store.change();
    expect(t.session.meta.customerCount).toBe(5);
    expect(t.session.outbox).toHaveLength(1);
    expect(t.session.refreshCost).toBe(3);
    expect(store.listenerCount).toBe(1);
  });

  it('reads customers and search results through the store', async () => {
    const t = setup();
    await t.session.start();
    const store = must(t.stores[0]);
    store.customers.set('c1', customer());
    store.change();
    expect(t.session.customer('c1')?.first_name).toBe('Ada');
    expect(t.session.customer(null)).toBeUndefined();
    expect(t.session.search({ text: 'ada' }).ids).toEqual(['c1']);
  });

  it('forwards id rewrites from the store', async () => {
    const t = setup();
    await t.session.start();
    const seen: string[] = [];
    t.session.onIdRewrite((from, to) => seen.push(`${from}>${to}`));
    must(t.stores[0]).rewriteId('local:1', 'rotor-1');
    expect(seen).toEqual(['local:1>rotor-1']);
  });
});

describe('Session actions', () => {
  it('connects a key and opens its account', async () => {
    const t = setup({ 'account.status': () => ok(account({ configured: false, accountId: null })) });
    await t.session.start();
    const result = await t.session.connect('  rk_live_1234567890  ');
    expect(result.ok).toBe(true);
    expect(t.calls.find((c) => c.channel === 'account.connect')?.arg).toEqual({
      apiKey: 'rk_live_1234567890',
    });
    expect(t.session.phase).toBe('ready');
    expect(t.session.connected?.companyId).toBe('co-1');
  });

  it('refuses a key without customer scopes and stays on onboarding', async () => {
    const t = setup({
      'account.status': () => ok(account({ configured: false, accountId: null })),
      'account.connect': () =>
        ok({
          companyId: 'co',
          userId: null,
          scopes: ['leads:read'],
          missingScopes: ['customers:read'],
          status: account(),
        }),
    });
    await t.session.start();
    const result = await t.session.connect('rk_live_1234567890');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/customers:read/);
    expect(t.session.phase).toBe('onboarding');
    expect(t.openStore).not.toHaveBeenCalled();
  });

  it('explains a rejected key', async () => {
    const t = setup({ 'account.connect': () => err({ kind: 'auth', message: '401' }) });
    const result = await t.session.connect('rk_live_1234567890');
    expect(result.ok ? '' : result.error.message).toMatch(/did not accept this key/);
  });

  it('starts and leaves the demo', async () => {
    const t = setup({ 'account.status': () => ok(account({ configured: false, accountId: null })) });
    await t.session.start();
    await t.session.startDemo();
    expect(t.session.phase).toBe('ready');
    expect(t.opened.at(-1)?.accountId).toBe('demo');
    await t.session.leaveDemo();
    expect(t.session.phase).toBe('onboarding');
    expect(must(t.stores.at(-1)).closed).toBe(true);
  });

  it('removes the key', async () => {
    const t = setup();
    await t.session.start();
    await t.session.removeKey();
    expect(t.session.phase).toBe('onboarding');
    expect(t.notify).toHaveBeenCalledWith(expect.stringMatching(/removed/), 'success');
  });

  it('updates settings and reports failures as data', async () => {
    const t = setup({
      'settings.update': (arg) =>
        (arg as { theme?: string }).theme === 'light'
          ? ok({ ...t.session.settings, theme: 'light' as const })
          : err({ kind: 'settings', message: 'bad', fields: [{ field: 'baseUrl', message: 'Use https' }] }),
    });
    await t.session.start();
    expect((await t.session.updateSettings({ theme: 'light' })).ok).toBe(true);
    expect(t.themes.at(-1)).toBe('light');
    const bad = await t.session.updateSettings({ baseUrl: 'http://example.com' });
    expect(bad.ok).toBe(false);
  });

  it('announces the outcome of a manual sync', async () => {
    const t = setup();
    await t.session.start();
    const store = must(t.stores[0]);
    store.metaValue = { ...store.metaValue, customerCount: 1234 };
    await t.session.syncNow();
    expect(store.fullRefresh).toHaveBeenCalledWith({ manual: true });
    expect(t.notify).toHaveBeenLastCalledWith(
      expect.stringMatching(/Sync complete — 1,234 customers/),
      'success',
    );
    store.progressValue = { ...store.progressValue, error: { kind: 'network', message: 'x' } };
    await t.session.syncNow();
    expect(t.notify).toHaveBeenLastCalledWith(expect.stringMatching(/Sync failed/), 'error');
  });

  it('does not start a second sync while one runs', async () => {
    const t = setup();
    await t.session.start();
    const store = must(t.stores[0]);
    store.progressValue = { ...store.progressValue, running: true };
    store.change();
    await t.session.syncNow();
    expect(store.fullRefresh).not.toHaveBeenCalled();
  });

  it('passes outbox actions to the store', async () => {
    const t = setup();
    await t.session.start();
    const store = must(t.stores[0]);
    await t.session.saveEdit('c1', { phone: '1' });
    expect(store.saveEdit).toHaveBeenCalledWith('c1', { phone: '1' });
    await t.session.discard('e1');
    expect(store.discard).toHaveBeenCalledWith('e1');
    await t.session.retryNow('e1');
    expect(store.retryNow).toHaveBeenCalledWith('e1');
    expect(await t.session.resolveConflict('e1', { phone: 'theirs' })).toBe(true);
    expect(store.resolveConflict).toHaveBeenCalledWith('e1', { phone: 'theirs' });
  });

  it('refuses to save with no account open', async () => {
    const t = setup();
    const result = await t.session.saveEdit('c1', { phone: '1' });
    expect(result.ok).toBe(false);
  });
});

describe('quotaWarning', () => {
  const q = { usedToday: 0, dailyLimit: 1000, exhaustedUntil: null, nextProbeAt: null };
  it('warns from 900 of 1,000 requests, and whenever the budget is spent', () => {
    expect(quotaWarning({ ...q, usedToday: 899 })).toBe(false);
    expect(quotaWarning({ ...q, usedToday: 900 })).toBe(true);
    expect(quotaWarning({ ...q, usedToday: 10, exhaustedUntil: '2025-03-13T00:00:00Z' })).toBe(true);
  });
});
