/**
 * Reactive reads over the open account's cache: what views show of it (counts, progress, the outbox,
 * costs, the pause, one customer, search). Each read depends on the open cache's change counter, so a
 * view re-runs when the store reports a change; with no cache open each answers the data layer's
 * empty value.
 */
import type {
  DataStore,
  Delivery,
  EditableFields,
  ImportGroup,
  LocalCustomer,
  OutboxEntry,
  PausedReason,
  SearchQuery,
  SearchResult,
} from '$lib/data/types';
import { EMPTY_DATA_META, IDLE_PROGRESS, NO_SEARCH_RESULT } from '$lib/data/types';
import type { OpenCache } from './open-cache.svelte';

export class CacheViews {
  readonly #cache: OpenCache;

  constructor(cache: OpenCache) {
    this.#cache = cache;
  }

  /** Reads from the store, registering a dependency on its change counter. */
  #read<T>(read: (store: DataStore) => T, fallback: T): T {
    // Reading the version is what makes callers re-run when the store reports a change.
    const store = this.#cache.store;
    if (this.#cache.version < 0 || !store) return fallback;
    return read(store);
  }

  meta = $derived.by(() => this.#read((s) => s.meta(), EMPTY_DATA_META));
  progress = $derived.by(() => this.#read((s) => s.progress(), IDLE_PROGRESS));
  outbox = $derived.by(() => this.#read((s) => s.outbox(), [] as OutboxEntry[]));
  tagsPresent = $derived.by(() => this.#read((s) => s.tagsPresent(), [] as readonly string[]));
  refreshCost = $derived.by(() => this.#read((s) => s.refreshCost(), 1));
  /** Requests sending what waits would cost now, the reads of Rotor's copy included. */
  sendCost = $derived.by(() => this.#read((s) => s.sendCost(), 0));
  /** Why the outbox is holding every change back (key rejected, quota spent, account switched), if it is. */
  paused = $derived.by(() => this.#read<PausedReason | null>((s) => s.pausedReason(), null));
  /** Changes Rotor accepted today, newest first (the Pending screen's Sent section). */
  sentToday = $derived.by(() => this.#read((s) => s.deliveriesToday(), [] as Delivery[]));
  /** Confirmed imports with their progress (Pending changes' cards). */
  imports = $derived.by(() => this.#read((s) => s.importGroups(), [] as ImportGroup[]));

  customer(id: string | null | undefined): LocalCustomer | undefined {
    return id ? this.#read((s) => s.get(id), undefined) : undefined;
  }

  entryFor(customerId: string | null | undefined): OutboxEntry | undefined {
    return customerId ? this.#read((s) => s.entryFor(customerId), undefined) : undefined;
  }

  search(query: SearchQuery): SearchResult {
    return this.#read((s) => s.search(query), NO_SEARCH_RESULT);
  }

  findUpsertMatch(fields: Pick<EditableFields, 'phone' | 'email'>): LocalCustomer | undefined {
    return this.#read((s) => s.findUpsertMatch(fields), undefined);
  }
}
