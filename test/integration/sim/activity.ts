/**
 * When is the simulated app quiet? Virtual time may only move, and the scheduler may only pick the next
 * interleaving, once everything already started has run to a stop: IndexedDB transactions (counted
 * through a Dexie middleware on every database the data layer opens), bridge calls inside main, and
 * requests on the wire. A run is reproducible from its seed only if every such decision waits for that.
 */
import { Dexie } from 'dexie';
import type { DBCore } from 'dexie';

let openTransactions = 0;
let installed = false;

/** Counts the data layer's open IndexedDB transactions (installed once per test worker). */
export function trackIndexedDb(): void {
  if (installed) return;
  installed = true;
  Dexie.addons.push((db) => {
    db.use({
      stack: 'dbcore',
      name: 'sim-activity',
      create: (down: DBCore): Partial<DBCore> => ({
        ...down,
        transaction(stores, mode, options) {
          const tx = down.transaction(stores, mode, options);
          // At the bottom of the stack Dexie hands out the IDBTransaction itself.
          const target = tx as unknown as EventTarget;
          openTransactions++;
          let open = true;
          const done = (): void => {
            if (!open) return;
            open = false;
            openTransactions--;
          };
          target.addEventListener('complete', done);
          target.addEventListener('abort', done);
          return tx;
        },
      }),
    });
  });
}

export function transactionsOpen(): number {
  return openTransactions;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Turns of the event loop that must pass with nothing running before the app counts as quiet. */
const QUIET_TURNS = 3;
/** A real-time bound: past this many turns something runs for ever, which is a bug of its own. */
const MAX_TURNS = 200_000;

/**
 * Waits until `busy()` (the world's own counters) and the IndexedDB counter have read zero for a few
 * consecutive event-loop turns. Real I/O (loopback HTTP, file writes) completes in between.
 */
export async function quiet(busy: () => boolean, what: () => string): Promise<void> {
  for (let calm = 0, turns = 0; calm < QUIET_TURNS; turns++) {
    if (turns > MAX_TURNS) throw new Error(`the simulated app never went quiet: ${what()}`);
    await turn();
    calm = busy() || openTransactions > 0 ? 0 : calm + 1;
  }
}
