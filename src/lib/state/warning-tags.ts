/**
 * The one answer to "is this a warning tag": the list in Settings (`warningTags`) against a customer's
 * tags. Matched as a person means the tag (normalizeTag) and without case, unlike tags themselves
 * (rules.ts keeps `VIP` and `vip` apart): a missed "Dog" warning costs a bite, an extra flag nothing.
 */
import { getContext, setContext } from 'svelte';
import { DEFAULT_WARNING_TAGS, warningKey } from '@contract/warning-tags';

export type IsWarningTag = (tag: string) => boolean;

/** Bounds a matcher's memo, for a cache with more distinct tags than anyone keeps. */
const MEMO_LIMIT = 10_000;

/** A matcher for the configured list. */
export function warningMatcher(warningTags: readonly string[]): IsWarningTag {
  const keys = new Set(warningTags.map(warningKey));
  if (keys.size === 0) return () => false;
  // Every row drawn asks about each of its tags, and customers share a few hundred tags: each tag's
  // key (a trim, a regex and a lower-casing) is worked out once per list, not once per row drawn.
  const known = new Map<string, boolean>();
  return (tag) => {
    let hit = known.get(tag);
    if (hit === undefined) {
      hit = keys.has(warningKey(tag));
      if (known.size >= MEMO_LIMIT) known.clear();
      known.set(tag, hit);
    }
    return hit;
  };
}

export const DEFAULT_IS_WARNING: IsWarningTag = warningMatcher(DEFAULT_WARNING_TAGS);

/** Warning tags first (in the customer's order), then the rest: what a narrow row shows first. */
export function warningsFirst(
  tags: readonly string[],
  isWarning: IsWarningTag,
): { tag: string; warning: boolean }[] {
  const marked = tags.map((tag) => ({ tag, warning: isWarning(tag) }));
  return [...marked.filter((t) => t.warning), ...marked.filter((t) => !t.warning)];
}

/** The accessible name of a warning flag, so it is not told by colour alone. */
export const warningLabel = (tag: string): string => `Warning: ${tag}`;

/*
 * List rows are drawn by the listbox, which hands each row only its customer; the customers view
 * provides the matcher here rather than threading one prop through every list component.
 */
const KEY = Symbol('warning-tags');

export function provideWarningTags(get: () => IsWarningTag): void {
  setContext(KEY, get);
}

/** The provided matcher, or the defaults' when nothing provides one (a component rendered alone). */
export function useWarningTags(): () => IsWarningTag {
  return getContext<(() => IsWarningTag) | undefined>(KEY) ?? (() => DEFAULT_IS_WARNING);
}
