import { describe, expect, it, vi } from 'vitest';
import type { SearchQuery } from '$lib/data/types';
import { createAppState } from '$lib/state/app';
import { Clock } from '$lib/state/clock.svelte';
import { Dialogs } from '$lib/state/dialogs.svelte';
import { CustomerListState } from '$lib/state/list.svelte';
import { Nav } from '$lib/state/nav.svelte';
import { Notices } from '$lib/state/notices.svelte';
import { customer, FakeStore, fakeApi, must } from './fakes';
import { listResult } from '$lib/search/result';

function listOver(ids: string[]) {
  const search = vi.fn((q: SearchQuery) => {
    const hits = ids.filter((id) => id.includes(q.text));
    return listResult(hits);
  });
  return { list: new CustomerListState({ search }), search };
}

describe('CustomerListState', () => {
  it('searches with the whole query', () => {
    const { list, search } = listOver(['a1', 'a2', 'b1']);
    list.text = 'a';
    list.status = 'active';
    list.toggleTag('vip');
    list.pendingOnly = true;
    list.sort = 'newest';
    expect(list.results.ids).toEqual(['a1', 'a2']);
    expect(search).toHaveBeenLastCalledWith({
      text: 'a',
      status: 'active',
      tags: ['vip'],
      pendingOnly: true,
      sort: 'newest',
    });
    expect(list.filtersActive).toBe(true);
  });

  it('moves the cursor through results and keeps it by id', () => {
    const { list } = listOver(['a1', 'a2', 'a3', 'b1']);
    expect(list.move('ArrowDown', 10)).toBe('a1');
    expect(list.move('ArrowDown', 10)).toBe('a2');
    expect(list.move('End', 10)).toBe('b1');
    list.setActive('a2');
    list.text = 'a';
    expect(list.activeIndex).toBe(1);
    list.text = 'b';
    expect(list.activeIndex).toBe(-1);
    expect(list.move('ArrowDown', 10)).toBe('b1');
  });

  it('enters from the search box at the best match, or where the cursor already is', () => {
    const { list } = listOver(['a1', 'a2', 'a3']);
    expect(list.enterFromSearch(10)).toBe('a1');
    expect(list.activeId).toBe('a1');
    list.setActive('a3');
    expect(list.enterFromSearch(10)).toBe('a3');
  });

  it('opens from the search box the customer under the cursor, else the best match', () => {
    const { list } = listOver(['a1', 'a2']);
    expect(list.openFromSearch()).toBe('a1');
    list.setActive('a2');
    expect(list.openFromSearch()).toBe('a2');
    list.setActive('gone');
    expect(list.openFromSearch()).toBe('a1');
    expect(listOver([]).list.openFromSearch()).toBeNull();
  });

  it('lands on the selected customer when focus arrives with no cursor', () => {
    const { list } = listOver(['a1', 'a2', 'a3']);
    expect(list.land('a2')).toBe(true);
    expect(list.activeId).toBe('a2');
    // A cursor already placed stays put.
    list.setActive('a3');
    expect(list.land('a1')).toBe(false);
    expect(list.activeId).toBe('a3');
    // A selection not in the results falls back to the first row.
    list.setActive(null);
    expect(list.land('b9')).toBe(true);
    expect(list.activeId).toBe('a1');
    expect(listOver([]).list.land('a1')).toBe(false);
  });

  it('has no cursor in an empty list', () => {
    const { list } = listOver([]);
    expect(list.move('ArrowDown', 10)).toBeNull();
  });

  it('toggles tags and clears everything', () => {
    const { list } = listOver(['a']);
    list.toggleTag('x');
    list.toggleTag('y');
    list.toggleTag('x');
    expect(list.tags).toEqual(['y']);
    list.text = 'q';
    list.clearFilters();
    expect(list.searching).toBe(false);
    expect(list.tags).toEqual([]);
  });
});

describe('Nav', () => {
  it('navigates and remembers the selected customer across views', async () => {
    const nav = new Nav();
    await nav.showCustomer('c1');
    expect(nav.hash).toBe('#/customers/c1');
    await nav.go({ name: 'pending' });
    expect(nav.hash).toBe('#/pending');
    await nav.go({ name: 'customers', id: null });
    expect(nav.selectedId).toBe('c1');
  });

  it('asks the guard before leaving, and stays when it says no', async () => {
    const nav = new Nav();
    await nav.go({ name: 'edit', id: 'c1' });
    const guard = vi.fn(async () => false);
    nav.setGuard(guard);
    expect(await nav.go({ name: 'pending' })).toBe(false);
    expect(nav.view).toEqual({ name: 'edit', id: 'c1' });
    guard.mockResolvedValueOnce(true);
    expect(await nav.go({ name: 'pending' })).toBe(true);
    expect(nav.view.name).toBe('pending');
  });

  it('skips the guard when forced (after a save), and drops it after leaving', async () => {
    const nav = new Nav();
    const guard = vi.fn(async () => false);
    nav.setGuard(guard);
    expect(await nav.go({ name: 'settings' }, { force: true })).toBe(true);
    expect(guard).not.toHaveBeenCalled();
    expect(await nav.go({ name: 'pending' })).toBe(true);
  });

  it('lets a stale guard remove only itself', () => {
    const nav = new Nav();
    const off = nav.setGuard(async () => false);
    nav.setGuard(async () => true);
    off();
    return expect(nav.go({ name: 'pending' })).resolves.toBe(true);
  });

  it('asks for search focus, going to the list first', async () => {
    const nav = new Nav();
    await nav.go({ name: 'settings' });
    await nav.focusSearch();
    expect(nav.view.name).toBe('customers');
    expect(nav.searchFocusPending).toBe(true);
  });

  it('"Open settings" from the pause banner lands on Settings asking for the key field', async () => {
    const nav = new Nav();
    expect(await nav.fixKey()).toBe(true);
    expect(nav.view.name).toBe('settings');
    expect(nav.keyFocusPending).toBe(true);
  });

  it('asks for nothing when an unsaved form keeps the user where they are', async () => {
    const nav = new Nav();
    await nav.go({ name: 'edit', id: 'c1' });
    nav.setGuard(async () => false);
    expect(await nav.fixKey()).toBe(false);
    expect(nav.view.name).toBe('edit');
    expect(nav.keyFocusPending).toBe(false);
  });

  it('restores from the hash', () => {
    const nav = new Nav();
    nav.fromHash('#/customers/abc');
    expect(nav.selectedId).toBe('abc');
    nav.fromHash('#/settings');
    expect(nav.view.name).toBe('settings');
  });
});

describe('Dialogs', () => {
  it('resolves with the answer and closes', async () => {
    const dialogs = new Dialogs();
    const answer = dialogs.confirm({ title: 'Discard?', message: 'm', confirmLabel: 'Discard change' });
    expect(dialogs.current?.title).toBe('Discard?');
    dialogs.settle(true);
    await expect(answer).resolves.toBe(true);
    expect(dialogs.current).toBeNull();
  });

  it('answers an open dialog "no" when another replaces it', async () => {
    const dialogs = new Dialogs();
    const first = dialogs.confirm({ title: 'A', message: '', confirmLabel: 'OK' });
    const second = dialogs.confirm({ title: 'B', message: '', confirmLabel: 'OK' });
    await expect(first).resolves.toBe(false);
    dialogs.settle(true);
    await expect(second).resolves.toBe(true);
  });

  it('counts a view modal as open until its release, released once however often it is called', () => {
    const dialogs = new Dialogs();
    expect(dialogs.open).toBe(false);
    const release = dialogs.hold();
    const other = dialogs.hold();
    expect(dialogs.open).toBe(true);
    release();
    release();
    expect(dialogs.open).toBe(true);
    other();
    expect(dialogs.open).toBe(false);
    void dialogs.confirm({ title: 'A', message: '', confirmLabel: 'OK' });
    expect(dialogs.open).toBe(true);
  });
});

describe('Notices and Clock', () => {
  it('keeps the latest notice and dismisses only the one asked for', () => {
    const notices = new Notices();
    notices.announce('Saved — will sync when online', 'success');
    const first = must(notices.current).id;
    notices.announce('Second');
    notices.dismiss(first);
    expect(notices.current?.message).toBe('Second');
    notices.dismiss();
    expect(notices.current).toBeNull();
  });

  it('ticks on its interval and stops', () => {
    let now = 1000;
    const timer = { fire: (): void => undefined };
    const clear = vi.fn();
    const clock = new Clock({
      now: () => now,
      setInterval: (fn) => {
        timer.fire = fn;
        return 7;
      },
      clearInterval: clear,
    });
    const stop = clock.start(15_000);
    now = 2000;
    timer.fire();
    expect(clock.now).toBe(2000);
    stop();
    expect(clear).toHaveBeenCalledWith(7);
  });
});

describe('createAppState', () => {
  it('wires notices into the app model and follows id rewrites', async () => {
    const fake = fakeApi();
    const stores: FakeStore[] = [];
    const app = createAppState({
      api: fake.api,
      openStore: async (opts) => {
        const store = new FakeStore(opts.accountId);
        stores.push(store);
        return store;
      },
      applyTheme: () => undefined,
    });
    await app.model.start();
    const store = must(stores[0]);
    store.customers.set('local:1', customer({ id: 'local:1' }));
    app.nav.select('local:1');
    app.list.setActive('local:1');
    store.rewriteId('local:1', 'rotor-1');
    expect(app.nav.selectedId).toBe('rotor-1');
    expect(app.list.activeId).toBe('rotor-1');
    await app.model.removeKey();
    expect(app.notices.current?.message).toMatch(/removed/);
  });
});
