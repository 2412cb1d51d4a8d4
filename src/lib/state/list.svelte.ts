/**
 * The customer list's query (text, filters, sort) and its keyboard cursor. Results come straight from
 * the DataStore's synchronous search, recomputed when the query or the cache changes.
 */
import type { CustomerStatus } from '@contract/customer';
import type { SearchQuery, SearchResult, SortKey, SyncProgress } from '$lib/data/types';
import { formatCount, formatNumber } from '$lib/format/number';
import type { LoadProgress } from '$lib/data/store/read-rows';
import { openingText } from './opening-text';
import { textKind } from '$lib/search/query';
import { nextIndex } from './keyboard';
import type { NavKey } from './keyboard';

export const SORT_LABELS: Record<SortKey, string> = {
  name: 'Name (A–Z)',
  newest: 'Newest first',
  company: 'Company (A–Z)',
};

export interface Searchable {
  search(query: SearchQuery): SearchResult;
}

export class CustomerListState {
  text = $state('');
  status = $state<CustomerStatus | null>(null);
  tags = $state<string[]>([]);
  pendingOnly = $state(false);
  sort = $state<SortKey>('name');
  /** The keyboard cursor, tracked by id so it survives results being re-sorted or refreshed. */
  activeId = $state<string | null>(null);

  readonly #source: Searchable;

  constructor(source: Searchable) {
    this.#source = source;
  }

  query = $derived<SearchQuery>({
    text: this.text,
    status: this.status,
    tags: [...this.tags],
    pendingOnly: this.pendingOnly,
    sort: this.sort,
  });

  results = $derived.by(() => this.#source.search(this.query));

  activeIndex = $derived(this.activeId === null ? -1 : this.results.indexOf(this.activeId));

  filtersActive = $derived(this.status !== null || this.tags.length > 0 || this.pendingOnly);

  /** The text has no letter or digit to look for ("@", "-", an emoji): it matches no one, and says why. */
  unsearchable = $derived(textKind(this.text) === 'unsearchable');

  searching = $derived(this.text !== '' || this.filtersActive);

  /**
   * The customer is on this computer but the text or filters leave it out of the results: the detail
   * must not go on offering it for editing as if it were in the list.
   */
  hides(id: string | null, cached: boolean): boolean {
    return id !== null && cached && this.searching && !this.results.has(id);
  }

  /** Clears the text and filters and puts the cursor on `id` (to show a customer they were hiding). */
  showAll(id: string | null): void {
    this.clearFilters();
    this.activeId = id;
  }

  toggleTag(tag: string): void {
    this.tags = this.tags.includes(tag) ? this.tags.filter((t) => t !== tag) : [...this.tags, tag];
  }

  clearFilters(): void {
    this.text = '';
    this.status = null;
    this.tags = [];
    this.pendingOnly = false;
  }

  /** Moves the cursor; returns the newly active id (or null when the list is empty). */
  move(key: NavKey, pageSize: number): string | null {
    const results = this.results;
    const index = nextIndex(this.activeIndex, key, results.total, pageSize);
    this.activeId = index >= 0 ? (results.at(index) ?? null) : null;
    return this.activeId;
  }

  /** ↓ from the search box: the cursor stays where it is, or goes to the best match if there is none. */
  enterFromSearch(pageSize: number): string | null {
    return this.activeIndex < 0 ? this.move('ArrowDown', pageSize) : this.activeId;
  }

  /** Enter in the search box opens the customer under the cursor, else the best match. */
  openFromSearch(): string | null {
    return this.activeIndex >= 0 ? this.activeId : (this.results.at(0) ?? null);
  }

  /**
   * Focus arriving in the list with no cursor puts it on the selected customer when listed, else on
   * the first; returns whether the cursor moved.
   */
  land(selectedId: string | null): boolean {
    const results = this.results;
    if (this.activeIndex >= 0 || results.total === 0) return false;
    this.activeId = selectedId && results.has(selectedId) ? selectedId : (results.at(0) ?? null);
    return true;
  }

  setActive(id: string | null): void {
    this.activeId = id;
  }
}

/**
 * Rotor's customer count while a full refresh is still filling this computer's cache (fewer cached
 * than Rotor has): results are incomplete until it ends. Null otherwise.
 */
export function fillingTotal(progress: SyncProgress, cached: number): number | null {
  const total = progress.customersTotal;
  return progress.running && total !== null && cached < total ? total : null;
}

/** The list's count line: "1,234 customers", "12 of 1,234 customers", or while filling "Results so far: …". */
export function countText(f: {
  shown: number;
  cached: number;
  searching: boolean;
  /** fillingTotal(): Rotor's count while the cache is still filling. */
  rotorTotal: number | null;
  /** The cache is still being read into memory (after its first screen). */
  opening?: LoadProgress | null;
}): string {
  if (f.opening) {
    if (!f.searching) return openingText(f.opening);
    const matches = formatCount(f.shown, 'match', 'matches');
    // Not counted yet (the moment after the first screen shows): no total to say "of".
    if (f.opening.total === 0) return `Results so far: ${matches} (still opening)`;
    const of = `${formatNumber(f.opening.read)} of ${formatCount(f.opening.total, 'customer', 'customers')}`;
    return `Results so far: ${matches} in ${of} (still opening)`;
  }
  if (f.rotorTotal !== null) {
    const of = `${formatNumber(f.cached)} of ${formatCount(f.rotorTotal, 'customer', 'customers')}`;
    return f.searching
      ? `Results so far: ${formatCount(f.shown, 'match', 'matches')} in ${of}`
      : `Results so far: ${of}`;
  }
  return f.searching && f.cached > 0
    ? `${formatNumber(f.shown)} of ${formatCount(f.cached, 'customer', 'customers')}`
    : formatCount(f.shown, 'customer', 'customers');
}
