import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountStatus } from '@contract/state';
import { CHANGE_COALESCE_MS, OpenCache } from '$lib/state/open-cache.svelte';
import { FakeStore } from './fakes';

const STATUS = { accountId: 'acc-1' } as AccountStatus;

describe('OpenCache change counter', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function open() {
    const cache = new OpenCache(() => undefined);
    const store = new FakeStore('acc-1');
    cache.attach(store, STATUS, false);
    vi.advanceTimersByTime(CHANGE_COALESCE_MS);
    return { cache, store };
  }

  it('shows the first change of a quiet spell at once', () => {
    const { cache, store } = open();
    const before = cache.version;
    store.change();
    expect(cache.version).toBe(before + 1);
  });

  it('re-renders a burst of changes once more at its end, never later than the coalescing window', () => {
    const { cache, store } = open();
    const before = cache.version;
    store.change();
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(1);
      store.change();
    }
    // The first showed at once; the other 20 wait for one trailing bump.
    expect(cache.version).toBe(before + 1);
    vi.advanceTimersByTime(CHANGE_COALESCE_MS);
    expect(cache.version).toBe(before + 2);
    // Quiet for a whole window again: the next change shows at once.
    vi.advanceTimersByTime(CHANGE_COALESCE_MS);
    store.change();
    expect(cache.version).toBe(before + 3);
  });

  it('a store closed mid-burst leaves no bump behind', () => {
    const { cache, store } = open();
    store.change();
    store.change();
    const at = cache.version;
    cache.close();
    vi.advanceTimersByTime(CHANGE_COALESCE_MS * 2);
    expect(cache.version).toBe(at);
  });
});

describe('Intl formatters', () => {
  it('are built once per locale and options', async () => {
    const { dateTimeFormat, numberFormat } = await import('$lib/format/intl');
    expect(numberFormat('en-US')).toBe(numberFormat('en-US'));
    expect(numberFormat('de-DE').format(1234.5)).toBe('1.234,5');
    expect(dateTimeFormat('en-US', { dateStyle: 'medium' })).not.toBe(
      dateTimeFormat('en-US', { timeStyle: 'short' }),
    );
  });
});
