import { describe, expect, it, vi } from 'vitest';
import type { AccountStatus } from '@contract/state';
import { nextTask } from '$lib/data/next-task';
import { OpenCache } from '$lib/state/open-cache.svelte';
import { FakeStore } from './fakes';

const STATUS = { accountId: 'acc-1' } as AccountStatus;

describe('OpenCache change counter', () => {
  function open() {
    const cache = new OpenCache(() => undefined);
    const store = new FakeStore('acc-1');
    cache.attach(store, STATUS, false);
    return { cache, store };
  }

  it("shows a task's first change at once and the rest of that task's changes once after it", async () => {
    const { cache, store } = open();
    const before = cache.version;
    for (let i = 0; i < 20; i++) store.change();
    expect(cache.version).toBe(before + 1);
    await vi.waitFor(() => expect(cache.version).toBe(before + 2));
    await nextTask();
    expect(cache.version).toBe(before + 2);
    // A later task's change shows at once again.
    store.change();
    expect(cache.version).toBe(before + 3);
  });

  it('needs no timer: a paused clock does not hold the views back', async () => {
    vi.useFakeTimers();
    try {
      const { cache, store } = open();
      const before = cache.version;
      store.change();
      store.change();
      await nextTask();
      await nextTask();
      expect(cache.version).toBe(before + 2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a store closed before its re-render leaves no bump behind', async () => {
    const { cache, store } = open();
    store.change();
    store.change();
    const at = cache.version;
    cache.close();
    await nextTask();
    await nextTask();
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
