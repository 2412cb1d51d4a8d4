/**
 * The one first action a failed change offers, and what the buttons that can't act say. Decided here
 * once, from the entry's error (error-actions.ts) and the pause (pause.ts), so the Pending screen and
 * the customer's notice agree.
 */
import type { EditableField, OutboxEntry, OutboxState, PausedReason } from '$lib/data/types';
import { rejectedFields } from '$lib/data/outbox/rejection';
import { errorAction } from './error-actions';
import { FIELD_LABELS, orderedFields } from './fields';
import { pauseClause } from './pause';
import type { PauseContext } from './pause';

export type FailureAction =
  /** Rotor rejected values: open the editor on the first rejected field (null: no field was named). */
  | { kind: 'fix'; field: EditableField | null; label: string }
  /** Deleted in Rotor: send it as a new customer. */
  | { kind: 'recreate'; label: string }
  /** Trying again may work. */
  | { kind: 'retry'; label: string };

type Entry = Pick<OutboxEntry, 'kind' | 'state' | 'lastError' | 'changes'>;

export function failureAction(entry: Entry): FailureAction {
  const action = entry.lastError ? errorAction(entry.lastError) : 'retry';
  if (action === 'fix_fields') {
    const [field] = orderedFields(rejectedFields(entry));
    return field
      ? { kind: 'fix', field, label: `Fix ${FIELD_LABELS[field]}` }
      : { kind: 'fix', field: null, label: 'Fix the change' };
  }
  if (action === 'recreate' && entry.kind === 'update')
    return { kind: 'recreate', label: 'Send as new customer' };
  return { kind: 'retry', label: 'Retry now' };
}

/** Why a send button is disabled, next to it; null when it can act. */
export function heldReason(
  paused: PausedReason | null,
  online: boolean,
  ctx: Pick<PauseContext, 'quota'>,
): string | null {
  if (paused) return `Sending is paused: ${pauseClause(paused, ctx.quota)}.`;
  if (!online) return 'Offline: changes are sent when the connection is back.';
  return null;
}

/** After resolving a conflict: what really happens next, by what is left of the change. */
export function resolvedMessage(
  left: OutboxState | null,
  name: string,
  /** `paused`: pause.ts's words for why nothing is sent now. */
  held: { paused: string | null; online: boolean },
  rejected: readonly EditableField[],
): string {
  if (left === null) return `Conflict resolved: nothing to send — ${name} now matches Rotor.`;
  if (left === 'failed') {
    const labels = rejected.map((f) => FIELD_LABELS[f]).join(', ') || 'a value';
    return `Conflict resolved. Not sent: Rotor rejected ${labels} — fix it before it is sent.`;
  }
  if (left === 'conflict') return 'Some fields still need a choice before the change can be sent.';
  if (held.paused) return `Conflict resolved. ${held.paused}`;
  if (!held.online) return 'Conflict resolved — it will be sent when the connection is back.';
  return 'Conflict resolved — sending your change to Rotor.';
}
