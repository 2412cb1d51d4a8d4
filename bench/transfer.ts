/**
 * Export and import preview, the office's two whole-book operations. They are pure functions of the
 * cached book, so they run here in the runner's Node (the renderer's V8, without a page); each has a
 * floor of the same size beside it: JSON.stringify of the same customers for the export, and plain
 * Maps of every phone and email plus one look-up a row for the preview.
 */
import { readShape } from '../electron/main/simulation/shapes';
import { seedCustomers } from '../electron/main/simulation/server';
import type { ServerCustomer } from '../electron/main/simulation/customer';
import type { RotorCustomer } from '@contract/customer';
import { fromRead } from '../src/lib/data/mapping';
import type { CustomerData } from '../src/lib/data/mapping';
import { exportCsv } from '../src/lib/transfer/export';
import { TRANSFER_COLUMNS } from '../src/lib/transfer/columns';
import { parseCsv } from '../src/lib/transfer/import/parse';
import { guessMapping } from '../src/lib/transfer/import/mapping';
import { previewCounts, previewImport } from '../src/lib/transfer/import/preview';
import { check } from './report/checks';
import type { Row, TargetCheck } from './report/checks';
import { int, num, times } from './report/format';
import { bench, launchProfile, openBenchPage, removeDir, startStage, tempDir } from './env';
import type { ReadFileBench } from './shared/types';

export const IMPORT_ROWS = 10_000;
/** The file the reader measure reads: the "50,000-row file". */
export const READ_ROWS = 50_000;
const EXPORT_TARGET_MS = 2000;
const PREVIEW_TARGET_MS = 1000;

export interface TransferRep {
  customers: number;
  exportMs: number;
  exportBytes: number;
  exportFloorMs: number;
  /** Size of the floor's JSON (it is built, so it is not optimised away). */
  jsonChars: number;
  importRows: number;
  parseMs: number;
  previewMs: number;
  previewFloorMs: number;
  counts: Record<string, number>;
  floorHits: number;
}

const noYield = async (): Promise<void> => {};

/** A file a door-knocking weekend could give: rows of the book, some edited, some without id, some new. */
function importRows(rows: readonly string[][], n: number): string[][] {
  const col = (key: string): number => TRANSFER_COLUMNS.findIndex((c) => c.key === key);
  const [id, notes, phone, email] = [col('id'), col('notes'), col('phone'), col('email')];
  return rows.slice(0, n).map((row, i) => {
    const r = [...row];
    if (i % 3 === 0) r[notes] = `Door-knock ${i}`;
    if (i % 5 === 0) r[id] = '';
    if (i % 7 === 0) {
      r[id] = '';
      r[phone] = `+1 700 ${String(i).padStart(7, '0')}`;
      r[email] = `new${i}@leads.example`;
    }
    return r;
  });
}

export async function transferRep(seeded: readonly ServerCustomer[]): Promise<TransferRep> {
  const book: CustomerData[] = seeded.map((c) => fromRead(readShape(c) as unknown as RotorCustomer, null));
  const byId = new Map(book.map((c) => [c.id, c]));
  const ids = book.map((c) => c.id);

  let t = performance.now();
  const file = await exportCsv({ ids, customer: (id) => byId.get(id), yieldToUi: noYield });
  const exportMs = performance.now() - t;
  t = performance.now();
  const json = JSON.stringify(book);
  const exportFloorMs = performance.now() - t;

  t = performance.now();
  const parsed = parseCsv(file.text);
  if (!parsed.ok) throw new Error(`the export did not parse: ${parsed.error.message}`);
  const parseMs = performance.now() - t;
  const rows = importRows(parsed.rows, IMPORT_ROWS);
  const mapping = guessMapping(parsed.header);
  t = performance.now();
  const previews = previewImport(rows, mapping, book);
  const previewMs = performance.now() - t;

  t = performance.now();
  const phones = new Map<string, CustomerData>();
  const emails = new Map<string, CustomerData>();
  for (const c of book) {
    const r = c as unknown as Record<string, unknown>;
    phones.set(String(r.phone), c);
    emails.set(String(r.email), c);
  }
  let floorHits = 0;
  for (const row of rows) if (phones.has(row[3] ?? '') || emails.has(row[4] ?? '')) floorHits++;
  const previewFloorMs = performance.now() - t;

  const counts: Record<string, number> = { ...previewCounts(previews) };
  return {
    customers: book.length,
    exportMs,
    exportBytes: Buffer.byteLength(file.text),
    jsonChars: json.length,
    exportFloorMs,
    importRows: rows.length,
    parseMs,
    previewMs,
    previewFloorMs,
    counts,
    floorHits,
  };
}

/**
 * The import reader in Chromium, on the bench page the host serves under the app's CSP: the same file
 * read in-thread and through the worker, each with the longest task the window saw meanwhile.
 */
export async function readFileRep(): Promise<ReadFileBench> {
  const stage = await startStage(seedCustomers(10, 1));
  const dir = tempDir('rotor-bench-read-');
  try {
    const context = await launchProfile(dir);
    try {
      const page = await openBenchPage(context, stage.host);
      return await bench(page, 'readFile', { rows: READ_ROWS });
    } finally {
      await context.close();
    }
  } finally {
    removeDir(dir);
    await stage.close();
  }
}

export function readFileRow(rep: ReadFileBench): Row {
  const ok = rep.inThread.rowsRead === rep.rows && rep.worker.rowsRead === rep.rows;
  return {
    measure:
      `Longest main-thread task while reading a ${int(rep.rows)}-row import file (${num(rep.bytes / 2 ** 20)} MiB; ` +
      `Chromium, worker ${num(rep.worker.wallMs)} ms end to end${rep.detachedAfter ? ', bytes transferred' : ', bytes COPIED'})`,
    result: `${num(rep.worker.longestTaskMs)} ms`,
    floor: `the same read in-thread: ${num(rep.inThread.longestTaskMs)} ms (${num(rep.inThread.wallMs)} ms)`,
    ratio: times(rep.worker.longestTaskMs / rep.inThread.longestTaskMs),
    target: 'a fraction of the in-thread read',
    verdict: ok ? (rep.worker.longestTaskMs < rep.inThread.longestTaskMs / 2 ? 'ok' : 'MISSED') : 'rows lost',
  };
}

export function transferRows(rep: TransferRep, checks: TargetCheck[]): Row[] {
  const kinds = Object.entries(rep.counts)
    .map(([k, v]) => `${k} ${int(v)}`)
    .join(', ');
  return [
    {
      measure: `Export of ${int(rep.customers)} customers to CSV (${num(rep.exportBytes / 2 ** 20)} MiB; Node, no page)`,
      result: `${num(rep.exportMs)} ms`,
      floor: `JSON.stringify of the same: ${num(rep.exportFloorMs)} ms`,
      ratio: times(rep.exportMs / rep.exportFloorMs),
      target: `< ${int(EXPORT_TARGET_MS)} ms`,
      verdict: check(
        checks,
        'transfer.export',
        rep.customers,
        'CSV export',
        rep.exportMs,
        EXPORT_TARGET_MS,
        'ms',
      ),
    },
    {
      measure:
        `Import preview of ${int(rep.importRows)} rows against ${int(rep.customers)} cached ` +
        `(${kinds}; parsing the whole export took ${num(rep.parseMs)} ms)`,
      result: `${num(rep.previewMs)} ms`,
      floor: `Maps of every phone and email + a look-up a row: ${num(rep.previewFloorMs)} ms`,
      ratio: times(rep.previewMs / rep.previewFloorMs),
      target: `< ${int(PREVIEW_TARGET_MS)} ms`,
      verdict: check(
        checks,
        'transfer.preview',
        rep.customers,
        'import preview',
        rep.previewMs,
        PREVIEW_TARGET_MS,
        'ms',
      ),
    },
  ];
}
