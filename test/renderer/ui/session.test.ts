import { afterEach, describe, expect, it, vi } from 'vitest';
import { err, ok } from '@contract/result';
import { AppModel } from '$lib/state/app-model.svelte';
import { quotaWarning } from '$lib/state/main-state.svelte';
import type { StoreOptions } from '$lib/state/model-types';
import { account, customer, entry, FakeStore, fakeApi, must, quotaState, settle } from './fakes';

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
  const model = new AppModel({
    api: fake.api,
    openStore,
    notify,
    applyTheme: (t) => themes.push(t),
  });
  return { ...fake, model, openStore, opened, stores, notify, themes };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('AppModel start', () => {
  it('shows onboarding when no key is configured, without opening a cache', async () => {
    const t = setup({ 'account.status': () => ok(account({ configured: false, accountId: null })) });
    await t.model.start();
    expect(t.model.phase).toBe('onboarding');
    expect(t.openStore).not.toHaveBeenCalled();
  });

  it('opens the account’s cache, loads main’s state and applies the theme', async () => {
    const t = setup();
    await t.model.start();
    expect(t.model.phase).toBe('ready');
    expect(t.opened[0]?.accountId).toBe('acct-1');
    expect(t.model.quota.usedToday).toBe(12);
    expect(t.model.settings.theme).toBe('dark');
    expect(t.themes).toEqual(['dark']);
    expect(t.model.info?.shell).toBe('browser-host');
  });

  it('hands the store live settings, quota and connectivity', async () => {
    const t = setup();
    await t.model.start();
    const opts = must(t.opened[0]);
    expect(opts.settings()).toMatchObject({
      pageSize: 1000,
      includeArchived: false,
      replayConcurrency: 4,
      autoRefreshHours: 6,
      freshCopyMinutes: 2,
    });
    t.emit('settings', { ...t.model.settings, freshCopyMinutes: 5 });
    expect(opts.settings().freshCopyMinutes).toBe(5);
    expect(opts.online()).toBe(true);
    t.emit('connectivity', { state: 'offline', nextCheckAt: null });
    expect(opts.online()).toBe(false);
    t.emit('quota', quotaState({ usedToday: 1000, exhausted: true }));
    expect(opts.quota()).toMatchObject({ usedToday: 1000, remaining: 0, exhausted: true });
  });

  it('replays on start when online, then checks whether a refresh is due', async () => {
    const t = setup();
    await t.model.start();
    const store = must(t.stores[0]);
    expect(store.replay).toHaveBeenCalledTimes(1);
    await settle();
    expect(store.maybeAutoRefresh).toHaveBeenCalledTimes(1);
  });

  it('does not replay on start while offline', async () => {
    // Main is offline: its state, and the probe the window asks for as it loads, both say so.
    const t = setup({
      'connectivity.get': () => ok({ state: 'offline' as const, nextCheckAt: null }),
      'connectivity.check': () => ok({ state: 'offline' as const, nextCheckAt: null }),
    });
    await t.model.start();
    expect(must(t.stores[0]).replay).not.toHaveBeenCalled();
  });

  it('fails visibly when main cannot report the account, and can retry', async () => {
    let fail = true;
    const t = setup({
      'account.status': () => (fail ? err({ kind: 'keychain', message: 'locked' }) : ok(account())),
    });
    await t.model.start();
    expect(t.model.phase).toBe('failed');
    expect(t.model.failure?.kind).toBe('keychain');
    fail = false;
    await t.model.retryStart();
    expect(t.model.phase).toBe('ready');
  });

  it('fails visibly when the cache cannot be opened', async () => {
    const t = setup();
    t.openStore.mockRejectedValueOnce(new Error('IndexedDB blocked'));
    await t.model.start();
    expect(t.model.phase).toBe('failed');
    expect(t.model.failure?.message).toMatch(/cache/);
  });

  it('fails visibly when the bridge itself is missing', async () => {
    const model = new AppModel({ api: undefined as never, openStore: vi.fn() });
    await model.start();
    expect(model.phase).toBe('failed');
  });
});

describe('AppModel events', () => {
  it('replays when connectivity comes back, not on every online report', async () => {
    // Main is offline: its state, and the probe the window asks for as it loads, both say so.
    const t = setup({
      'connectivity.get': () => ok({ state: 'offline' as const, nextCheckAt: null }),
      'connectivity.check': () => ok({ state: 'offline' as const, nextCheckAt: null }),
    });
    await t.model.start();
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

  it('keeps no timer of its own: over a simulated day it asks about a refresh only at open and on reconnect', async () => {
    vi.useFakeTimers({ now: Date.parse('2025-03-12T09:00:00Z') });
    const t = setup();
    await t.model.start();
    await settle();
    const store = must(t.stores[0]);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(store.maybeAutoRefresh).toHaveBeenCalledTimes(1);
    expect(store.replay).toHaveBeenCalledTimes(1);
    t.emit('connectivity', { state: 'offline', nextCheckAt: null });
    await vi.advanceTimersByTimeAsync(3_600_000);
    t.emit('connectivity', { state: 'online', nextCheckAt: null });
    await settle();
    expect(store.maybeAutoRefresh).toHaveBeenCalledTimes(2);
    expect(store.replay).toHaveBeenCalledTimes(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('goes to onboarding and closes the cache when the key is removed elsewhere', async () => {
    const t = setup();
    await t.model.start();
    t.emit('account', account({ configured: false, accountId: null }));
    await settle();
    expect(t.model.phase).toBe('onboarding');
    const store = must(t.stores[0]);
    expect(store.closed).toBe(true);
    expect(store.listenerCount).toBe(0);
    expect(store.noticeListenerCount).toBe(0);
    expect(t.model.store).toBeNull();
  });

  it('reopens the cache when the account changes, and ignores repeats of the same account', async () => {
    const t = setup();
    await t.model.start();
    t.emit('account', account());
    await settle();
    expect(t.openStore).toHaveBeenCalledTimes(1);
    t.emit('account', account({ accountId: 'acct-2' }));
    await settle();
    expect(t.openStore).toHaveBeenCalledTimes(2);
    expect(must(t.stores[0]).closed).toBe(true);
    expect(t.model.store?.accountId).toBe('acct-2');
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
    const starting = t.model.start();
    await settle();
    t.model.phase = 'ready';
    t.emit('account', account({ accountId: 'acct-2' }));
    await settle();
    release.open();
    await starting;
    expect(t.model.store?.accountId).toBe('acct-2');
  });

  it('keeps onboarding when an account event arrives before the user chose', async () => {
    const t = setup({ 'account.status': () => ok(account({ configured: false, accountId: null })) });
    await t.model.start();
    t.emit('account', account());
    await settle();
    expect(t.model.phase).toBe('onboarding');
    expect(t.model.account?.configured).toBe(true);
  });

  it('tracks quota, demo and settings events', async () => {
    const t = setup();
    await t.model.start();
    t.emit('demo', { active: true, reachable: false, customers: 50 });
    expect(t.model.demo.reachable).toBe(false);
    expect(t.model.isDemo).toBe(true);
    t.emit('settings', { ...t.model.settings, theme: 'light' });
    expect(t.themes.at(-1)).toBe('light');
  });

  it('stops listening on dispose', async () => {
    const t = setup();
    await t.model.start();
    expect(t.listenerCount('quota')).toBe(1);
    t.model.dispose();
    expect(t.listenerCount('quota')).toBe(0);
    expect(must(t.stores[0]).closed).toBe(true);
  });
});

describe('AppModel store reads', () => {
  it('reads meta, progress, outbox and cost from the open store', async () => {
    const t = setup();
    expect(t.model.meta.customerCount).toBe(0);
    expect(t.model.refreshCost).toBe(1);
    await t.model.start();
    const store = must(t.stores[0]);
    store.metaValue = { ...store.metaValue, customerCount: 5 };
    store.entries = [{ id: 'e1' } as never];
    store.change();
    expect(t.model.meta.customerCount).toBe(5);
    expect(t.model.outbox).toHaveLength(1);
    expect(t.model.refreshCost).toBe(3);
    expect(store.listenerCount).toBe(1);
  });

  it('reads customers and search results through the store', async () => {
    const t = setup();
    await t.model.start();
    const store = must(t.stores[0]);
    store.customers.set('c1', customer());
    store.change();
    expect(t.model.customer('c1')?.first_name).toBe('Ada');
    expect(t.model.customer(null)).toBeUndefined();
    expect(t.model.search({ text: 'ada' }).ids).toEqual(['c1']);
  });

  it('forwards id rewrites from the store', async () => {
    const t = setup();
    await t.model.start();
    const seen: string[] = [];
    t.model.onIdRewrite((from, to) => seen.push(`${from}>${to}`));
    must(t.stores[0]).rewriteId('local:1', 'rotor-1');
    expect(seen).toEqual(['local:1>rotor-1']);
  });
});

describe('AppModel actions', () => {
  it('connects a key and opens its account', async () => {
    const t = setup({ 'account.status': () => ok(account({ configured: false, accountId: null })) });
    await t.model.start();
    const result = await t.model.connect('  rk_live_1234567890  ');
    expect(result.ok).toBe(true);
    expect(t.calls.find((c) => c.channel === 'account.connect')?.arg).toEqual({
      apiKey: 'rk_live_1234567890',
    });
    expect(t.model.phase).toBe('ready');
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
    await t.model.start();
    const result = await t.model.connect('rk_live_1234567890');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/customers:read/);
    expect(t.model.phase).toBe('onboarding');
    expect(t.openStore).not.toHaveBeenCalled();
  });

  it('explains a rejected key in main’s words', async () => {
    const said =
      'Rotor did not accept this key. Check that you copied the whole key, or create a new one in Rotor.';
    const t = setup({ 'account.connect': () => err({ kind: 'auth', message: said }) });
    const result = await t.model.connect('rk_live_1234567890');
    expect(result.ok ? '' : result.error.message).toBe(said);
  });

  it('starts and leaves the demo', async () => {
    const t = setup({ 'account.status': () => ok(account({ configured: false, accountId: null })) });
    await t.model.start();
    await t.model.startDemo();
    expect(t.model.phase).toBe('ready');
    expect(t.opened.at(-1)?.accountId).toBe('demo');
    await t.model.leaveDemo();
    expect(t.model.phase).toBe('onboarding');
    expect(must(t.stores.at(-1)).closed).toBe(true);
  });

  it('removes the key', async () => {
    const t = setup();
    await t.model.start();
    await t.model.removeKey();
    expect(t.model.phase).toBe('onboarding');
    expect(t.notify).toHaveBeenCalledWith(expect.stringMatching(/removed/), 'success');
  });

  it('updates settings and reports failures as data', async () => {
    const t = setup({
      'settings.update': (arg) =>
        (arg as { theme?: string }).theme === 'light'
          ? ok({ ...t.model.settings, theme: 'light' as const })
          : err({ kind: 'settings', message: 'bad', fields: [{ field: 'baseUrl', message: 'Use https' }] }),
    });
    await t.model.start();
    expect((await t.model.updateSettings({ theme: 'light' })).ok).toBe(true);
    expect(t.themes.at(-1)).toBe('light');
    const bad = await t.model.updateSettings({ baseUrl: 'http://example.com' });
    expect(bad.ok).toBe(false);
  });

  it('says "Sync complete" only when the refresh completed, with the count it read', async () => {
    const t = setup();
    await t.model.start();
    const store = must(t.stores[0]);
    // The cache's count is not what a completed pass reports: the outcome is.
    store.metaValue = { ...store.metaValue, customerCount: 99 };
    store.refreshOutcome = { kind: 'completed', customers: 1234, skipped: 0 };
    await t.model.syncNow();
    expect(store.fullRefresh).toHaveBeenCalledWith({ manual: true });
    expect(t.notify).toHaveBeenLastCalledWith('Sync complete — 1,234 customers', 'success');

    store.refreshOutcome = { kind: 'completed', customers: 1231, skipped: 3 };
    await t.model.syncNow();
    expect(t.notify).toHaveBeenLastCalledWith(
      'Sync complete — 1,231 customers. 3 records from Rotor could not be read and were left out.',
      'warning',
    );
  });

  it('never says "Sync complete" when the refresh was held, blocked, failed or threw', async () => {
    const t = setup();
    await t.model.start();
    const store = must(t.stores[0]);
    const said = async (): Promise<[string, string]> => {
      await t.model.syncNow();
      return t.notify.mock.lastCall as [string, string];
    };
    store.refreshOutcome = { kind: 'held' };
    expect(await said()).toEqual([
      expect.stringMatching(/Another Rotor Desk window is already refreshing/),
      'info',
    ]);
    store.refreshOutcome = { kind: 'blocked', error: { kind: 'network', message: 'offline' } };
    expect(await said()).toEqual(['Sync did not start: offline', 'warning']);
    store.refreshOutcome = { kind: 'failed', error: { kind: 'bad_response', message: 'page repeated' } };
    expect(await said()).toEqual(['Sync failed: page repeated', 'error']);
    store.fullRefresh.mockRejectedValueOnce(new Error('IndexedDB aborted'));
    expect(await said()).toEqual([expect.stringMatching(/^Sync failed/), 'error']);
    expect(t.model.syncing).toBe(false);
    expect(t.notify.mock.calls.some(([m]) => /Sync complete/.test(String(m)))).toBe(false);
  });

  it('sends what waits before refreshing, unless sending is paused', async () => {
    const t = setup();
    await t.model.start();
    await settle();
    const store = must(t.stores[0]);
    store.replay.mockClear();
    store.metaValue = { ...store.metaValue, pendingCount: 2 };
    await t.model.syncNow();
    expect(store.replay).toHaveBeenCalledTimes(1);
    expect(store.replay.mock.invocationCallOrder[0]).toBeLessThan(
      must(store.fullRefresh.mock.invocationCallOrder[0]),
    );
    store.pausedValue = { kind: 'auth', message: 'rejected', retryAt: null };
    await t.model.syncNow();
    expect(store.replay).toHaveBeenCalledTimes(1);
    expect(store.fullRefresh).toHaveBeenCalledTimes(2);
  });

  it('does not start a second sync while one runs', async () => {
    const t = setup();
    await t.model.start();
    const store = must(t.stores[0]);
    store.progressValue = { ...store.progressValue, running: true };
    store.change();
    await t.model.syncNow();
    expect(store.fullRefresh).not.toHaveBeenCalled();
  });

  it('passes outbox actions to the store', async () => {
    const t = setup();
    await t.model.start();
    const store = must(t.stores[0]);
    await t.model.saveEdit('c1', { phone: '1' });
    expect(store.saveEdit).toHaveBeenCalledWith('c1', { phone: '1' });
    await t.model.discard('e1');
    expect(store.discard).toHaveBeenCalledWith('e1');
    await t.model.retryNow('e1');
    expect(store.retryNow).toHaveBeenCalledWith('e1');
    expect(await t.model.resolveConflict('e1', { phone: 'theirs' })).toEqual({
      ok: true,
      data: { left: 'pending' },
    });
    expect(store.resolveConflict).toHaveBeenCalledWith('e1', { phone: 'theirs' });
  });

  it('refuses to save with no account open', async () => {
    const t = setup();
    const result = await t.model.saveEdit('c1', { phone: '1' });
    expect(result.ok).toBe(false);
  });
});

describe('quotaWarning', () => {
  it('warns from main’s remaining budget (100 of 1,000 left), and whenever main says it is spent', () => {
    expect(quotaWarning(quotaState({ usedToday: 899 }))).toBe(false);
    expect(quotaWarning(quotaState({ usedToday: 900 }))).toBe(true);
    // Main may know less remains than this app spent (a shared key): its `remaining` decides.
    expect(quotaWarning(quotaState({ usedToday: 10, remaining: 50 }))).toBe(true);
    expect(quotaWarning(quotaState({ usedToday: 10, remaining: 990, exhausted: true }))).toBe(true);
  });
});

describe('AppModel and the data layer’s notices', () => {
  it('turns each DataNotice into a toast with a clear sentence, until the store is closed', async () => {
    const t = setup();
    await t.model.start();
    const store = must(t.stores[0]);
    store.notice({ kind: 'matched_existing', customerId: 'c9', name: 'Ada Lovelace' });
    expect(t.notify).toHaveBeenLastCalledWith(
      'Rotor already had Ada Lovelace (matched by phone or email): your new customer was merged into it.',
      'info',
    );
    store.notice({ kind: 'sent_unchecked', customerId: 'c1', name: 'Ada Lovelace' });
    expect(t.notify).toHaveBeenLastCalledWith(
      expect.stringMatching(/without first reading Rotor’s copy/),
      'warning',
    );
    store.notice({ kind: 'conflict_before_send', customerId: 'c1', name: 'Ada Lovelace' });
    expect(t.notify).toHaveBeenLastCalledWith(
      expect.stringMatching(/changed since you edited it, so your change was not sent/),
      'warning',
    );
    t.model.dispose();
    expect(store.noticeListenerCount).toBe(0);
  });
});

describe('AppModel while sending is paused', () => {
  async function paused(kind: 'auth' | 'quota') {
    const t = setup();
    await t.model.start();
    await settle();
    const store = must(t.stores[0]);
    store.entries = [entry({ state: 'failed', lastError: { kind: 'auth', message: '401' } })];
    store.metaValue = { ...store.metaValue, failedCount: 1 };
    store.pausedValue = {
      kind,
      message: 'paused',
      retryAt: kind === 'quota' ? '2025-03-13T00:00:00Z' : null,
    };
    store.change();
    t.notify.mockClear();
    return { ...t, store };
  }

  it('"Retry now" hands the entry to the store, then says why nothing went', async () => {
    const t = await paused('auth');
    await t.model.retryNow('e1');
    expect(t.store.retryNow).toHaveBeenCalledWith('e1');
    expect(t.notify).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Not sent: sending is paused because Rotor no longer accepts the API key\. Your changes are kept\. Replace the key in Settings/,
      ),
      'warning',
    );
  });

  it('"Send all now" says when sending resumes during a quota pause', async () => {
    const t = await paused('quota');
    await t.model.sendAll();
    expect(t.store.replay).toHaveBeenCalled();
    expect(t.notify).toHaveBeenCalledWith(
      expect.stringMatching(
        /today’s 1,000 API requests are used up\..*Sending resumes after .*\(00:00 UTC\)\.$/,
      ),
      'warning',
    );
  });

  it('says nothing extra when the send went ahead', async () => {
    const t = await paused('auth');
    t.store.pausedValue = null;
    await t.model.sendAll();
    await t.model.retryNow('e1');
    expect(t.notify).not.toHaveBeenCalled();
  });

  it('"Try sending again" asks the store to lift the pause, and says so when it holds', async () => {
    const t = await paused('auth');
    await t.model.resume();
    expect(t.store.resume).toHaveBeenCalledTimes(1);
    expect(t.notify).toHaveBeenCalledWith(expect.stringMatching(/^Not sent: sending is paused/), 'warning');
  });

  it('lifts a key pause when a key for the same account is accepted', async () => {
    const t = await paused('auth');
    const result = await t.model.connect('rk_live_1234567890');
    expect(result.ok).toBe(true);
    expect(t.openStore).toHaveBeenCalledTimes(1);
    expect(t.store.resume).toHaveBeenCalledTimes(1);
  });
});

describe('AppModel and changes left in another account', () => {
  const other = account({ accountId: 'acct-2', hint: 'wxyz' });

  async function withWaiting(handlers: Parameters<typeof fakeApi>[0] = {}) {
    const t = setup(handlers);
    await t.model.start();
    const store = must(t.stores[0]);
    store.entries = [entry({ id: 'e1' }), entry({ id: 'e2', customerId: 'c2' })];
    store.change();
    return t;
  }

  it('warns with the count when a key of another company opens another account', async () => {
    const t = await withWaiting({
      'account.connect': () =>
        ok({
          companyId: 'co-2',
          userId: null,
          scopes: ['customers:read', 'customers:write'],
          missingScopes: [],
          status: other,
        }),
    });
    await t.model.connect('rk_live_other_company');
    expect(t.model.store?.accountId).toBe('acct-2');
    expect(t.model.leftBehind).toEqual({ accountId: 'acct-1', count: 2, label: 'the key ending in …abcd' });
    expect(t.notify).toHaveBeenLastCalledWith(
      'Another Rotor account is open. 2 changes for the key ending in …abcd stay on this computer and are sent when you connect that key again.',
      'warning',
    );
  });

  it('forgets them once their own account is open again', async () => {
    const t = await withWaiting();
    t.emit('account', other);
    await settle();
    expect(t.model.leftBehind?.count).toBe(2);
    t.emit('account', account());
    await settle();
    expect(t.model.store?.accountId).toBe('acct-1');
    expect(t.model.leftBehind).toBeNull();
  });

  it('says on removing the key that its changes stay and are sent when it is connected again', async () => {
    const t = await withWaiting();
    await t.model.removeKey();
    expect(t.notify).toHaveBeenLastCalledWith(
      'API key removed from this computer. 2 changes stay here and will be sent when you connect this key again.',
      'success',
    );
    expect(t.model.leftBehind?.count).toBe(2);
  });

  it('does not repeat the warning when the demo opens (onboarding asked first)', async () => {
    const t = await withWaiting();
    await t.model.removeKey();
    t.notify.mockClear();
    await t.model.startDemo();
    expect(t.model.store?.accountId).toBe('demo');
    expect(t.notify).not.toHaveBeenCalled();
    expect(t.model.leftBehind?.accountId).toBe('acct-1');
  });
});
