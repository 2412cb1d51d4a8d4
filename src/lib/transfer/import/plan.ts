/**
 * A confirmed preview → the import the outbox queues (DataStore.queueImport): the rows that cost a
 * request, in file order, each with whom it changes. A duplicate names the customer its first row
 * matched, or that first row when it creates the customer (preview.ts's `of` is always the first row
 * of a chain, so a chain of duplicates points at the create itself, never at another duplicate).
 *
 * Tags: the preview lists only the tags a row adds (what Rotor merges); an edit of the data layer
 * carries the customer's whole tag list (saveEdit refuses a list that drops one, as the form does). So
 * each row's tags become what the customer has by then: the cache's tags, plus what earlier rows of
 * this file added to the same customer.
 */
import type { EditableFields, ImportPlan, ImportRowPlan } from '../../data/types';
import { sends } from './preview';
import type { RowPreview } from './preview';

function targetOf(p: RowPreview): ImportRowPlan['target'] {
  switch (p.kind) {
    case 'update':
      return { customerId: p.customerId };
    case 'duplicate':
      return p.customerId !== null ? { customerId: p.customerId } : { createdByRow: p.of };
    default:
      return null;
  }
}

/** `tagsOf`: a cached customer's tags (LocalCustomer.tags, pending edits included). */
export function planImport(
  fileName: string,
  previews: readonly RowPreview[],
  tagsOf: (customerId: string) => readonly string[],
): ImportPlan {
  const rows: ImportRowPlan[] = [];
  /** Tags each customer has after the rows so far: by id, or `row:N` for the one row N creates. */
  const known = new Map<string, readonly string[]>();
  for (const p of previews) {
    if (!sends(p) || !('changes' in p)) continue;
    const target = targetOf(p);
    const key =
      target === null
        ? `row:${p.row}`
        : 'customerId' in target
          ? target.customerId
          : `row:${target.createdByRow}`;
    let changes: EditableFields = p.changes;
    if (target === null) known.set(key, p.changes.tags ?? []);
    else if (p.changes.tags) {
      const base = known.get(key) ?? ('customerId' in target ? tagsOf(target.customerId) : []);
      const tags = [...base, ...p.changes.tags.filter((t) => !base.includes(t))];
      known.set(key, tags);
      changes = { ...p.changes, tags };
    }
    rows.push({ row: p.row, target, changes });
  }
  return { fileName, rows };
}
