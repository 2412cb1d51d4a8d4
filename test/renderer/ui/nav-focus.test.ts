import { describe, expect, it } from 'vitest';
import { FOCUS_IDS } from '$lib/state/focus-target';
import { Nav } from '$lib/state/nav.svelte';
import type { View } from '$lib/state/route';

describe('focus after navigation', () => {
  it.each<[View, string]>([
    [{ name: 'customers', id: 'c1' }, FOCUS_IDS.detail],
    [{ name: 'customers', id: null }, FOCUS_IDS.list],
    [{ name: 'edit', id: 'c1' }, FOCUS_IDS.form],
    [{ name: 'create' }, FOCUS_IDS.form],
    [{ name: 'pending' }, FOCUS_IDS.pending],
    [{ name: 'conflicts', entryId: 'e1' }, FOCUS_IDS.conflicts],
    [{ name: 'settings' }, FOCUS_IDS.settings],
  ])('%o lands on %s', async (view, target) => {
    const nav = new Nav();
    await nav.go(view);
    expect(nav.focusRequest?.target).toBe(target);
  });

  it('each navigation is a new request, even to the same place', async () => {
    const nav = new Nav();
    await nav.go({ name: 'pending' });
    const first = nav.focusRequest;
    await nav.go({ name: 'pending' });
    expect(nav.focusRequest?.target).toBe(FOCUS_IDS.pending);
    expect(nav.focusRequest?.seq).not.toBe(first?.seq);
  });

  it('Esc out of a form (back to the customer) lands on that customer', async () => {
    const nav = new Nav();
    await nav.go({ name: 'edit', id: 'c1' });
    await nav.go({ name: 'customers', id: 'c1' });
    expect(nav.focusRequest?.target).toBe(FOCUS_IDS.detail);
  });

  it('a form opened from a list row returns focus to the list; from elsewhere to the customer', async () => {
    const nav = new Nav();
    await nav.go({ name: 'edit', id: 'c1' }, { returnTo: FOCUS_IDS.listbox });
    await nav.go({ name: 'customers', id: 'c1' });
    expect(nav.focusRequest?.target).toBe(FOCUS_IDS.listbox);
    // The next form, opened with Edit in the detail, goes back to the customer's name.
    await nav.go({ name: 'edit', id: 'c1' });
    await nav.go({ name: 'customers', id: 'c1' });
    expect(nav.focusRequest?.target).toBe(FOCUS_IDS.detail);
    // Leaving the form for another screen lands on that screen's heading, whatever the form came from.
    await nav.go({ name: 'edit', id: 'c1' }, { returnTo: FOCUS_IDS.listbox });
    await nav.go({ name: 'pending' });
    expect(nav.focusRequest?.target).toBe(FOCUS_IDS.pending);
  });

  it('"Open settings" asks for the key field, "Fix email" for the email field', async () => {
    const nav = new Nav();
    await nav.fixKey();
    expect(nav.focusRequest?.target).toBe(FOCUS_IDS.key);
    // The demo has no key field: the Settings heading then takes focus.
    expect(nav.focusRequest?.fallback).toBe(FOCUS_IDS.settings);
    expect(nav.keyFocusPending).toBe(true);
    await nav.editField('c1', 'email');
    expect(nav.view).toEqual({ name: 'edit', id: 'c1' });
    expect(nav.focusRequest?.target).toBe('field-email');
  });

  it('the search shortcut leaves focus to the search box', async () => {
    const nav = new Nav();
    await nav.go({ name: 'settings' });
    await nav.focusSearch();
    expect(nav.focusRequest).toBeNull();
    expect(nav.searchFocusPending).toBe(true);
  });

  it('a refused navigation asks for nothing', async () => {
    const nav = new Nav();
    await nav.go({ name: 'edit', id: 'c1' });
    const before = nav.focusRequest;
    nav.setGuard(() => Promise.resolve(false));
    expect(await nav.go({ name: 'pending' })).toBe(false);
    expect(nav.focusRequest).toBe(before);
  });
});
