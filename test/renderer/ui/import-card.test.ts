/**
 * An import in Pending changes: its card (words, bar, the buttons each state offers), which of its rows
 * are listed one by one, its commands (Cancel confirms with the count; Export failed rows writes the
 * export's columns plus Row and Error, which the import's mapping ignores).
 */
import { describe, expect, it, vi } from 'vitest';
import ImportCard from '$lib/components/pending/ImportCard.svelte';
import PendingEntry from '$lib/components/pending/PendingEntry.svelte';
import type { ImportGroup } from '$lib/data/types';
import { EDIT_RESERVE } from '$lib/data/budget';
import type { ConfirmOptions } from '$lib/state/dialogs.svelte';
import { importActions } from '$lib/state/import-actions';
import { ERROR_HEADER, ROW_HEADER } from '$lib/state/import-failed';
import { failedRowsFileName, importRowLabel, importTitle, listedEntries } from '$lib/state/import-group-text';
import { TRANSFER_COLUMNS } from '$lib/transfer/columns';
import { guessField } from '$lib/transfer/import/mapping';
import { parseCsv } from '$lib/transfer/import/parse';
import { customer, entry, FakeStore } from './fakes';
import { renderHtml, tagged, textOf } from './html';

const NOW = Date.parse('2026-12-03T10:00:00Z');

function group(overrides: Partial<ImportGroup> = {}): ImportGroup {
  return {
    id: 'imp-1',
    fileName: 'leads.csv',
    createdAt: '2026-12-03T09:00:00Z',
    total: 1240,
    joined: 0,
    sent: 340,
    dropped: 0,
    paused: false,
    cancelledAt: null,
    waiting: 897,
    failed: 3,
    inFlight: 0,
    done: false,
    ...overrides,
  };
}

const noop = () => undefined;
const card = (g: ImportGroup, quotaRemaining = 900) =>
  renderHtml(ImportCard, {
    group: g,
    quotaRemaining,
    onpause: noop,
    onresume: noop,
    oncancel: noop,
    onexport: noop,
    ondismiss: noop,
  });
const buttons = (g: ImportGroup, quota?: number) => tagged(card(g, quota), 'button').map(textOf);

describe('the import card', () => {
  it('says how far it is, with a bar, and offers Pause, Cancel unsent and Export failed rows', () => {
    const root = card(group());
    expect(textOf(tagged(root, 'h2')[0] ?? root)).toBe('leads.csv: 340 of 1,240 sent · 3 failed');
    expect(tagged(root, 'progress')[0]?.attrs['value']).toBe('27');
    expect(buttons(group())).toEqual(['Pause', 'Cancel unsent', 'Export failed rows']);
    expect(textOf(root)).toContain('3 rows failed or in conflict');
  });

  it('paused: Resume instead of Pause, and says nothing goes', () => {
    expect(buttons(group({ paused: true, failed: 0 }))).toEqual(['Resume', 'Cancel unsent']);
    expect(textOf(card(group({ paused: true })))).toContain(
      'Paused: none of its rows are sent until you resume.',
    );
  });

  it('at the edit reserve: says it waits for the quota to reset so edits still go', () => {
    expect(textOf(card(group(), EDIT_RESERVE))).toContain('Waiting for the daily quota to reset');
    expect(textOf(card(group(), EDIT_RESERVE + 1))).not.toContain('Waiting for the daily quota');
  });

  it('done: all sent, with Dismiss only', () => {
    const done = group({ sent: 1240, waiting: 0, failed: 0, done: true });
    expect(textOf(tagged(card(done), 'h2')[0] ?? card(done))).toBe('leads.csv: all 1,240 sent');
    expect(buttons(done)).toEqual(['Dismiss']);
  });

  it('cancelled: what was sent, what was discarded, what may already be in Rotor', () => {
    const g = group({ cancelledAt: NOW.toString(), waiting: 0, failed: 0, dropped: 895, inFlight: 2 });
    const text = textOf(card(g));
    expect(importTitle(g)).toBe('leads.csv: 340 of 1,240 sent · cancelled');
    expect(text).toContain('895 rows not sent were discarded');
    expect(text).toContain('2 rows may already be in Rotor');
    expect(buttons(g)).toEqual([]);
    expect(buttons({ ...g, inFlight: 0, done: true })).toEqual(['Dismiss']);
  });

  it('counts rows that joined a change already waiting', () => {
    expect(textOf(card(group({ joined: 5 })))).toContain('5 rows joined changes you already had waiting');
  });
});

describe('the list under the cards', () => {
  it('lists an import’s failed and conflicted rows, marked with file and row, not the ones that wait', () => {
    const rows = [
      entry({ id: 'a', importId: 'imp-1', importRows: [4] }),
      entry({ id: 'b', importId: 'imp-1', importRows: [7], state: 'failed' }),
      entry({ id: 'c', importId: 'imp-1', importRows: [9, 12], state: 'conflict' }),
      entry({ id: 'd' }),
      entry({ id: 'e', importId: 'gone', importRows: [1] }),
    ];
    expect(listedEntries(rows, [group()]).map((e) => e.id)).toEqual(['b', 'c', 'd', 'e']);
    expect(importRowLabel('leads.csv', [7])).toBe('leads.csv, row 7');
    expect(importRowLabel('leads.csv', [9, 12])).toBe('leads.csv, rows 9, 12');
    const html = renderHtml(PendingEntry, {
      entry: rows[1] ?? entry(),
      source: 'leads.csv, row 7',
      customer: customer(),
      deletedInRotor: false,
      online: true,
      held: null,
      now: NOW,
      onresolve: noop,
      onfix: noop,
      onretry: noop,
      onrecreate: noop,
      onedit: noop,
      ondiscard: noop,
      onshow: noop,
    });
    expect(textOf(html)).toContain('From leads.csv, row 7');
  });
});

function actions(store: FakeStore, confirm: boolean) {
  const notify = vi.fn();
  const save = vi.fn(async (_name: string, _text: string) => ({ kind: 'downloaded' as const }));
  const confirmSpy = vi.fn(async (_options: ConfirmOptions) => confirm);
  const a = importActions(
    {
      store,
      customer: (id) => store.get(id),
      now: () => NOW,
      shell: 'browser-host',
      api: { files: { saveCsv: vi.fn() } } as never,
      confirm: confirmSpy,
      save,
    },
    notify,
  );
  return { a, notify, save, confirmSpy };
}

describe('the import’s commands', () => {
  it('Cancel unsent confirms with the count first, and cancels only when confirmed', async () => {
    const store = new FakeStore('acct');
    const no = actions(store, false);
    expect(await no.a.cancel(group())).toBe(0);
    expect(no.confirmSpy.mock.calls[0]?.[0]).toMatchObject({
      title: 'Cancel the unsent rows of leads.csv?',
      confirmLabel: 'Cancel 897 rows',
      danger: true,
    });
    expect(store.cancelImport).not.toHaveBeenCalled();
    store.cancelImport.mockResolvedValueOnce(897);
    const yes = actions(store, true);
    expect(await yes.a.cancel(group())).toBe(897);
    expect(store.cancelImport).toHaveBeenCalledWith('imp-1');
    expect(yes.notify).toHaveBeenCalledWith('897 unsent rows discarded', 'success');
  });

  it('Pause, Resume and Dismiss go to the store', async () => {
    const store = new FakeStore('acct');
    const { a } = actions(store, true);
    await a.pause(group());
    await a.resume(group());
    await a.dismiss(group());
    expect(store.pauseImport.mock.calls).toEqual([
      ['imp-1', true],
      ['imp-1', false],
    ]);
    expect(store.dismissImport).toHaveBeenCalledWith('imp-1');
  });

  it('Export failed rows: the export’s columns with the values as they would be sent, Row and Error', async () => {
    const store = new FakeStore('acct');
    store.customers.set('c1', customer({ id: 'c1', phone: '555-0199' }));
    store.customers.set('local:n', customer({ id: 'local:n', first_name: 'Nia', email: 'nia@x' }));
    store.entries = [
      entry({
        id: 'x',
        customerId: 'c1',
        importId: 'imp-1',
        importRows: [7],
        state: 'failed',
        lastError: { kind: 'validation', message: 'Phone is not valid' },
      }),
      entry({
        id: 'y',
        customerId: 'local:n',
        kind: 'create',
        importId: 'imp-1',
        importRows: [3],
        state: 'failed',
        lastError: { kind: 'validation', message: 'Invalid email format' },
      }),
      entry({ id: 'z', customerId: 'c1', importId: 'imp-1', importRows: [9], state: 'pending' }),
    ];
    const { a, save } = actions(store, true);
    await a.exportFailed(group());
    const [name, text] = save.mock.calls[0] ?? ['', ''];
    expect(name).toBe('leads-failed-2026-12-03.csv');
    const parsed = parseCsv(text);
    if (!parsed.ok) throw new Error('the file should parse');
    const header = parsed.header;
    expect(header).toEqual([...TRANSFER_COLUMNS.map((c) => c.header), ROW_HEADER, ERROR_HEADER]);
    const cell = (r: number, h: string) => parsed.rows[r]?.[header.indexOf(h)];
    expect(cell(0, ROW_HEADER)).toBe('3');
    expect(cell(0, 'Rotor ID')).toBe('');
    expect(cell(0, ERROR_HEADER)).toBe('Invalid email format');
    expect(cell(1, 'Rotor ID')).toBe('c1');
    expect(cell(1, ERROR_HEADER)).toBe('Phone is not valid');
    expect(parsed.rows).toHaveLength(2);
    // Imported again, every export column maps back to its field and Row and Error to nothing.
    expect(header.map(guessField)).toEqual([...TRANSFER_COLUMNS.map((c) => c.key), null, null]);
    expect(failedRowsFileName('Leads Weekend.CSV', NOW)).toBe('Leads Weekend-failed-2026-12-03.csv');
  });
});
