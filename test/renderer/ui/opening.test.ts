/**
 * The app model's side of opening a cache: progress from the store shown until every row is in (on the
 * opening screen, then the count line), and the remembered account's cache opened while main answers,
 * but shown only once main confirms that account is the current one.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Result } from '@contract/result';
import type { AccountStatus } from '@contract/state';
import { AppModel } from '$lib/state/app-model.svelte';
import type { LastAccount, StoreOptions } from '$lib/state/model-types';
import { FakeStore, account, fakeApi, settle } from './fakes';

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

/** main's account status, answered only when `answer` is called. */
function heldStatus(): { handler: () => Promise<Result<AccountStatus>>; answer: (s: AccountStatus) => void } {
  let answer: (s: AccountStatus) => void = () => undefined;
  const held = new Promise<Result<AccountStatus>>((resolve) => {
    answer = (s) => resolve({ ok: true, data: s });
  });
  return { handler: () => held, answer };
}

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
