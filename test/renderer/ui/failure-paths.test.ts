/**
 * A failed change on the Pending screen offers one first action that can work (Fix <field> for a
 * rejection, not Retry), and send buttons that can't act while paused are disabled with the reason beside
 * them. The conflict card asks per field (fieldset + legend, one radio group) with base, Rotor's and mine.
 */
import { describe, expect, it, vi } from 'vitest';
import ConflictCard from '$lib/components/conflicts/ConflictCard.svelte';
import PendingEntry from '$lib/components/pending/PendingEntry.svelte';
import { Nav } from '$lib/state/nav.svelte';
import { fieldElementId } from '$lib/state/focus-target';
import type { OutboxEntry } from '$lib/data/types';
import { AppModel } from '$lib/state/app-model.svelte';
import { customer, entry, FakeStore, fakeApi } from './fakes';
import { all, byId, legendOf, renderHtml, tagged, textOf } from './html';
import type { El } from './html';

const rejection: OutboxEntry['lastError'] = {
  kind: 'validation',
  message: 'Rotor rejected the customer change: Email: Invalid email format. Fix it and save again.',
  status: 400,
  fields: [{ field: 'email', message: 'Invalid email format' }],
};

function pending(e: OutboxEntry, held: string | null = null): El {
  return renderHtml(PendingEntry, {
    entry: e,
    customer: customer(),
    deletedInRotor: false,
    online: true,
    held,
    now: Date.parse('2025-03-12T12:00:00Z'),
    onresolve: vi.fn(),
    onfix: vi.fn(),
    onretry: vi.fn(),
    onrecreate: vi.fn(),
    onedit: vi.fn(),
    ondiscard: vi.fn(),
    onshow: vi.fn(),
  });
}

const buttons = (root: El): string[] => tagged(root, 'button').map(textOf);
const button = (root: El, name: string): El => {
  const found = tagged(root, 'button').find((b) => textOf(b) === name);
  if (!found) throw new Error(`no button ${name}`);
  return found;
};

describe('a failed change on the Pending screen', () => {
  it('a rejection offers "Fix Email" first, names the field by its label, and no Retry', () => {
    const root = pending(
      entry({ state: 'failed', changes: { email: 'bad@x.example' }, lastError: rejection }),
    );
    expect(buttons(root)[0]).toBe('Fix Email');
    expect(buttons(root)).not.toContain('Retry now');
    expect(textOf(root)).toContain('Email: Invalid email format');
    expect(textOf(root)).not.toMatch(/\bemail:/);
    // Said once: the message already names the field; the changed row is marked.
    expect(textOf(root).split('Invalid email format').length).toBe(2);
    const row = tagged(root, 'tr').find((tr) => textOf(tr).startsWith('Email'));
    expect(row && textOf(row)).toContain('Rejected by Rotor');
  });

  it('a transient failure offers Retry now', () => {
    const root = pending(
      entry({
        state: 'failed',
        lastError: { kind: 'bad_response', message: 'Odd answer.', retryable: false },
      }),
    );
    expect(buttons(root)).toContain('Retry now');
    expect(textOf(root)).not.toContain('Rejected by Rotor');
  });

  it('while sending is paused, Retry now is disabled with the reason beside it', () => {
    const held = 'Sending is paused: Rotor no longer accepts the API key.';
    const root = pending(entry({ state: 'pending' }), held);
    const retry = button(root, 'Retry now');
    expect(retry.attrs.disabled).toBeDefined();
    const reason = byId(root, retry.attrs['aria-describedby'] ?? '');
    expect(reason && textOf(reason)).toBe(held);
  });

  it('a rejected change in conflict still shows Rotor’s reason', () => {
    const root = pending(
      entry({
        state: 'conflict',
        changes: { email: 'bad@x.example' },
        lastError: rejection,
        conflicts: { email: { base: 'a@x.io', theirs: 'b@x.io', mine: 'bad@x.example' } },
      }),
    );
    expect(buttons(root)[0]).toBe('Resolve conflict');
    expect(textOf(root)).toContain('Email: Invalid email format');
  });
});

function card(e: OutboxEntry): El {
  return renderHtml(ConflictCard, {
    entry: e,
    customer: customer(),
    onresolve: vi.fn(async () => ({ ok: true as const, data: { left: null } })),
    oncancel: vi.fn(),
  });
}

const radios = (fieldset: El): El[] => all(fieldset, (el) => el.tag === 'input' && el.attrs.type === 'radio');

describe('the conflict card', () => {
  const conflicted = entry({
    state: 'conflict',
    changes: { company_name: 'Mine Co', notes: 'Gate code 1234' },
    base: { company_name: 'Base Co', notes: 'n0' },
    conflicts: {
      company_name: { base: 'Base Co', theirs: 'Theirs Co', mine: 'Mine Co' },
      notes: { base: 'n0', theirs: 'Call first', mine: 'Gate code 1234' },
    },
  });

  it('asks per field in a fieldset with a legend and one radio group: before, Rotor’s, mine, type, keep both', () => {
    const root = card(conflicted);
    const sets = tagged(root, 'fieldset');
    expect(sets.map(legendOf)).toEqual(['Company', 'Notes']);
    const [company, notes] = sets as [El, El];
    expect(textOf(company)).toContain('Before (when you started editing): Base Co');
    expect(radios(company).map((r) => r.attrs.value)).toEqual(['theirs', 'mine', 'edit']);
    expect(new Set(radios(company).map((r) => r.attrs.name)).size).toBe(1);
    expect(radios(notes).map((r) => r.attrs.value)).toEqual(['theirs', 'mine', 'both', 'edit']);
    expect(textOf(company)).toContain('Rotor’s now');
    expect(textOf(company)).toContain('Theirs Co');
    expect(textOf(notes)).toMatch(/Keep both\s+Call first\s+———\s+Gate code 1234/);
    // Mine starts chosen.
    expect(radios(company).find((r) => r.attrs.value === 'mine')?.attrs.checked).toBeDefined();
    expect(buttons(root)).toContain('Resolve and send');
  });

  it('a value Rotor rejected is not preselected, and says why', () => {
    const root = card(
      entry({
        state: 'conflict',
        changes: { email: 'bad@x.example' },
        lastError: rejection,
        conflicts: { email: { base: 'a@x.io', theirs: 'b@x.io', mine: 'bad@x.example' } },
      }),
    );
    const [email] = tagged(root, 'fieldset') as [El];
    expect(radios(email).some((r) => r.attrs.checked !== undefined)).toBe(false);
    expect(textOf(email)).toContain('Rotor rejected this value: Invalid email format');
    expect(textOf(root)).toContain('Rotor did not accept this change when it was sent.');
  });
});

describe('"Fix Email"', () => {
  it('opens the customer’s editor and asks it to focus that field; a refused navigation asks nothing', async () => {
    const nav = new Nav();
    expect(await nav.editField('c1', 'email')).toBe(true);
    expect(nav.view).toEqual({ name: 'edit', id: 'c1' });
    expect(nav.focusRequest?.target).toBe(fieldElementId('email'));

    const held = new Nav();
    held.setGuard(async () => false);
    expect(await held.editField('c1', 'email')).toBe(false);
    expect(held.focusRequest).toBeNull();
  });
});

describe('resolving a conflict, as the app tells it', () => {
  async function resolvedWith(left: 'pending' | 'failed' | null, paused = false) {
    const notify = vi.fn();
    const model = new AppModel({
      api: fakeApi().api,
      openStore: async (o) => new FakeStore(o.accountId),
      notify,
    });
    await model.start();
    const store = model.store as FakeStore;
    store.customers.set('c1', customer());
    store.entries = [entry({ state: 'conflict', changes: { email: 'bad@x.example' }, lastError: rejection })];
    if (paused) store.pausedValue = { kind: 'auth', message: '', retryAt: null };
    store.resolveConflict.mockResolvedValueOnce({ ok: true, data: { left } });
    notify.mockClear();
    await model.resolveConflict('e1', { email: 'theirs' });
    return notify.mock.calls.at(-1) as [string, string];
  }

  it('says nothing is sent when every field took Rotor’s value', async () => {
    const [message, tone] = await resolvedWith(null);
    expect(message).toBe('Conflict resolved: nothing to send — Ada Lovelace now matches Rotor.');
    expect(tone).toBe('success');
  });

  it('says why it is not sent while paused, or while Rotor’s rejection still stands', async () => {
    const [paused, tone] = await resolvedWith('pending', true);
    expect(paused).toMatch(
      /^Conflict resolved\. Not sent: sending is paused because Rotor no longer accepts/,
    );
    expect(paused).not.toMatch(/sending to Rotor/i);
    expect(tone).toBe('warning');
    const [rejected] = await resolvedWith('failed');
    expect(rejected).toMatch(/^Conflict resolved\. Not sent: Rotor rejected Email/);
  });
});
