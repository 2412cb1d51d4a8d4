/** The opening screen's progress comes from the store being opened, and is gone once it is open. */
import { describe, expect, it, vi } from 'vitest';
import { AppModel } from '$lib/state/app-model.svelte';
import type { StoreOptions } from '$lib/state/model-types';
import { FakeStore, fakeApi } from './fakes';

describe('opening a cache', () => {
  it('shows the rows read while opening, and nothing once ready', async () => {
    const fake = fakeApi({});
    const seenWhileOpening: unknown[] = [];
    let model: AppModel | null = null;
    const openStore = vi.fn(async (opts: StoreOptions) => {
      opts.onLoadProgress?.({ total: 20_000, read: 8_000, stage: 'reading' });
      seenWhileOpening.push(model?.phase, model?.loading);
      return new FakeStore(opts.accountId);
    });
    model = new AppModel({ api: fake.api, openStore });
    await model.start();
    expect(seenWhileOpening).toEqual(['opening', { total: 20_000, read: 8_000, stage: 'reading' }]);
    expect(model.phase).toBe('ready');
    expect(model.loading).toBeNull();
  });
});
