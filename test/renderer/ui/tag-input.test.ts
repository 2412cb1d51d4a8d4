/** Tags Rotor has are shown locked (no ×, the reason once); tags not yet sent keep their ×. */
import { describe, expect, it, vi } from 'vitest';
import { RULE_MESSAGES } from '@contract/rules';
import TagInput from '$lib/components/customer/TagInput.svelte';
import { CustomerEditor } from '$lib/state/editor.svelte';
import type { EditorHost } from '$lib/state/editor.svelte';
import { customer } from './fakes';
import { all, byId, renderHtml, textOf } from './html';
import type { El } from './html';

const host: EditorHost = {
  online: true,
  findUpsertMatch: () => undefined,
  saveEdit: vi.fn(),
  createCustomer: vi.fn(),
};

function chips(root: El): El[] {
  return all(root, (e) => e.tag === 'li' && (e.attrs.class ?? '').split(' ').includes('chip'));
}

describe('TagInput', () => {
  it('offers × only on tags this computer added; Rotor’s are locked with the rule’s reason', () => {
    const editor = new CustomerEditor(host, customer({ tags: ['vip', 'gate-code'], serverTags: ['vip'] }));
    const root = renderHtml(TagInput, { editor, suggestions: [] });
    const [vip, local] = chips(root);
    if (!vip || !local) throw new Error('expected two chips');
    expect(all(vip, (e) => e.tag === 'button')).toHaveLength(0);
    expect(all(vip, (e) => e.attrs['data-testid'] === 'tag-lock')).toHaveLength(1);
    expect(vip.attrs.title).toBe(RULE_MESSAGES.tagOnRotor);
    expect(textOf(vip)).toContain('can’t be removed here');
    const remove = all(local, (e) => e.tag === 'button');
    expect(remove.map((b) => b.attrs['aria-label'])).toEqual(['Remove tag gate-code']);
    expect(local.attrs.title).toBeUndefined();
    // The reason is said once, under the tags, from the rule set.
    expect(textOf(byId(root, 'field-tags-hint') as El).trim()).toBe(RULE_MESSAGES.tagOnRotor);
    expect(textOf(root).split(RULE_MESSAGES.tagOnRotor)).toHaveLength(2);
  });
});
