/**
 * One import being prepared on the import screen: the file read (and re-read in another encoding),
 * the column mapping (remembered per header set), the preview against the cache recomputed when the
 * mapping changes, the filter and page of the preview table, and the confirm that queues it once.
 */
import { WRITE_ONLY_FIELDS } from '$lib/data/mapping';
import type { CustomerData } from '$lib/data/mapping';
import type { EditableField, ImportPlan, ImportResult } from '$lib/data/types';
import type { Encoding } from '$lib/transfer/import/decode';
import { loadMapping, saveMapping } from '$lib/transfer/import/mapping';
import type { ColumnMapping, MappingStorage, MapTarget } from '$lib/transfer/import/mapping';
import { planImport } from '$lib/transfer/import/plan';
import { previewCounts, previewImport, sends } from '$lib/transfer/import/preview';
import type { RowPreview } from '$lib/transfer/import/preview';
import type { ReadResult } from '$lib/transfer/import/read-file';
import type { RowError } from '$lib/transfer/import/parse';
import { movedNote } from './import-text';
import type { ImportFilter } from './import-text';

export interface ImportDeps {
  read: (bytes: ArrayBuffer, options: { encoding?: Encoding }) => Promise<ReadResult>;
  storage: MappingStorage;
  /** The cached book, read when a preview is computed. */
  customers: () => readonly CustomerData[];
  queueImport: (plan: ImportPlan) => Promise<ImportResult>;
}

/** What a picked or dropped file offers (a File, or a stand-in in tests). */
export interface PickedFile {
  name: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface LoadedFile {
  name: string;
  /** What detection found on the first read; `encoding` is what the current read used. */
  detected: Encoding;
  encoding: Encoding;
  header: string[];
  rows: string[][];
  rowErrors: RowError[];
}

export const PAGE_SIZE = 100;

/**
 * Customers whose rows replay will precede with a read of Rotor's copy (presend-check.ts): updates of
 * a field a read can show a conflict on (not tags, not write-only) whose cached copy is `stale`. One
 * per customer, at most: rows of one customer join one change.
 */
export function readsBeforeSending(
  previews: readonly RowPreview[],
  stale: (customerId: string) => boolean,
): number {
  // A set for this one count, never read reactively.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  const ids = new Set<string>();
  for (const p of previews) {
    if (!sends(p) || (p.kind !== 'update' && p.kind !== 'duplicate') || !p.customerId) continue;
    const checkable = Object.keys(p.changes).some(
      (f) => f !== 'tags' && !WRITE_ONLY_FIELDS.has(f as EditableField),
    );
    if (checkable && stale(p.customerId)) ids.add(p.customerId);
  }
  return ids.size;
}
const SAMPLES = 3;

export class ImportSession {
  readonly #deps: ImportDeps;
  #bytes: ArrayBuffer | null = null;
  #seq = 0;

  file = $state.raw<LoadedFile | null>(null);
  reading = $state(false);
  /** Why the file cannot be imported (too large, too many rows, no header), from decode/parse. */
  refusal = $state<string | null>(null);
  mapping = $state.raw<ColumnMapping>([]);
  /** Said when a pick took its field from another header. */
  mappingNote = $state<string | null>(null);
  previews = $state.raw<RowPreview[]>([]);
  filter = $state<ImportFilter>('all');
  page = $state(0);
  queuing = $state(false);
  /** The outbox's answer once confirmed. */
  result = $state.raw<{ queued: number; refused: { row: number; message: string }[] } | null>(null);
  /** A refusal of the whole import (storage failed, no account). */
  failure = $state<string | null>(null);

  constructor(deps: ImportDeps) {
    this.#deps = deps;
  }

  counts = $derived(previewCounts(this.previews));
  shown = $derived(
    this.filter === 'all' ? this.previews : this.previews.filter((p) => p.kind === this.filter),
  );
  pages = $derived(Math.max(1, Math.ceil(this.shown.length / PAGE_SIZE)));
  pageRows = $derived(this.shown.slice(this.page * PAGE_SIZE, (this.page + 1) * PAGE_SIZE));
  /** Duplicates that add nothing to their first row: skipped like unchanged rows. */
  idleDuplicates = $derived(this.previews.filter((p) => p.kind === 'duplicate' && !sends(p)).length);
  /** Up to three non-blank values of each column from the first rows. */
  samples = $derived.by(() => {
    const file = this.file;
    if (!file) return [];
    return file.header.map((_, i) => {
      const out: string[] = [];
      for (const row of file.rows) {
        const v = (row[i] ?? '').trim();
        if (v) out.push(v);
        if (out.length === SAMPLES) break;
      }
      return out;
    });
  });
  /** No column can match a row to a customer: every row creates one. */
  noMatchKey = $derived(
    this.file !== null && !this.mapping.some((t) => t === 'phone' || t === 'email' || t === 'id'),
  );

  /** Reads a picked or dropped file with the detected encoding. */
  async open(picked: PickedFile): Promise<void> {
    const seq = ++this.#seq;
    this.reading = true;
    this.refusal = null;
    this.result = null;
    this.failure = null;
    try {
      const bytes = await picked.arrayBuffer();
      if (seq !== this.#seq) return;
      this.#bytes = bytes;
      await this.#read(seq, picked.name, undefined);
    } finally {
      if (seq === this.#seq) this.reading = false;
    }
  }

  /** Reads the same bytes again in the encoding the user chose; the mapping stays if the headers do. */
  async setEncoding(encoding: Encoding): Promise<void> {
    const file = this.file;
    if (!this.#bytes || !file || encoding === file.encoding) return;
    const seq = ++this.#seq;
    this.reading = true;
    try {
      await this.#read(seq, file.name, encoding);
    } finally {
      if (seq === this.#seq) this.reading = false;
    }
  }

  async #read(seq: number, name: string, encoding: Encoding | undefined): Promise<void> {
    const bytes = this.#bytes;
    if (!bytes) return;
    // The reader transfers what it is given to its worker (the buffer is detached after): hand it a copy,
    // so the bytes kept here can be read again in another encoding.
    const read = await this.#deps.read(bytes.slice(0), encoding ? { encoding } : {});
    if (seq !== this.#seq) return;
    this.refusal = read.ok ? null : read.error.message;
    // A re-read that fails keeps the file as it was read before, so the choice can be undone.
    if (!read.ok) {
      if (!encoding) {
        this.file = null;
        this.previews = [];
      }
      return;
    }
    this.file = {
      name,
      detected: encoding && this.file ? this.file.detected : read.encoding,
      encoding: read.encoding,
      header: read.header,
      rows: read.rows,
      rowErrors: read.rowErrors,
    };
    this.mapping = loadMapping(this.#deps.storage, read.header);
    this.mappingNote = null;
    this.#recompute();
  }

  /** Header `index` feeds `target` (null: not imported); a header that had that field gives it up. */
  setTarget(index: number, target: MapTarget | null): void {
    const file = this.file;
    if (!file || index < 0 || index >= this.mapping.length) return;
    const from = target === null ? -1 : this.mapping.findIndex((t, i) => t === target && i !== index);
    this.mapping = this.mapping.map((t, i) => (i === index ? target : i === from ? null : t));
    this.mappingNote =
      target !== null && from >= 0
        ? movedNote(target, file.header[from] ?? '', file.header[index] ?? '')
        : null;
    saveMapping(this.#deps.storage, file.header, this.mapping);
    this.#recompute();
  }

  setFilter(filter: ImportFilter): void {
    this.filter = filter;
    this.page = 0;
  }

  setPage(page: number): void {
    this.page = Math.min(Math.max(0, page), this.pages - 1);
  }

  /** Works the preview out again against the cache as it is now (after a sync brought new copies). */
  refresh(): void {
    if (this.file && !this.queuing && !this.result) this.#recompute();
  }

  #recompute(book: readonly CustomerData[] = this.#deps.customers()): void {
    const file = this.file;
    this.previews = file ? previewImport(file.rows, this.mapping, book) : [];
    this.setPage(this.page);
  }

  /**
   * Queues the rows that send, once: the preview is worked out again first, so a sync since it was
   * shown cannot make it aim at customers as they were. Resolves to the plan's result, or null when
   * there was nothing to do (already queuing, no file, nothing sends).
   */
  async confirm(): Promise<ImportResult | null> {
    const file = this.file;
    if (!file || this.queuing || this.result) return null;
    const book = this.#deps.customers();
    this.#recompute(book);
    // A lookup for this one call, never read reactively.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const tags = new Map(book.map((c) => [c.id, c.tags]));
    const plan = planImport(file.name, this.previews, (id) => tags.get(id) ?? []);
    if (plan.rows.length === 0) return null;
    this.queuing = true;
    try {
      saveMapping(this.#deps.storage, file.header, this.mapping);
      const outcome = await this.#deps.queueImport(plan);
      if (outcome.ok) this.result = { queued: outcome.data.queued, refused: outcome.data.refused };
      else this.failure = outcome.error.message;
      return outcome;
    } finally {
      this.queuing = false;
    }
  }
}
