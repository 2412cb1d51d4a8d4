/**
 * Replay, the sync and the outbox writers come from a chunk the window loads on first use
 * (lazy-engines.ts). It loads once; a load that fails is answered as data by whatever needed it, and
 * the next trigger loads again.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Engines } from '$lib/data/store/lazy-engines';
import { CHANGE_NOT_SAVED, ENGINES_NOT_LOADED, LazyEngines } from '$lib/data/store/lazy-engines';
import type { LocalDataStore } from '$lib/data/store/store';
import type { DataNotice } from '$lib/data/types';
import { noticeToast } from '$lib/state/outcomes';
import { must, syncedHarness } from './helpers';

const real = (): Promise<Engines> => import('$lib/data/store/engines');

/** A loader that fails while `failing` is set, and counts its calls. */
function flakyLoader() {
  const state = { failing: true, calls: 0 };
  const load = vi.fn(async (): Promise<Engines> => {
    state.calls++;
    if (state.failing) throw new TypeError('Failed to fetch dynamically imported module');
    return real();
  });
  return { state, load };
}

let open: LocalDataStore[] = [];
afterEach(() => {
  for (const s of open) s.close();
  open = [];
});

describe('LazyEngines', () => {
  it('loads on the first get, once for callers that overlap, and keeps what it loaded', async () => {
    const load = vi.fn(real);
    const engines = new LazyEngines(load);
    expect(load).not.toHaveBeenCalled();
    const [a, b] = await Promise.all([engines.get(), engines.get()]);
    expect(a.ok && b.ok).toBe(true);
    await engines.get();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('answers a failed load as data and tries again on the next get', async () => {
    const { state, load } = flakyLoader();
    const engines = new LazyEngines(load);
    await expect(engines.get()).resolves.toEqual({ ok: false, error: ENGINES_NOT_LOADED });
    await expect(engines.get()).resolves.toEqual({ ok: false, error: ENGINES_NOT_LOADED });
    state.failing = false;
    await expect(engines.get()).resolves.toMatchObject({ ok: true });
    await engines.get();
    expect(state.calls).toBe(3);
  });
});

describe('the store without its engines', () => {
  it('loads them once the cache is in, and once only, whatever then sends or refreshes', async () => {
    const load = vi.fn(real);
    const h = await syncedHarness([{ first_name: 'Ann' }], { extra: { loadEngines: load } });
    open.push(h.store);
    expect(load).toHaveBeenCalledTimes(1);
    await h.store.saveEdit(h.id(0), { notes: 'x' });
    h.net.online = true;
    await h.store.replay();
    await h.store.fullRefresh({ manual: true });
    expect(h.rotor.callsOf('upsert')).toHaveLength(1);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('says what could not be loaded, sends and saves nothing meanwhile, and retries at the next trigger', async () => {
    const h = await syncedHarness([{ first_name: 'Ann' }, { first_name: 'Bob' }]);
    open.push(h.store);
    await h.store.saveEdit(h.id(0), { notes: 'queued before' });
    h.store.close();
    // A reload whose engines' chunk does not arrive (a disk error, an install replaced underneath).
    const { state, load } = flakyLoader();
    const store = await h.reopen({ loadEngines: load });
    open.push(store);
    const notices: DataNotice[] = [];
    store.onNotice((n) => notices.push(n));
    // The background load after opening failed quietly: nobody had asked for anything yet.
    expect(state.calls).toBe(1);
    expect(notices).toEqual([]);

    h.net.online = true;
    await store.replay();
    expect(notices).toEqual([{ kind: 'not_loaded', message: ENGINES_NOT_LOADED.message }]);
    expect(noticeToast(must(notices[0]))).toEqual({
      message: `Your changes were not sent: ${ENGINES_NOT_LOADED.message}`,
      tone: 'error',
    });
    await expect(store.fullRefresh({ manual: true })).resolves.toEqual({
      kind: 'failed',
      error: ENGINES_NOT_LOADED,
    });
    expect(store.progress().error).toEqual(ENGINES_NOT_LOADED);
    await expect(store.refreshOne(h.id(1))).resolves.toEqual({ ok: false, error: ENGINES_NOT_LOADED });
    await expect(store.saveEdit(h.id(1), { notes: 'typed now' })).resolves.toEqual(CHANGE_NOT_SAVED);
    const entry = must(store.entryFor(h.id(0)));
    await expect(store.discard(entry.id)).rejects.toThrow(ENGINES_NOT_LOADED.message);
    expect(store.outbox()).toHaveLength(1);
    expect(h.rotor.callsOf('upsert')).toHaveLength(0);
    expect(h.rotor.callsOf('list')).toHaveLength(1); // the first sync's, before the reload

    // The chunk arrives: the next trigger sends what waited, and the store works as before.
    state.failing = false;
    await store.replay();
    expect(h.rotor.callsOf('upsert')).toHaveLength(1);
    expect(store.outbox()).toHaveLength(0);
    await expect(store.saveEdit(h.id(1), { notes: 'typed now' })).resolves.toMatchObject({ ok: true });
    await store.replay();
    expect(h.rotor.callsOf('upsert')).toHaveLength(2);
    expect(notices).toHaveLength(1);
  });
});
