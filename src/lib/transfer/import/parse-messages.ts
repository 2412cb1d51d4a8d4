/**
 * What the import reader says when it refuses a file or stops: kept apart from parse.ts so the window's
 * side of the reader (read-file.ts) can tell a failure without loading the parser (PapaParse).
 */
export const PARSE_MESSAGES = {
  too_many_rows:
    'The file has more than 100,000 rows. Split it into smaller files and import them one by one.',
  empty: 'The file has no header row.',
  reader_failed:
    'The file could not be read: the reader stopped before it finished. Try again; if it happens again, split the file into smaller ones.',
} as const;

export type ParseError = { kind: keyof typeof PARSE_MESSAGES; message: string };

/** The reader (the worker, or the parser in-thread) threw or died: told as data, never a hang. */
export function readerFailed(cause?: unknown): { ok: false; error: ParseError } {
  // The cause is for the developer's console; the user gets the sentence.
  if (cause !== undefined) console.warn('import reader failed', cause);
  return { ok: false, error: { kind: 'reader_failed', message: PARSE_MESSAGES.reader_failed } };
}
