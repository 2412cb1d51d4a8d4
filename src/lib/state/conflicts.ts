/**
 * Conflict resolution choices. Pure so the defaulting rule is tested.
 */
import type { ConflictPick, EditableField, OutboxEntry } from '$lib/data/types';

/** Every conflicting field starts on "mine": the user's edit is what they set out to do. */
export function initialPicks(entry: Pick<OutboxEntry, 'conflicts'>): ConflictPick {
  const picks: ConflictPick = {};
  for (const field of Object.keys(entry.conflicts ?? {}) as EditableField[]) picks[field] = 'mine';
  return picks;
}
