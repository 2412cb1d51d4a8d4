/**
 * Warning tags: the customer tags a technician must see before going to the door ("dog",
 * "do-not-service"). Which tags count is a setting; its defaults and limits live here, free of zod,
 * so the settings schema (settings.ts), the defaults and the Settings screen share one set.
 */
import { FIELD_BY_WRITE } from './fields';
import { normalizeTag } from './rules';

/** Home-service defaults: safety first (dogs), then access (gate code, call first), then "don't go". */
export const DEFAULT_WARNING_TAGS: readonly string[] = [
  'do-not-service',
  'aggressive-dog',
  'dog',
  'pets',
  'gate-code',
  'call-first',
];

/** A short list is what keeps a red flag meaningful; 30 is already more than anyone reads at a glance. */
export const MAX_WARNING_TAGS = 30;
/** A warning tag is a tag, so it is no longer than a tag can be. */
export const MAX_WARNING_TAG_LENGTH = FIELD_BY_WRITE.get('tags')?.maxLength ?? 200;

export const WARNING_TAG_MESSAGES = {
  empty: 'Type a tag first',
  tooLong: `A tag can be at most ${MAX_WARNING_TAG_LENGTH} characters`,
  tooMany: `At most ${MAX_WARNING_TAGS} warning tags`,
  duplicate: 'That tag is already a warning tag',
} as const;

/** The key warning tags are matched by: the tag as a person means it, case ignored (see state/warning-tags.ts). */
export function warningKey(tag: string): string {
  return normalizeTag(tag).toLocaleLowerCase('en-US');
}

/** Why `tag` can't be added to `current`, or null. */
export function warningTagProblem(current: readonly string[], tag: string): string | null {
  const t = normalizeTag(tag);
  if (!t) return WARNING_TAG_MESSAGES.empty;
  if (t.length > MAX_WARNING_TAG_LENGTH) return WARNING_TAG_MESSAGES.tooLong;
  if (current.some((c) => warningKey(c) === warningKey(t))) return WARNING_TAG_MESSAGES.duplicate;
  if (current.length >= MAX_WARNING_TAGS) return WARNING_TAG_MESSAGES.tooMany;
  return null;
}
