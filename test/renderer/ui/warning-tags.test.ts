import { describe, expect, it, vi } from 'vitest';
import WarningTagsSettings from '$lib/components/settings/WarningTagsSettings.svelte';
import { DEFAULT_SETTINGS } from '@contract/settings-defaults';
import {
  DEFAULT_WARNING_TAGS,
  MAX_WARNING_TAG_LENGTH,
  MAX_WARNING_TAGS,
  WARNING_TAG_MESSAGES,
  warningTagProblem,
} from '@contract/warning-tags';
import { warningLabel, warningMatcher, warningsFirst } from '$lib/state/warning-tags';
import { labelOf, renderHtml, tagged, textOf } from './html';
import type { El } from './html';

describe('warning tags', () => {
  it('match a tag as a person means it, whatever its case or spacing', () => {
    const isWarning = warningMatcher(['do-not-service', 'Gate  code']);
    expect(isWarning('do-not-service')).toBe(true);
    expect(isWarning(' DO-NOT-SERVICE ')).toBe(true);
    expect(isWarning('gate code')).toBe(true);
    expect(isWarning('gate\tcode')).toBe(true);
    expect(isWarning('do-not')).toBe(false);
    expect(isWarning('vip')).toBe(false);
  });

  it('flag nothing when the list is empty', () => {
    const isWarning = warningMatcher([]);
    expect(['dog', '', ' '].some(isWarning)).toBe(false);
  });

  it('start from defaults a home-service technician needs, which the settings start with', () => {
    expect(DEFAULT_WARNING_TAGS).toEqual(expect.arrayContaining(['do-not-service', 'dog', 'gate-code']));
    expect(DEFAULT_SETTINGS.warningTags).toEqual([...DEFAULT_WARNING_TAGS]);
    expect(DEFAULT_WARNING_TAGS.length).toBeLessThanOrEqual(MAX_WARNING_TAGS);
  });

  it('come first, in the customer’s order, the other tags after in theirs', () => {
    const isWarning = warningMatcher(['dog', 'call-first']);
    expect(warningsFirst(['vip', 'call-first', 'gutters', 'dog'], isWarning)).toEqual([
      { tag: 'call-first', warning: true },
      { tag: 'dog', warning: true },
      { tag: 'vip', warning: false },
      { tag: 'gutters', warning: false },
    ]);
  });

  it('are named "Warning: <tag>", not told by colour alone', () => {
    expect(warningLabel('dog')).toBe('Warning: dog');
  });

  it('refuse a blank, a repeat (any case), one too long, or one too many', () => {
    expect(warningTagProblem(['dog'], '  ')).toBe(WARNING_TAG_MESSAGES.empty);
    expect(warningTagProblem(['dog'], 'DOG ')).toBe(WARNING_TAG_MESSAGES.duplicate);
    expect(warningTagProblem([], 'x'.repeat(MAX_WARNING_TAG_LENGTH + 1))).toBe(WARNING_TAG_MESSAGES.tooLong);
    const full = Array.from({ length: MAX_WARNING_TAGS }, (_, i) => `t${i}`);
    expect(warningTagProblem(full, 'one-more')).toBe(WARNING_TAG_MESSAGES.tooMany);
    expect(warningTagProblem(['dog'], 'cat')).toBeNull();
  });
});

describe('the warning tags settings', () => {
  it('lists each tag as a flag with its own remove button, and a labelled field to add one', () => {
    const root = renderHtml(WarningTagsSettings, {
      tags: ['dog', 'gate-code'],
      save: vi.fn(async () => null),
    });
    expect(tagged(root, 'li').map(textOf)).toEqual(['⚠Warning: dog ×', '⚠Warning: gate-code ×']);
    expect(tagged(root, 'button').map((b) => b.attrs['aria-label'] ?? textOf(b))).toEqual([
      'Remove warning tag dog',
      'Remove warning tag gate-code',
      'Add',
      'Use the default tags',
    ]);
    const input = tagged(root, 'input')[0] as El;
    expect(labelOf(root, input)).toBe('Add a warning tag');
  });

  it('offers the defaults back only when the list differs from them', () => {
    const root = renderHtml(WarningTagsSettings, {
      tags: [...DEFAULT_WARNING_TAGS],
      save: vi.fn(async () => null),
    });
    expect(tagged(root, 'button').map(textOf)).not.toContain('Use the default tags');
  });
});
