import { describe, expect, it } from 'vitest';
import { demoSwitchDialog, removeKeyDialog, replaceKeyDialog } from '$lib/state/account-confirm-text';
import { discardDialog, leftBehindSentence, mayBeInRotor } from '$lib/state/confirm-text';
import { syncCost } from '$lib/state/sync-cost';
import { entry } from './fakes';

describe('discard dialog', () => {
  it('says "not sent" only for a change that was never sent', () => {
    const fresh = discardDialog(entry({ kind: 'create' }), 'Grace Hopper');
    expect(fresh.message).toBe(
      'Grace Hopper has not been sent to Rotor yet. Discarding removes it from this computer. This cannot be undone.',
    );
    expect(fresh.title).toBe('Discard this new customer?');
  });

  it('says a create may already be in Rotor after an attempt or an unclear answer', () => {
    const cases = [
      entry({ kind: 'create', attempts: 1, lastError: { kind: 'validation', message: '422' } }),
      entry({ kind: 'create', attempts: 0, lastError: { kind: 'timeout', message: 'no answer' } }),
      entry({ kind: 'create', attempts: 3, lastError: { kind: 'server', message: '502' } }),
    ];
    for (const e of cases) {
      expect(mayBeInRotor(e)).toBe(true);
      const { message } = discardDialog(e, 'Grace Hopper');
      expect(message).toMatch(/^Grace Hopper may already be in Rotor/);
      expect(message).toMatch(/Discarding only removes it from this computer/);
      expect(message).not.toMatch(/not been sent/);
    }
  });

  it('is just as careful with an edit that may have reached Rotor', () => {
    const e = entry({ attempts: 0, lastError: { kind: 'network', message: 'reset' } });
    expect(discardDialog(e, 'Ada Lovelace').message).toMatch(
      /^Your change to Ada Lovelace may already be in Rotor/,
    );
    expect(discardDialog(entry(), 'Ada Lovelace').message).toMatch(/goes back to Rotor’s values/);
    expect(mayBeInRotor(entry({ lastError: { kind: 'bad_response', message: 'x' } }))).toBe(true);
    expect(mayBeInRotor(entry({ lastError: { kind: 'auth', message: '401' } }))).toBe(false);
  });
});

describe('key and account dialogs', () => {
  it('says pending changes stay when the key is removed, not that they are lost', () => {
    const d = removeKeyDialog(3);
    expect(d.message).toBe(
      '3 changes not yet on Rotor stay on this computer and are sent when you connect this key again. Until then Rotor Desk does not sync.',
    );
    expect(d.confirmLabel).toBe('Remove key');
    expect(`${d.message} ${d.confirmLabel}`).not.toMatch(/lost|lose/);
    expect(removeKeyDialog(0).message).toBe('Rotor Desk stops syncing until you connect a key again.');
  });

  it('warns with the count before another key or the demo opens another account', () => {
    expect(leftBehindSentence(4, 'the key ending in …abcd')).toBe(
      '4 changes for the key ending in …abcd stay on this computer and are sent when you connect that key again.',
    );
    expect(replaceKeyDialog(1, 'the key ending in …abcd').message).toBe(
      '1 change waits to be sent with the key ending in …abcd. If the new key belongs to another Rotor company, it stays on this computer and is sent when you connect the key ending in …abcd again.',
    );
    expect(demoSwitchDialog(4, 'the key ending in …abcd').message).toMatch(
      /^4 changes for the key ending in …abcd stay on this computer and are sent when you connect that key again\./,
    );
  });
});

describe('Sync now cost', () => {
  it('shows the refresh alone when nothing waits', () => {
    expect(syncCost(3, 0, 0, false, 'en-US')).toEqual({
      label: 'Sync now · 3 requests',
      extra: null,
      detail: '3 requests to refresh every customer.',
    });
  });

  it('adds the send, checks included, when changes wait', () => {
    const cost = syncCost(3, 5, 4, false, 'en-US');
    expect(cost.label).toBe('Sync now · 3 requests');
    expect(cost.extra).toEqual({ amount: '+ 5 to send 4 changes', note: '(checks included)' });
    expect(cost.detail).toMatch(
      /^8 requests in all: 3 requests to refresh every customer, and 5 to send 4 changes/,
    );
  });

  it('adds nothing while sending is paused (nothing would go)', () => {
    expect(syncCost(3, 5, 4, true, 'en-US').extra).toBeNull();
  });
});
