/**
 * Conflict resolution choices, per field: Rotor's value, mine, a value typed now, or (for notes) both
 * joined. Pure so the defaulting and joining rules are tested.
 */
import { FIELD_BY_WRITE } from '@contract/fields';
import type { ConflictPick, EditableField, FieldConflict, OutboxEntry } from '$lib/data/types';
import { rejectedFields } from '$lib/data/outbox/rejection';

export type ConflictChoice = 'theirs' | 'mine' | 'edit' | 'both';

export type ConflictChoices = Partial<Record<EditableField, ConflictChoice>>;

type Entry = Pick<OutboxEntry, 'conflicts' | 'lastError' | 'changes'>;

/**
 * Every conflicting field starts on "mine" (the user's edit is what they set out to do), except a value
 * Rotor rejected: sending it again would fail the same way, so that field waits for an explicit choice.
 */
export function initialChoices(entry: Entry): ConflictChoices {
  const rejected = new Set(rejectedFields(entry));
  const choices: ConflictChoices = {};
  for (const field of Object.keys(entry.conflicts ?? {}) as EditableField[]) {
    if (!rejected.has(field)) choices[field] = 'mine';
  }
  return choices;
}

/** A new value can be typed for text fields; a status has only the two sides. */
export function canEdit(field: EditableField): boolean {
  const kind = FIELD_BY_WRITE.get(field)?.kind;
  return kind === 'text' || kind === 'email' || kind === 'phone' || kind === 'multiline';
}

/** Notes can keep both sides: two people wrote different things worth keeping. */
export function canKeepBoth(field: EditableField): boolean {
  return FIELD_BY_WRITE.get(field)?.kind === 'multiline';
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** Rotor's notes, then mine, on their own lines either side of a rule; one side empty: the other alone. */
export function keepBoth(c: Pick<FieldConflict, 'mine' | 'theirs'>): string {
  const theirs = text(c.theirs);
  const mine = text(c.mine);
  if (!theirs || !mine || theirs === mine) return mine || theirs;
  return `${theirs}\n\n———\n\n${mine}`;
}

/** Fields of the entry's conflicts the user has not decided yet, in the order given. */
export function undecided(fields: readonly EditableField[], choices: ConflictChoices): EditableField[] {
  return fields.filter((f) => choices[f] === undefined);
}

/** The store's picks from the card's choices; `typed` holds what was typed for "edit". */
export function toPicks(
  entry: Pick<OutboxEntry, 'conflicts'>,
  choices: ConflictChoices,
  typed: Partial<Record<EditableField, string>>,
): ConflictPick {
  const picks: ConflictPick = {};
  for (const [field, choice] of Object.entries(choices) as [EditableField, ConflictChoice][]) {
    const c = entry.conflicts?.[field];
    if (!c) continue;
    if (choice === 'edit') picks[field] = { value: typed[field] ?? text(c.mine) };
    else if (choice === 'both') picks[field] = { value: keepBoth(c) };
    else picks[field] = choice;
  }
  return picks;
}

/**
 * Whether resolving with these choices leaves anything to send: a field not taking Rotor's value, or a
 * change of the entry that was never in conflict.
 */
export function sendsSomething(entry: Pick<OutboxEntry, 'conflicts' | 'changes'>, choices: ConflictChoices) {
  const conflicts = entry.conflicts ?? {};
  const others = Object.keys(entry.changes).some((f) => !(f in conflicts));
  // An undecided field is asked about on submit, not counted as Rotor's.
  return others || (Object.keys(conflicts) as EditableField[]).some((f) => choices[f] !== 'theirs');
}
