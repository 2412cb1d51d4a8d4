/**
 * The store's synchronous reads over its in-memory view (cache-view.ts) and its listeners: what the UI
 * asks many times a second, answered without IndexedDB. The writes (store-writes.ts) extend it, and
 * the store (store.ts) adds sync and replay; both keep the view in step.
 */
import type {
  DataNotice,
  EditableFields,
  ImportGroup,
  LocalCustomer,
  OutboxEntry,
  ReplayPass,
  SearchQuery,
  SearchResult,
} from '../types';
import { CacheView } from './cache-view';
import { StoreEvents } from './events';
import { groupsWithProgress } from '../outbox/import-progress';
import { bySeq } from '../outbox/rebase';
import * as summary from './cache-summary';

export class StoreReads {
  protected readonly view = new CacheView();
  protected readonly events = new StoreEvents();

  subscribe(listener: () => void): () => void {
    return this.events.onChange(listener);
  }

  onNotice(listener: (notice: DataNotice) => void): () => void {
    return this.events.onNotice(listener);
  }

  onIdRewrite(listener: (from: string, to: string) => void): () => void {
    return this.events.onIdRewrite(listener);
  }

  onReplayed(listener: (pass: ReplayPass) => void): () => void {
    return this.events.onReplayed(listener);
  }

  search(query: SearchQuery): SearchResult {
    return this.view.index.search(query);
  }

  get(id: string): LocalCustomer | undefined {
    return this.view.records.get(id) ?? this.view.records.get(this.resolveId(id));
  }

  tagsPresent(): readonly string[] {
    return this.view.tagsPresent();
  }

  outbox(): OutboxEntry[] {
    return [...this.view.entries.values()].sort(bySeq);
  }

  entryFor(customerId: string): OutboxEntry | undefined {
    return summary.entryFor(this.view, customerId);
  }

  importGroups(): ImportGroup[] {
    return groupsWithProgress(this.view.imports.values(), this.view.entries.values());
  }

  findUpsertMatch(fields: Pick<EditableFields, 'phone' | 'email'>): LocalCustomer | undefined {
    return this.view.findUpsertMatch(fields);
  }

  resolveId(id: string): string {
    return this.view.resolveId(id);
  }
}
