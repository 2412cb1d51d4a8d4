/**
 * A change Rotor rejected (a validation answer): sending it again as it is fails the same way, so it
 * stays `failed`, with Rotor's reason, until the user changes the rejected values or discards it. A
 * refresh or a conflict on the same entry must not lose that reason.
 */
import type { EditableField, OutboxEntry } from '../types';

/** Rotor (or the contract) refused the values themselves: the same request would be refused again. */
export function isRejected(entry: Pick<OutboxEntry, 'lastError'>): boolean {
  const kind = entry.lastError?.kind;
  return kind === 'validation' || kind === 'invalid_argument';
}

/** The entry's changed fields the rejection names, in Rotor's (write) names. */
export function rejectedFields(entry: Pick<OutboxEntry, 'lastError' | 'changes'>): EditableField[] {
  if (!isRejected(entry)) return [];
  const named = new Set((entry.lastError?.fields ?? []).map((f) => f.field));
  return (Object.keys(entry.changes) as EditableField[]).filter((f) => named.has(f));
}
