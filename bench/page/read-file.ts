/**
 * The import reader's hold on the window: a CSV of `rows` customers read in-thread (readBytes, what
 * readImportFile did before the worker) and through readImportFile (the worker), each timed with a
 * heartbeat of 0 ms timers whose longest gap is the longest main-thread task during the read.
 */
import { TRANSFER_COLUMNS } from '../../src/lib/transfer/columns';
import { csvFile, csvLine } from '../../src/lib/transfer/csv';
import { readBytes } from '../../src/lib/transfer/import/read-bytes';
import { readImportFile } from '../../src/lib/transfer/import/read-file';
import type { ReadFileBench, ReadFileRound } from '../shared/types';

function fileOf(rows: number): ArrayBuffer {
  const lines = [csvLine(TRANSFER_COLUMNS.map((c) => c.header))];
  for (let i = 0; i < rows; i++) {
    lines.push(
      csvLine(
        TRANSFER_COLUMNS.map((c, j) =>
          c.key === 'phone' ? `+1 612 555 ${String(i).padStart(4, '0')}` : j % 3 ? `${c.key} ${i}` : '',
        ),
      ),
    );
  }
  return new TextEncoder().encode(csvFile(lines)).buffer as ArrayBuffer;
}

/** Longest gap between 0 ms timers while `work` runs: no task in that time was longer. */
async function heartbeat(work: () => Promise<number>): Promise<ReadFileRound> {
  let last = performance.now();
  let longest = 0;
  let running = true;
  const beat = (): void => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) setTimeout(beat, 0);
  };
  setTimeout(beat, 0);
  // Let the heartbeat start before the read's first task.
  await new Promise((r) => setTimeout(r, 20));
  const t = performance.now();
  const rowsRead = await work();
  const wallMs = performance.now() - t;
  await new Promise((r) => setTimeout(r, 20));
  running = false;
  return { wallMs, longestTaskMs: longest, rowsRead };
}

export async function readFileBench(opts: { rows: number }): Promise<ReadFileBench> {
  const inThreadBytes = fileOf(opts.rows);
  const inThread = await heartbeat(async () => {
    const r = readBytes(inThreadBytes);
    return r.ok ? r.rows.length : -1;
  });
  const bytes = fileOf(opts.rows);
  const byteLength = bytes.byteLength;
  const worker = await heartbeat(async () => {
    const r = await readImportFile(bytes);
    return r.ok ? r.rows.length : -1;
  });
  return { rows: opts.rows, bytes: byteLength, detachedAfter: bytes.byteLength === 0, inThread, worker };
}
