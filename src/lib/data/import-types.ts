/**
 * What a confirmed import is to the data layer: the plan the import screen hands to
 * `DataStore.queueImport`, and the group Pending changes shows (stored in schema v5's `imports`).
 */
import type { Result } from '@contract/result';
import type { EditableFields } from './types';

/** One row of a confirmed import, in file order (transfer/import/plan.ts builds it from the preview). */
export interface ImportRowPlan {
  /** 1-based data row of the file. */
  row: number;
  /** The customer it updates; `createdByRow`: the one an earlier row of this import creates; null: a new one. */
  target: { customerId: string } | { createdByRow: number } | null;
  changes: EditableFields;
}

export interface ImportPlan {
  fileName: string;
  rows: readonly ImportRowPlan[];
}

/** `refused`: rows the outbox would not take (the form's rules), with the reason; the rest are queued. */
export type ImportResult = Result<{
  importId: string;
  queued: number;
  refused: { row: number; message: string }[];
}>;

/** One confirmed import as stored (schema v5); counts are in file rows. */
export interface ImportGroupRow {
  id: string;
  fileName: string;
  createdAt: string;
  /** Rows queued as this import's own entries (refused ones and those that joined a waiting change excluded). */
  total: number;
  /** Rows that folded into a change the user already had waiting: sent with it, not the import's to hold. */
  joined: number;
  /** Rows Rotor accepted. */
  sent: number;
  /** Rows discarded unsent (Cancel unsent, or the user discarding one) or taken over by a later edit. */
  dropped: number;
  /** Replay holds the import's entries while set. */
  paused: boolean;
  /** Set once Cancel unsent ran: what is left of the group is only what may already be in Rotor. */
  cancelledAt: string | null;
}

/** An import with its live progress, as Pending changes shows it (computed from the outbox). */
export interface ImportGroup extends ImportGroupRow {
  /** Rows waiting to be sent (pending, not ambiguous). */
  waiting: number;
  /** Rows whose entry failed or is in conflict: they need the user. */
  failed: number;
  /** Rows being sent, or whose earlier attempt may have reached Rotor: Cancel can't take them back. */
  inFlight: number;
  /** Nothing of the import is left in the outbox. */
  done: boolean;
}
