/**
 * The import file's reader off the window's thread: one request in, its ReadResult out as a few
 * messages (read-bytes.ts answersOf). A throw (a bug, or memory running out) still answers, as the
 * reader's failure, so the page never waits.
 */
import { answersOf, readBytes } from './read-bytes';
import type { ReadAnswer, ReadRequest, ReadResult } from './read-bytes';
import { readerFailed } from './parse-messages';

// A dedicated worker's global: typed here, since the page's DOM lib types `self` as a window.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ReadRequest>) => void) | null;
  postMessage(message: ReadAnswer): void;
};

scope.onmessage = (event) => {
  let result: ReadResult;
  try {
    const { bytes, encoding } = event.data;
    result = readBytes(bytes, encoding ? { encoding } : {});
  } catch (error) {
    result = readerFailed(error);
  }
  for (const answer of answersOf(result)) scope.postMessage(answer);
};
