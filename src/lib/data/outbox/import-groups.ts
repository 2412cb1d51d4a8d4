/**
 * Import groups: one row per confirmed import (db `imports`, schema v5) and the `importId` its own
 * outbox entries carry. Rules:
 * - An entry is the import's only while nothing else of the user's is in it. A row that folds into a
 *   change the user already had waiting counts as `joined` and stays the user's (pausing or cancelling
 *   the import neither holds nor drops it); an edit the user makes later that folds into an import's
 *   entry takes that entry out of the import (`dropped`): what was typed is never the import's to drop.
 * - Counts are in file rows (an entry carries every row that folded into it: a duplicate row joins the
 *   create an earlier row made). `sent` grows in the transaction that logs the delivery (replay/answer.ts).
 * - Pause holds the group's entries in replay (replay/import-hold.ts). Cancel discards what is unsent
 *   (pending and never possibly in Rotor) by discard's rules, in batches; what is being sent or may
 *   already be in Rotor stays and is said so. Dismiss forgets the group; anything left becomes ordinary.
 */
import { Changes } from './changes';
import type { WriteContext } from './entries';
import { discardIn } from './settle';
import { rowsOf } from './import-count';

export { countImport, leaveImport, rowsOf } from './import-count';

/** Sets the group's pause flag (one small transaction; replay reads it before each send). */
export async function pauseImportTx(ctx: WriteContext, importId: string, paused: boolean): Promise<Changes> {
  const { db } = ctx;
  const changes = new Changes(db);
  await db.transaction('rw', db.imports, async () => {
    const group = await db.imports.get(importId);
    if (group && !group.cancelledAt && group.paused !== paused) await changes.putImport({ ...group, paused });
  });
  return changes;
}

/** Entries discarded per transaction by Cancel unsent (a 10,000-row import is 100 short transactions). */
export const CANCEL_BATCH = 100;

/**
 * Cancel unsent: first marks the group cancelled (and so held: replay sends none of it from then on),
 * then discards its pending entries by discard's rules, `CANCEL_BATCH` per transaction, each committed
 * as it lands (`commit`). Answers the rows discarded.
 */
export async function cancelImportTx(
  ctx: WriteContext,
  importId: string,
  commit: (changes: Changes) => void,
): Promise<number> {
  const { db } = ctx;
  const first = new Changes(db);
  const found = await db.transaction('rw', db.imports, async () => {
    const group = await db.imports.get(importId);
    if (!group) return false;
    if (!group.cancelledAt) await first.putImport({ ...group, paused: true, cancelledAt: ctx.nowIso() });
    return true;
  });
  commit(first);
  if (!found) return 0;
  let discarded = 0;
  for (;;) {
    const changes = new Changes(db);
    const n = await db.transaction('rw', [db.customers, db.outbox, db.imports], async () => {
      const batch = await db.outbox
        .where('importId')
        .equals(importId)
        .filter((e) => e.state === 'pending' && !e.ambiguous)
        .limit(CANCEL_BATCH)
        .toArray();
      let rows = 0;
      for (const e of batch) {
        // A create discarded earlier in this batch may have taken this entry with it.
        if (!changes.entries.has(e.id) && (await discardIn(ctx, changes, e.id))) rows += rowsOf(e);
      }
      return batch.length === 0 ? -1 : rows;
    });
    commit(changes);
    if (n < 0) return discarded;
    discarded += n;
  }
}

/** Forgets the group; entries still queued of it (possibly in Rotor) become ordinary changes. */
export async function dismissImportTx(ctx: WriteContext, importId: string): Promise<Changes> {
  const { db } = ctx;
  const changes = new Changes(db);
  await db.transaction('rw', [db.outbox, db.imports], async () => {
    for (const e of await db.outbox.where('importId').equals(importId).toArray()) {
      const { importId: _i, importRows: _r, ...rest } = e;
      await changes.putEntry(rest);
    }
    await changes.deleteImport(importId);
  });
  return changes;
}
