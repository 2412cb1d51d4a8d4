/**
 * The import screen's state over the fake store: a file read and refused, the encoding re-read, a
 * mapping change recomputing the preview (and remembered), the filter and pages, and a confirm that
 * queues the plan exactly once.
 */
import { describe, expect, it, vi } from 'vitest';
import { DECODE_MESSAGES } from '$lib/transfer/import/decode';
import { headerSetKey } from '$lib/transfer/import/mapping';
import { PARSE_MESSAGES } from '$lib/transfer/import/parse-messages';
import { readImportFile } from '$lib/transfer/import/read-file';
import type { ReadResult } from '$lib/transfer/import/read-file';
import { ImportSession, PAGE_SIZE, readsBeforeSending } from '$lib/state/import-session.svelte';
import type { ImportDeps } from '$lib/state/import-session.svelte';
import { customer, FakeStore } from './fakes';

class MemoryStorage {
  items = new Map<string, string>();
  getItem = (key: string): string | null => this.items.get(key) ?? null;
  setItem = (key: string, value: string): void => void this.items.set(key, value);
}

const fileOf = (name: string, text: string | Uint8Array) => {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return { name, arrayBuffer: async () => bytes.slice().buffer };
};

function setup(read: ImportDeps['read'] = readImportFile) {
  const store = new FakeStore('acct');
  const ada = customer({ id: 'c1', phone: '(555) 010-0100', email: 'ada@example.com', tags: ['vip'] });
  store.customers.set(ada.id, ada);
  const storage = new MemoryStorage();
  const readSpy = vi.fn(read);
  const session = new ImportSession({
    read: readSpy,
    storage,
    customers: () => [...store.customers.values()],
    queueImport: (plan) => store.queueImport(plan),
  });
  return { store, storage, session, read: readSpy };
}

const CSV = [
  'First Name,Mobile,E-mail,Tags',
  'Ada,(555) 010-0100,,lead', // update c1 by phone: adds a tag
  'Bea,555 010 0200,bea@example.com,', // create
  'Bea,555 010 0200,,', // duplicate of row 2, adds nothing
  ',,not-an-email,', // invalid
  'Ada,,ADA@example.com,', // matches c1 by email: a duplicate of row 1
].join('\r\n');

describe('ImportSession', () => {
  it('reads the file, guesses the mapping and previews every row', async () => {
    const { session } = setup();
    await session.open(fileOf('leads.csv', CSV));
    expect(session.refusal).toBeNull();
    expect(session.file).toMatchObject({ name: 'leads.csv', encoding: 'utf-8' });
    expect(session.file?.rows).toHaveLength(5);
    expect(session.mapping).toEqual(['first_name', 'phone', 'email', 'tags']);
    expect(session.samples[0]).toEqual(['Ada', 'Bea', 'Bea']);
    expect(session.previews.map((p) => p.kind)).toEqual([
      'update',
      'create',
      'duplicate',
      'invalid',
      'duplicate',
    ]);
    expect(session.counts).toMatchObject({
      update: 1,
      create: 1,
      duplicate: 2,
      invalid: 1,
      rows: 3,
      requests: 2,
    });
    expect(session.idleDuplicates).toBe(1);
  });

  it('shows refusals from their one home', async () => {
    const { session } = setup();
    await session.open(fileOf('empty.csv', ''));
    expect(session.refusal).toBe(PARSE_MESSAGES.empty);
    expect(session.file).toBeNull();
    const big = setup(async (): Promise<ReadResult> => ({
      ok: false,
      error: { kind: 'too_large', message: DECODE_MESSAGES.too_large },
    }));
    await big.session.open(fileOf('huge.csv', 'a'));
    expect(big.session.refusal).toBe(DECODE_MESSAGES.too_large);
  });

  it('re-reads the same bytes in the encoding chosen', async () => {
    const { session, read } = setup();
    await session.open(fileOf('names.csv', 'First Name,Mobile\nJosé,555 010 0300\n'));
    expect(session.file?.rows[0]?.[0]).toBe('José');
    await session.setEncoding('windows-1252');
    expect(read).toHaveBeenLastCalledWith(expect.any(ArrayBuffer), { encoding: 'windows-1252' });
    expect(session.file).toMatchObject({ detected: 'utf-8', encoding: 'windows-1252' });
    expect(session.file?.rows[0]?.[0]).toBe('JosÃ©');
    expect(session.previews[0]).toMatchObject({ kind: 'create', changes: { first_name: 'JosÃ©' } });
  });

  it('re-reads in another encoding after the reader took the bytes it was given (as the worker does)', async () => {
    const taking: ImportDeps['read'] = (bytes, options) =>
      readImportFile(structuredClone(bytes, { transfer: [bytes] }), options);
    const { session } = setup(taking);
    await session.open(fileOf('names.csv', 'First Name,Mobile\nJosé,555 010 0300\n'));
    await session.setEncoding('windows-1252');
    expect(session.refusal).toBeNull();
    expect(session.file?.rows[0]?.[0]).toBe('JosÃ©');
  });

  it('keeps the file as read when a re-read in another encoding is refused', async () => {
    const { session } = setup(async (bytes, options) =>
      options.encoding === 'utf-16be'
        ? { ok: false, error: { kind: 'empty', message: PARSE_MESSAGES.empty } }
        : readImportFile(bytes, options),
    );
    await session.open(fileOf('names.csv', 'First Name,Mobile\nAnn,555 010 0300\n'));
    await session.setEncoding('utf-16be');
    expect(session.refusal).toBe(PARSE_MESSAGES.empty);
    expect(session.file).toMatchObject({ encoding: 'utf-8' });
    expect(session.previews).toHaveLength(1);
  });

  it('recomputes the preview when the mapping changes, and remembers the mapping', async () => {
    const { session, storage } = setup();
    await session.open(fileOf('leads.csv', CSV));
    // Without the phone column, row 1 has no key left: it creates a customer.
    session.setTarget(1, null);
    expect(session.previews[0]?.kind).toBe('create');
    expect(session.mappingNote).toBeNull();
    // Email picked for the first column takes it from "E-mail", which is then not imported.
    session.setTarget(0, 'email');
    expect(session.mapping).toEqual(['email', null, null, 'tags']);
    expect(session.mappingNote).toContain('“E-mail” is no longer imported');
    expect(session.noMatchKey).toBe(false);
    session.setTarget(0, null);
    expect(session.noMatchKey).toBe(true);
    const saved = storage.getItem(headerSetKey(session.file?.header ?? []));
    expect(JSON.parse(saved ?? 'null')).toEqual([null, null, null, 'tags']);

    const again = setup();
    again.storage.items = storage.items;
    await again.session.open(fileOf('leads.csv', CSV));
    expect(again.session.mapping).toEqual([null, null, null, 'tags']);
  });

  it('filters by outcome and pages the rows', async () => {
    const { session } = setup();
    const rows = Array.from(
      { length: PAGE_SIZE + 20 },
      (_, i) => `P${i},555 020 ${String(i).padStart(4, '0')}`,
    );
    await session.open(fileOf('many.csv', ['First Name,Mobile', ...rows].join('\n')));
    expect(session.pages).toBe(2);
    expect(session.pageRows).toHaveLength(PAGE_SIZE);
    session.setPage(1);
    expect(session.pageRows.map((p) => p.row)[0]).toBe(PAGE_SIZE + 1);
    session.setFilter('invalid');
    expect(session.page).toBe(0);
    expect(session.shown).toEqual([]);
    session.setFilter('create');
    expect(session.shown).toHaveLength(PAGE_SIZE + 20);
  });

  it('queues the plan once, however often confirm is pressed', async () => {
    const { session, store } = setup();
    await session.open(fileOf('leads.csv', CSV));
    const [first, second] = await Promise.all([session.confirm(), session.confirm()]);
    expect(second).toBeNull();
    expect(first).toMatchObject({ ok: true, data: { queued: 3 } });
    expect(await session.confirm()).toBeNull();
    expect(store.queueImport).toHaveBeenCalledTimes(1);
    expect(store.queueImport).toHaveBeenCalledWith({
      fileName: 'leads.csv',
      rows: [
        { row: 1, target: { customerId: 'c1' }, changes: { tags: ['vip', 'lead'] } },
        {
          row: 2,
          target: null,
          changes: { first_name: 'Bea', phone: '555 010 0200', email: 'bea@example.com' },
        },
        { row: 5, target: { customerId: 'c1' }, changes: { email: 'ADA@example.com' } },
      ],
    });
    expect(session.result).toEqual({ queued: 3, refused: [] });
  });

  it('counts the reads of Rotor’s copy replay makes first: stale customers, checkable fields, once each', async () => {
    const { session } = setup();
    await session.open(fileOf('leads.csv', CSV));
    // Row 1 only adds a tag (no read), row 5 changes c1's email (a read), row 2 creates (no read).
    expect(readsBeforeSending(session.previews, () => true)).toBe(1);
    expect(readsBeforeSending(session.previews, () => false)).toBe(0);
  });

  it('follows the cache when refreshed (a sync brought new copies)', async () => {
    const { session, store } = setup();
    await session.open(fileOf('leads.csv', CSV));
    expect(session.previews[1]?.kind).toBe('create');
    const bea = customer({
      id: 'c2',
      first_name: 'Bea',
      phone: '555 010 0200',
      email: 'bea@example.com',
      tags: [],
    });
    store.customers.set(bea.id, bea);
    session.refresh();
    expect(session.previews[1]).toMatchObject({ kind: 'unchanged', customerId: 'c2' });
  });
});
