/** Progress lines on stderr (stdout carries the report), stamped with the time of day. */
export const log = (message: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
};
