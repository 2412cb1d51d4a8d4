import { describe, expect, it, vi } from 'vitest';
import { applyChanges, emptyCustomer } from '$lib/data/mapping';
import type { CustomerData } from '$lib/data/mapping';
import { TRANSFER_COLUMNS } from '$lib/transfer/columns';
import { EXPORT_COLUMNS_KEY, loadUnticked, NO_COLUMN_MESSAGE } from '$lib/transfer/export-columns';
import { parseCsv } from '$lib/transfer/import/parse';
import { ExportColumns } from '$lib/state/export-columns.svelte';
import { ExportRun } from '$lib/state/export-run.svelte';

/** A Storage stand-in over a Map. */
function memoryStorage(initial: Record<string, string> = {}): Pick<Storage, 'getItem' | 'setItem'> {
  const m = new Map(Object.entries(initial));
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v) };
}

const customers = new Map<string, CustomerData>(
  ['a', 'b'].map((id) => [
    id,
    applyChanges(emptyCustomer(id), { first_name: `F-${id}`, email: `${id}@x.example` }),
  ]),
);

function job(told: string[], files: string[]) {
  return {
    ids: ['b', 'a'],
    customer: (id: string) => customers.get(id),
    scope: 'all' as const,
    shell: 'browser-host' as const,
    api: { files: { saveCsv: vi.fn() } },
    notify: (m: string) => told.push(m),
    save: async (_name: string, text: string) => {
      files.push(text);
      return { kind: 'downloaded' as const };
    },
  };
}

describe('export columns', () => {
  it('the export writes only the ticked columns, in the table order, whatever order they were ticked in', async () => {
    const columns = new ExportColumns(memoryStorage());
    for (const c of TRANSFER_COLUMNS) columns.set(c.key, false);
    columns.set('email', true);
    columns.set('first_name', true);
    const files: string[] = [];
    await new ExportRun(columns).run(job([], files));
    const parsed = parseCsv(files[0] ?? '');
    if (!parsed.ok) throw new Error(parsed.error.message);
    const first = TRANSFER_COLUMNS.find((c) => c.key === 'first_name')?.header;
    const email = TRANSFER_COLUMNS.find((c) => c.key === 'email')?.header;
    expect(parsed.header).toEqual([first, email]);
    expect(parsed.rows).toEqual([
      ['F-b', 'b@x.example'],
      ['F-a', 'a@x.example'],
    ]);
  });

  it('the choice is remembered, a stored unknown column is ignored, "All columns" starts over', () => {
    const storage = memoryStorage();
    const columns = new ExportColumns(storage);
    expect(columns.all).toBe(true);
    columns.set('notes', false);
    columns.set('id', false);
    const again = new ExportColumns(storage);
    expect(again.choices.filter((c) => !c.ticked).map((c) => c.key)).toEqual(['id', 'notes']);
    expect(again.ticked).toHaveLength(TRANSFER_COLUMNS.length - 2);

    const old = memoryStorage({ [EXPORT_COLUMNS_KEY]: JSON.stringify(['fax_number', 'notes', 7]) });
    expect(loadUnticked(old)).toEqual(['notes']);
    expect(loadUnticked(memoryStorage({ [EXPORT_COLUMNS_KEY]: '{not json' }))).toEqual([]);

    again.reset();
    expect(again.all).toBe(true);
    expect(new ExportColumns(storage).all).toBe(true);
  });

  it('no column ticked: no file, and the user is told why', async () => {
    const columns = new ExportColumns(null);
    for (const c of TRANSFER_COLUMNS) columns.set(c.key, false);
    const told: string[] = [];
    const files: string[] = [];
    await new ExportRun(columns).run(job(told, files));
    expect(files).toEqual([]);
    expect(told).toEqual([NO_COLUMN_MESSAGE]);
  });
});
