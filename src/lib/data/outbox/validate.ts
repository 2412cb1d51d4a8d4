/**
 * The rule set (electron/contract/rules.ts) applied to an edit before it is queued, so the outbox only
 * holds changes main's write schema and Rotor will accept. Messages are written for the person
 * filling the form.
 */
import { FIELD_BY_WRITE } from '@contract/fields';
import type { FieldKind } from '@contract/fields';
import { changeProblems, problemsMessage, RULE_MESSAGES, uniqueTags, valueProblem } from '@contract/rules';
import type { EditableFields } from '../types';
import { fieldValue } from '../mapping';
import type { CustomerData } from '../mapping';

const isType = (kind: FieldKind, v: unknown): boolean =>
  kind === 'tags'
    ? Array.isArray(v) && v.every((t) => typeof t === 'string')
    : kind === 'boolean'
      ? typeof v === 'boolean'
      : typeof v === 'string';

/**
 * Keeps only known fields; `null` means "cleared": '' for text, no tags for tags (what Rotor's write
 * shape takes), and nothing for a status or a yes/no, which can't be cleared. Values of the wrong type
 * are reported rather than dropped silently.
 */
export function sanitize(input: EditableFields): { fields: EditableFields; errors: Record<string, string> } {
  const fields: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const [key, raw] of Object.entries(input as Record<string, unknown>)) {
    const spec = FIELD_BY_WRITE.get(key);
    if (!spec || raw === undefined) continue;
    if (raw === null) {
      if (spec.kind === 'tags') fields[key] = [];
      else if (spec.kind !== 'status' && spec.kind !== 'boolean') fields[key] = '';
    } else if (isType(spec.kind, raw)) fields[key] = raw;
    // A value of the wrong type breaks its field's rules, and they say how.
    else errors[key] = valueProblem(key, raw) ?? RULE_MESSAGES.text;
  }
  return { fields: fields as EditableFields, errors };
}

/**
 * `result` is the record as it would be after the edit; `changes` the fields the user touched. See
 * `changeProblems` for which rules apply when. Tags are checked as the outbox will keep them.
 */
export function validateEdit(
  result: CustomerData,
  changes: EditableFields,
  opts: { create: boolean },
): Record<string, string> | null {
  const checked = changes.tags ? { ...changes, tags: uniqueTags(changes.tags) } : changes;
  const problems = changeProblems(checked, (f) => fieldValue(result, f as keyof EditableFields), opts);
  return Object.keys(problems).length ? problems : null;
}

export const validationMessage = problemsMessage;
