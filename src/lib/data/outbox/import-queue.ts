/**
 * A confirmed import becomes outbox entries: each row by exactly the form's rules (saveEditIn and
 * createIn: validation, coalescing, tags only added), `IMPORT_BATCH` rows per IndexedDB transaction,
 * each batch committed (and shown) as it lands. The group row is written with the first batch and its
 * counts with every batch, so an import cut short (the window closed) is a smaller group, never rows
 * queued outside one. Whose each entry is (the import's, or a change the user already had waiting that
 * the row joined): import-groups.ts.
 */
import type { AppError } from '@contract/result';
import type { ImportGroupRow, ImportPlan, ImportResult, ImportRowPlan, SaveResult } from '../types';
import { Changes } from './changes';
import type { RotorDb, StoredEntry } from '../db/schema';
import { identityKeys } from '../replay/lanes';
import { checkCreate, createIn } from './create';
import type { WriteContext } from './entries';
import { validationError } from './entries';
import { saveEditIn } from './outbox';
import { sanitize } from './validate';

/** Rows per transaction, like a bulk action's batch (saveEdits). */
export const IMPORT_BATCH = 100;

export async function queueImportTx(
  ctx: WriteContext,
  plan: ImportPlan,
  hooks: { commit: (changes: Changes) => void; resolveId: (id: string) => string },
): Promise<ImportResult> {
  const { db } = ctx;
  let group: ImportGroupRow = {
    id: ctx.uuid(),
    fileName: plan.fileName,
    createdAt: ctx.nowIso(),
    total: 0,
    joined: 0,
    sent: 0,
    dropped: 0,
    paused: false,
    cancelledAt: null,
  };
  /** File row → the local id the create it queued was given (`createdByRow` targets resolve to it). */
  const created = new Map<number, string>();
  const creates = new CreateIndex();
  const refused: { row: number; message: string }[] = [];
  let queued = 0;
  for (let i = 0; i < plan.rows.length; i += IMPORT_BATCH) {
    const batch = plan.rows.slice(i, i + IMPORT_BATCH);
    const changes = new Changes(db);
    try {
      await db.transaction('rw', [db.customers, db.outbox, db.imports], async () => {
        const g = { ...group };
        // Whatever was queued since the last batch (this import's rows, another window's edits).
        await creates.catchUp(db);
        for (const row of batch) {
          const result = await queueRow(ctx, changes, g, row, {
            created,
            creates,
            resolveId: hooks.resolveId,
          });
          if (result.ok) queued++;
          else refused.push({ row: row.row, message: result.error.message });
        }
        await changes.putImport(g);
        group = g;
      });
    } catch {
      return { ok: false, error: storageFailed(queued) };
    }
    hooks.commit(changes);
  }
  return { ok: true, data: { importId: group.id, queued, refused } };
}

interface RowContext {
  created: Map<number, string>;
  creates: CreateIndex;
  resolveId: (id: string) => string;
}

async function queueRow(
  ctx: WriteContext,
  changes: Changes,
  g: ImportGroupRow,
  plan: ImportRowPlan,
  { created, creates, resolveId }: RowContext,
): Promise<SaveResult> {
  const { fields, errors } = sanitize(plan.changes);
  if (Object.keys(errors).length) return validationError(errors);
  const own = (e: StoredEntry): void => {
    e.importId = g.id;
    e.importRows = [plan.row];
    g.total++;
  };
  if (plan.target === null) {
    const checked = checkCreate(ctx, fields);
    if (!checked.ok) return checked;
    const result = await createIn(ctx, changes, checked.data, (e) => {
      own(e);
      creates.add(e);
    });
    if (result.ok) created.set(plan.row, result.data.id);
    return result;
  }
  const target =
    'customerId' in plan.target ? resolveId(plan.target.customerId) : created.get(plan.target.createdByRow);
  if (!target) {
    return {
      ok: false,
      error: {
        kind: 'validation',
        message: `Not queued: row ${'createdByRow' in plan.target ? plan.target.createdByRow : ''}, which creates this customer, was not queued.`,
      },
    };
  }
  const mark = (entry: StoredEntry, merged: boolean): void => {
    if (!merged) own(entry);
    else if (entry.importId === g.id) {
      // A later row of this file for the same customer (a duplicate joins the create an earlier row made).
      entry.importRows = [...(entry.importRows ?? []), plan.row];
      g.total++;
    } else g.joined++;
    // A create this row folded into may now carry a phone or email it did not.
    if (entry.kind === 'create') creates.add(entry);
  };
  return saveEditIn(ctx, changes, target, fields, mark, (keys, seq) => creates.after(keys, seq));
}

/**
 * The latest queue position of a create carrying each identity key (phone digits, email): what
 * saveEditIn's coalescing asks, kept in memory across the import's batches and brought up to date at the
 * start of each (only entries queued since are read).
 */
class CreateIndex {
  private readonly latest = new Map<string, number>();
  private seen = 0;

  async catchUp(db: RotorDb): Promise<void> {
    const since = await db.outbox.where('seq').above(this.seen).toArray();
    for (const e of since) this.add(e);
  }

  add(e: StoredEntry): void {
    this.seen = Math.max(this.seen, e.seq);
    if (e.kind !== 'create') return;
    for (const k of identityKeys(e.changes)) this.latest.set(k, Math.max(this.latest.get(k) ?? 0, e.seq));
  }

  after(keys: readonly string[], seq: number): boolean {
    return keys.some((k) => (this.latest.get(k) ?? 0) > seq);
  }
}

function storageFailed(queued: number): AppError {
  return {
    kind: 'storage',
    message:
      `The import stopped: this computer's storage refused the rest (the disk may be full). ` +
      `${queued.toLocaleString('en-US')} rows were queued and are in Pending changes; import the rest again ` +
      'once there is space.',
  };
}
