import { describe, expect, it, vi } from 'vitest';
import { applyChanges, emptyCustomer } from '$lib/data/mapping';
import type { CustomerData } from '$lib/data/mapping';
import { exportCsv, exportFileName, EXPORT_SLICE } from '$lib/transfer/export';
import { parseCsv } from '$lib/transfer/import/parse';
import { saveCsv } from '$lib/transfer/save-file';
import { previewCounts, previewImport } from '$lib/transfer/import/preview';
import { guessMapping } from '$lib/transfer/import/mapping';
import { TRANSFER_COLUMNS } from '$lib/transfer/columns';
import { ExportRun, EXPORT_STOPPED } from '$lib/state/export-run.svelte';

function book(n: number): Map<string, CustomerData> {
  const m = new Map<string, CustomerData>();
  for (let i = 0; i < n; i++) {
    const id = `id-${i}`;
    m.set(
      id,
      applyChanges(emptyCustomer(id), {
        first_name: `N${i}`,
        phone: `+1 555 01${i % 100}`,
        tags: ['a', 'b, c'],
      }),
    );
  }
  return m;
}

describe('export', () => {
  it('writes the view in its order, every column, a row a customer, ids gone from the cache left out', async () => {
    const customers = book(5);
    const ids = ['id-3', 'id-1', 'gone', 'id-4'];
    const file = await exportCsv({ ids, customer: (id) => customers.get(id) });
    expect(file.rows).toBe(3);
    expect(file.text.startsWith('\uFEFF')).toBe(true);
    const parsed = parseCsv(file.text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.header).toEqual(TRANSFER_COLUMNS.map((c) => c.header));
    expect(parsed.rows.map((r) => r[0])).toEqual(['id-3', 'id-1', 'id-4']);
    // The phone starts with "+": neutralised on the way out, restored on the way in.
    const phone = TRANSFER_COLUMNS.findIndex((c) => c.key === 'phone');
    expect(parsed.rows[0]?.[phone]).toBe('+1 555 013');
  });

  it('reports progress per slice, lets the window breathe between slices, and stops when asked', async () => {
    const n = EXPORT_SLICE * 2 + 5;
    const customers = book(n);
    const ids = [...customers.keys()];
    const seen: number[] = [];
    const breathe = vi.fn(async () => {});
    await exportCsv({
      ids,
      customer: (id) => customers.get(id),
      onProgress: (p) => seen.push(p.written),
      yieldToUi: breathe,
    });
    expect(seen).toEqual([EXPORT_SLICE, EXPORT_SLICE * 2, n]);
    expect(breathe).toHaveBeenCalledTimes(2);

    const abort = new AbortController();
    const stopped = exportCsv({
      ids,
      customer: (id) => customers.get(id),
      signal: abort.signal,
      onProgress: () => abort.abort(),
      yieldToUi: async () => {},
    });
    await expect(stopped).rejects.toThrow();
  });

  it('names the file by day, and says when the view is narrowed', () => {
    const day = Date.parse('2026-12-03T10:00:00Z');
    expect(exportFileName(day, 'all')).toBe('customers-2026-12-03.csv');
    expect(exportFileName(day, 'filtered')).toBe('customers-filtered-2026-12-03.csv');
    expect(exportFileName(day, 'selected')).toBe('customers-selected-2026-12-03.csv');
  });
});

describe('saving an export', () => {
  const text = '\uFEFFRotor ID\r\n';

  it('the browser host downloads it and never sends it to main', async () => {
    const saveCsvCall = vi.fn();
    const downloaded: string[] = [];
    const outcome = await saveCsv('browser-host', { files: { saveCsv: saveCsvCall } }, 'c.csv', text, (n) =>
      downloaded.push(n),
    );
    expect(outcome).toEqual({ kind: 'downloaded' });
    expect(downloaded).toEqual(['c.csv']);
    expect(saveCsvCall).not.toHaveBeenCalled();
  });

  it('Electron asks main: saved, cancelled, or failed as data', async () => {
    const answers = [
      { ok: true as const, data: { path: '/home/me/c.csv' } },
      { ok: true as const, data: { path: null } },
      {
        ok: false as const,
        error: { kind: 'file' as const, message: 'The file could not be saved (EACCES).' },
      },
    ];
    const api = {
      files: {
        saveCsv: vi.fn(async () => {
          const answer = answers.shift();
          if (!answer) throw new Error('no answer scripted');
          return answer;
        }),
      },
    };
    expect(await saveCsv('electron', api, 'c.csv', text)).toEqual({ kind: 'saved', where: '/home/me/c.csv' });
    expect(await saveCsv('electron', api, 'c.csv', text)).toEqual({ kind: 'cancelled' });
    expect(await saveCsv('electron', api, 'c.csv', text)).toEqual({
      kind: 'failed',
      message: 'The file could not be saved (EACCES).',
    });
    expect(api.files.saveCsv).toHaveBeenCalledWith({ suggestedName: 'c.csv', text });
  });

  it('one export at a time, its progress cleared at the end, the outcome told once', async () => {
    const customers = book(3);
    const run = new ExportRun();
    const told: string[] = [];
    const saved: string[] = [];
    const job = {
      ids: [...customers.keys()],
      customer: (id: string) => customers.get(id),
      scope: 'all' as const,
      shell: 'browser-host' as const,
      api: { files: { saveCsv: vi.fn() } },
      notify: (m: string) => told.push(m),
      now: Date.parse('2026-12-03T10:00:00Z'),
      save: async (name: string, t: string) => {
        saved.push(`${name} ${t.split('\r\n').length - 2}`);
        return { kind: 'downloaded' as const };
      },
    };
    const first = run.run(job);
    expect(run.running).toBe(true);
    await run.run(job); // ignored while the first runs
    await first;
    expect(run.running).toBe(false);
    expect(saved).toEqual(['customers-2026-12-03.csv 3']);
    expect(told).toEqual(['Exported 3 customers as customers-2026-12-03.csv (see your downloads)']);

    const big = book(EXPORT_SLICE + 1);
    const stopping = run.run({ ...job, ids: [...big.keys()], customer: (id) => big.get(id) });
    run.stop();
    await stopping;
    expect(told.at(-1)).toBe(EXPORT_STOPPED);
    expect(saved).toHaveLength(1);
  });
});

describe('an export imported back', () => {
  it('is a no-op: every row matches its own customer by Rotor ID and changes nothing', async () => {
    const customers = book(50);
    const c7 = customers.get('id-7');
    if (c7)
      customers.set(
        'id-7',
        applyChanges(c7, { notes: '=SUM(A1)\nsecond line', email: 'Mixed@Case.example' }),
      );
    const file = await exportCsv({ ids: [...customers.keys()], customer: (id) => customers.get(id) });
    const parsed = parseCsv(file.text);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const previews = previewImport(parsed.rows, guessMapping(parsed.header), [...customers.values()]);
    expect(previews.map((p) => p.kind)).toEqual(Array.from({ length: 50 }, () => 'unchanged'));
    expect(previewCounts(previews).requests).toBe(0);
  });
});
