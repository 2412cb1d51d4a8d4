import { describe, expect, it, vi } from 'vitest';
import type { EditableFields, LocalCustomer, OutboxEntry, SaveResult } from '$lib/data/types';
import { CustomerEditor } from '$lib/state/editor.svelte';
import type { EditorHost } from '$lib/state/editor.svelte';
import { customer } from './fakes';

function host(overrides: Partial<EditorHost> = {}) {
  return {
    online: false,
    findUpsertMatch: vi.fn(
      (_f: Pick<EditableFields, 'phone' | 'email'>): LocalCustomer | undefined => undefined,
    ),
    saveEdit: vi.fn(async (id: string): Promise<SaveResult> => ({ ok: true, data: { id } })),
    createCustomer: vi.fn(async (): Promise<SaveResult> => ({ ok: true, data: { id: 'local:9' } })),
    ...overrides,
  };
}

function failedEntry(fields: { field: string; message: string }[]): OutboxEntry {
  return {
    id: 'e1',
    customerId: 'c1',
    idempotencyKey: 'k-123456789',
    kind: 'update',
    changes: { email: 'bad@' },
    base: { email: 'ada@example.com' },
    state: 'failed',
    attempts: 1,
    nextAttemptAt: null,
    lastError: { kind: 'validation', message: 'Validation failed', fields },
    conflicts: null,
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
  };
}

describe('CustomerEditor (edit)', () => {
  it('starts clean and sends only what changed', async () => {
    const h = host();
    const editor = new CustomerEditor(h, customer());
    expect(editor.dirty).toBe(false);
    editor.draft.phone = '555-0199';
    editor.draft.property_city = 'Shelbyville';
    expect(editor.dirty).toBe(true);
    const result = await editor.save();
    expect(result).toEqual({ ok: true, id: 'c1', unchanged: false });
    expect(h.saveEdit).toHaveBeenCalledWith('c1', { phone: '555-0199', property_city: 'Shelbyville' });
  });

  it('does not queue anything when nothing changed', async () => {
    const h = host();
    const result = await new CustomerEditor(h, customer()).save();
    expect(result).toEqual({ ok: true, id: 'c1', unchanged: true });
    expect(h.saveEdit).not.toHaveBeenCalled();
  });

  it('blocks an invalid save and names the first field to fix', async () => {
    const h = host();
    const editor = new CustomerEditor(h, customer());
    editor.draft.email = 'not-an-email';
    expect(editor.errorFor('email')).toBeUndefined();
    const result = await editor.save();
    expect(result).toEqual({ ok: false, reason: 'invalid', firstField: 'email' });
    expect(editor.errorFor('email')).toMatch(/email address/);
    expect(h.saveEdit).not.toHaveBeenCalled();
  });

  it('shows a field’s error once the user has left it', () => {
    const editor = new CustomerEditor(host(), customer());
    editor.draft.email = 'nope';
    editor.touch('email');
    expect(editor.errorFor('email')).toBeDefined();
  });

  it('keeps a tag Rotor has, explaining why, and removes one added here', () => {
    const editor = new CustomerEditor(host(), customer({ tags: ['vip'], serverTags: ['vip'] }));
    expect(editor.removeTag('vip')).toBe(false);
    expect(editor.draft.tags).toEqual(['vip']);
    expect(editor.tagNotice).toMatch(/can add tags but not remove them/);
    expect(editor.addTag('gate code')).toBe(true);
    expect(editor.tagNotice).toBeNull();
    expect(editor.removeTag('gate code')).toBe(true);
    expect(editor.draft.tags).toEqual(['vip']);
  });

  it('shows Rotor’s field errors from a failed send until the field is changed', () => {
    const editor = new CustomerEditor(
      host(),
      customer({ email: 'bad@' }),
      failedEntry([
        { field: 'email', message: 'Invalid email format' },
        { field: 'weird', message: 'Odd' },
      ]),
    );
    expect(editor.errorFor('email')).toBe('Invalid email format');
    expect(editor.serverMessages).toEqual(['weird: Odd']);
    editor.draft.email = 'ada@example.com';
    expect(editor.errorFor('email')).toBeUndefined();
  });

  it('ignores errors of entries that did not fail validation', () => {
    const entry = { ...failedEntry([{ field: 'email', message: 'x' }]), state: 'pending' as const };
    expect(new CustomerEditor(host(), customer(), entry).errorFor('email')).toBeUndefined();
  });

  it('shows the store’s refusal on the form and clears a field’s message when it is left', async () => {
    const h = host({
      saveEdit: vi.fn(async (): Promise<SaveResult> => ({
        ok: false,
        error: {
          kind: 'validation',
          message: 'Check the phone',
          fields: [{ field: 'phone', message: 'Too short' }],
        },
      })),
    });
    const editor = new CustomerEditor(h, customer());
    editor.draft.phone = '1';
    const result = await editor.save();
    expect(result).toEqual({ ok: false, reason: 'rejected', firstField: 'phone' });
    expect(editor.saveError).toBe('Check the phone');
    expect(editor.errorFor('phone')).toBe('Too short');
    editor.touch('phone');
    expect(editor.errorFor('phone')).toBeUndefined();
  });

  it('treats a throwing store as a refused save, not a crash', async () => {
    const h = host({ saveEdit: vi.fn(async () => Promise.reject(new Error('disk'))) });
    const editor = new CustomerEditor(h, customer());
    editor.draft.phone = '2';
    expect((await editor.save()).ok).toBe(false);
    expect(editor.saving).toBe(false);
    expect(editor.saveError).toMatch(/^Not saved on this computer: the change could not be written/);
  });
});

describe('CustomerEditor (create)', () => {
  it('creates with the entered fields and an active status', async () => {
    const h = host();
    const editor = new CustomerEditor(h, null);
    expect(editor.mode).toBe('create');
    editor.draft.first_name = 'Grace';
    editor.draft.phone = '555-0123';
    expect(await editor.save()).toEqual({ ok: true, id: 'local:9', unchanged: false });
    expect(h.createCustomer).toHaveBeenCalledWith({
      first_name: 'Grace',
      phone: '555-0123',
      status: 'active',
    });
  });

  it('is not "unsaved" until the user types, though it would send the default status', () => {
    const editor = new CustomerEditor(host(), null);
    expect(editor.dirty).toBe(false);
    expect(editor.changes).toEqual({ status: 'active' });
    editor.draft.phone = '1';
    expect(editor.edited).toEqual(['phone']);
  });

  it('needs something to identify the customer', async () => {
    const editor = new CustomerEditor(host(), null);
    const result = await editor.save();
    expect(result).toEqual({ ok: false, reason: 'invalid', firstField: 'contact' });
  });

  it('warns when Rotor would update an existing customer instead', () => {
    const match = customer({ id: 'c7', phone: '555-0100' });
    const h = host({ findUpsertMatch: vi.fn(() => match) });
    const editor = new CustomerEditor(h, null);
    expect(editor.upsertMatch).toBeUndefined();
    editor.draft.phone = ' 555-0100 ';
    expect(editor.upsertMatch?.id).toBe('c7');
    expect(h.findUpsertMatch).toHaveBeenLastCalledWith({ phone: '555-0100', email: undefined });
  });
});

describe('CustomerEditor when this computer refuses the write', () => {
  const REFUSED =
    'Not saved on this computer: the disk is full. What you typed is still here — try Save again. If it keeps failing, free up disk space or restart Rotor Desk.';
  const refused = (): SaveResult => ({ ok: false, error: { kind: 'storage', message: REFUSED } });

  it('shows the refusal as an error and keeps every typed value, for an edit', async () => {
    const h = host({ saveEdit: vi.fn(async () => refused()) });
    const editor = new CustomerEditor(h, customer());
    editor.draft.phone = '555-0199';
    editor.draft.notes = 'Typed offline in the truck';
    const result = await editor.save();
    expect(result).toEqual({ ok: false, reason: 'rejected', firstField: null });
    // The store wrote the message; the form shows it as is.
    expect(editor.saveError).toBe(REFUSED);
    expect(editor.draft.phone).toBe('555-0199');
    expect(editor.draft.notes).toBe('Typed offline in the truck');
    expect(editor.dirty).toBe(true);
    // Saving again sends the same values.
    await editor.save();
    expect(h.saveEdit).toHaveBeenLastCalledWith('c1', {
      phone: '555-0199',
      notes: 'Typed offline in the truck',
    });
  });

  it('keeps a new customer’s fields too, and treats a thrown write the same way', async () => {
    const h = host({ createCustomer: vi.fn(async () => Promise.reject(new Error('DatabaseClosedError'))) });
    const editor = new CustomerEditor(h, null);
    editor.draft.first_name = 'Grace';
    editor.draft.email = 'grace@example.com';
    expect((await editor.save()).ok).toBe(false);
    expect(editor.saveError).toMatch(/^Not saved on this computer: .*What you typed is still here/);
    expect(editor.draft.first_name).toBe('Grace');
    expect(editor.draft.email).toBe('grace@example.com');
    expect(editor.saving).toBe(false);
  });
});
