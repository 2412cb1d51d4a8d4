import type { Logger } from '../log/logger';

export const DISPOSE_TIMEOUT_MS = 5_000;

/**
 * `app.on('before-quit')`: holds the quit until the services are disposed (the quota ledger and
 * settings flushed), then quits for real. A dispose that hangs or fails does not keep the app alive
 * past `timeoutMs`.
 */
export function createQuitGuard(opts: {
  dispose(): Promise<void>;
  quit(): void;
  log: Logger;
  timeoutMs?: number;
  setTimer?: (callback: () => void, ms: number) => unknown;
}): (event: { preventDefault(): void }) => void {
  const setTimer = opts.setTimer ?? ((callback, ms) => setTimeout(callback, ms).unref());
  let state: 'running' | 'disposing' | 'done' = 'running';
  return (event) => {
    if (state === 'done') return;
    event.preventDefault();
    if (state === 'disposing') return;
    state = 'disposing';
    const timeout = new Promise<void>((resolve) =>
      setTimer(() => {
        if (state !== 'disposing') return;
        opts.log.warn('shutdown took too long; quitting anyway');
        resolve();
      }, opts.timeoutMs ?? DISPOSE_TIMEOUT_MS),
    );
    let disposing: Promise<void>;
    try {
      disposing = opts.dispose();
    } catch (error) {
      disposing = Promise.reject(error);
    }
    const disposed = disposing.catch((error: unknown) => opts.log.error('shutdown failed', error));
    void Promise.race([disposed, timeout]).then(() => {
      if (state === 'done') return;
      state = 'done';
      opts.quit();
    });
  };
}
