/**
 * Ending the current task, for work that must let the page paint and handle input between its steps
 * (the opening load), or must run after the task it was asked from (a sync page applied outside
 * IndexedDB's transaction, the views' one re-render after a task of changes: open-cache.svelte.ts). A
 * message, not a timer or an animation frame, which a hidden window (no frames, timers slowed to one a
 * second) or a paused page clock (Playwright's) would hold.
 */

/** The one channel every yield posts through, and who waits on its messages, in order. */
let yields: { port: MessagePort; waiting: (() => void)[] } | null = null;

/**
 * Resolves in a task of its own (a message's), after every call made before it.
 *
 * One channel serves every yield, its messages answered in the order posted. A channel per yield
 * cost 100 µs against 40 (250 against 95 with the CPU throttled 4×, Chromium), and the opening load
 * of 50,000 customers yields about 300 times (650–700 throttled 4×): some 100 ms off a slow start.
 */
export function nextTask(): Promise<void> {
  if (!yields) {
    const channel = new MessageChannel();
    const waiting: (() => void)[] = [];
    channel.port1.onmessage = () => waiting.shift()?.();
    // Node's ports (the tests) keep its event loop alive while open; browsers have no unref.
    (channel.port1 as MessagePort & { unref?: () => void }).unref?.();
    yields = { port: channel.port2, waiting };
  }
  const { port, waiting } = yields;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port.postMessage(null);
  });
}
