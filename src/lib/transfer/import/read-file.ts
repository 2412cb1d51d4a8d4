/**
 * An import file's bytes → header and rows, refusals as data: the one entry point the import screen
 * calls. The work (read-bytes.ts: decode then parse, ~600 ms for 50,000 rows) runs in a Web Worker so
 * the window keeps painting; where there is no Worker (vitest's Node) it runs in-thread.
 *
 * The bytes are transferred, not copied: after the call the caller's ArrayBuffer is empty (detached).
 * To read the same file again (another encoding), take its bytes again (`file.arrayBuffer()`).
 *
 * One worker per read, terminated when it answers: a read is a rare, user-started act, a module worker
 * starts in milliseconds, and a fresh one can't inherit a stuck or dirty state from an earlier read or
 * keep the parser's memory once the screen has its rows.
 */
import type { Encoding } from './decode';
import type { ReadAnswer, ReadRequest, ReadResult } from './read-bytes';
import { readerFailed } from './parse-messages';

export type { ReadResult } from './read-bytes';

/** The part of a Worker this file uses (a test hands in a fake). */
export interface ReaderWorker {
  postMessage(message: ReadRequest, transfer: Transferable[]): void;
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate(): void;
}

function spawnReader(): ReaderWorker {
  return new Worker(new URL('./read.worker.ts', import.meta.url), { type: 'module', name: 'import-reader' });
}

/** Runs one read in `worker` and ends it: its answer, or the reader's failure if it errors or dies. */
export function readInWorker(
  worker: ReaderWorker,
  bytes: ArrayBuffer,
  options: { encoding?: Encoding },
): Promise<ReadResult> {
  return new Promise<ReadResult>((resolve) => {
    const finish = (result: ReadResult): void => {
      worker.terminate();
      resolve(result);
    };
    const rows: string[][] = [];
    worker.addEventListener('message', (event) => {
      const answer = (event as MessageEvent<ReadAnswer>).data;
      if (answer.kind === 'rows') {
        for (const row of answer.rows) rows.push(row);
        return;
      }
      const result = answer.result;
      finish(result.ok ? { ...result, rows } : result);
    });
    // A script that fails to load (404, CSP) or throws outside the handler, or an answer that can't be
    // cloned back: every way the worker can fail ends here, so the caller never waits for nothing.
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      finish(readerFailed((event as ErrorEvent).message || 'worker error'));
    });
    worker.addEventListener('messageerror', () => finish(readerFailed('answer could not be read')));
    const request: ReadRequest = options.encoding ? { bytes, encoding: options.encoding } : { bytes };
    try {
      worker.postMessage(request, [bytes]);
    } catch (error) {
      // A buffer already detached (transferred by an earlier read) can't be sent.
      finish(readerFailed(error));
    }
  });
}

export async function readImportFile(
  bytes: ArrayBuffer,
  options: { encoding?: Encoding } = {},
): Promise<ReadResult> {
  if (typeof Worker === 'undefined') {
    // Imported here, not at the top: the parser (PapaParse) then loads only in the worker, never in the window.
    const { readBytes } = await import('./read-bytes');
    return readBytes(bytes, options);
  }
  let worker: ReaderWorker;
  try {
    worker = spawnReader();
  } catch (error) {
    return readerFailed(error);
  }
  return readInWorker(worker, bytes, options);
}
