/**
 * A confirmed preview → the import the outbox queues (DataStore.queueImport): the rows that cost a
 * request, in file order, each with whom it changes. A duplicate names the customer its first row
 * matched, or that first row when it creates the customer (preview.ts's `of` is always the first row
 * of a chain, so a chain of duplicates points at the create itself, never at another duplicate).
 */
import type { ImportPlan, ImportRowPlan } from '../../data/types';
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

export function planImport(fileName: string, previews: readonly RowPreview[]): ImportPlan {
  const rows: ImportRowPlan[] = [];
  for (const p of previews) {
    if (!sends(p) || !('changes' in p)) continue;
    rows.push({ row: p.row, target: targetOf(p), changes: p.changes });
  }
  return { fileName, rows };
}
