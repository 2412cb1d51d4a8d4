/**
 * The conflict card's rules: what starts chosen, what "keep both" writes, what is sent, and the words
 * after resolving (only say something is sent when something is left to send).
 */
import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '$lib/data/types';
import {
  canEdit,
  canKeepBoth,
  initialChoices,
  keepBoth,
  sendsSomething,
  toPicks,
  undecided,
} from '$lib/state/conflicts';
import { failureAction, heldReason, resolvedMessage } from '$lib/state/failure-actions';

type Entry = Pick<OutboxEntry, 'conflicts' | 'lastError' | 'changes'>;

const conflicted: Entry = {
  changes: { phone: '3', email: 'c@x.io', notes: 'mine' },
  conflicts: {
    phone: { base: '1', theirs: '2', mine: '3' },
    email: { base: 'a@x.io', theirs: 'b@x.io', mine: 'c@x.io' },
  },
  lastError: null,
};

const rejectedEmail: Entry = {
  ...conflicted,
  lastError: {
    kind: 'validation',
    message: 'Rotor rejected the customer change: Email: Invalid email format. Fix it and save again.',
    fields: [{ field: 'email', message: 'Invalid email format' }],
  },
};

describe('conflict choices', () => {
  it('starts every conflicting field on "mine"', () => {
    expect(initialChoices(conflicted)).toEqual({ phone: 'mine', email: 'mine' });
    expect(initialChoices({ conflicts: null, lastError: null, changes: {} })).toEqual({});
  });

  it('never preselects a value Rotor rejected: that field waits for a choice', () => {
    const choices = initialChoices(rejectedEmail);
    expect(choices).toEqual({ phone: 'mine' });
    expect(undecided(['phone', 'email'], choices)).toEqual(['email']);
  });

  it('offers "type a new value" for text fields and "keep both" for notes only', () => {
    expect(canEdit('email')).toBe(true);
    expect(canEdit('notes')).toBe(true);
    expect(canEdit('status')).toBe(false);
    expect(canKeepBoth('notes')).toBe(true);
    expect(canKeepBoth('company_name')).toBe(false);
  });

  it('keeps both notes, Rotor’s first, clearly separated; one side empty or equal is not doubled', () => {
    const both = keepBoth({ theirs: 'Call before arriving', mine: 'Gate code 1234\n' });
    expect(both).toBe('Call before arriving\n\n———\n\nGate code 1234');
    expect(keepBoth({ theirs: '', mine: 'Gate code' })).toBe('Gate code');
    expect(keepBoth({ theirs: 'Same', mine: 'Same' })).toBe('Same');
  });

  it('turns choices into the store’s picks: typed and joined values are sent as values', () => {
    const entry: Entry = {
      changes: { notes: 'mine', email: 'c@x.io', status: 'inactive' },
      conflicts: {
        notes: { base: 'n', theirs: 'theirs', mine: 'mine' },
        email: { base: 'a@x.io', theirs: 'b@x.io', mine: 'c@x.io' },
        status: { base: 'active', theirs: 'active', mine: 'inactive' },
      },
      lastError: null,
    };
    expect(
      toPicks(entry, { notes: 'both', email: 'edit', status: 'theirs' }, { email: 'fixed@x.io' }),
    ).toEqual({
      notes: { value: 'theirs\n\n———\n\nmine' },
      email: { value: 'fixed@x.io' },
      status: 'theirs',
    });
  });

  it('sends something unless every field takes Rotor’s value and nothing else changed', () => {
    expect(sendsSomething(conflicted, { phone: 'theirs', email: 'theirs' })).toBe(true); // notes too
    const onlyConflicts = { ...conflicted, changes: { phone: '3', email: 'c@x.io' } };
    expect(sendsSomething(onlyConflicts, { phone: 'theirs', email: 'theirs' })).toBe(false);
    expect(sendsSomething(onlyConflicts, { phone: 'theirs', email: 'edit' })).toBe(true);
    expect(sendsSomething(onlyConflicts, { phone: 'theirs' })).toBe(true); // email not decided yet
  });
});

describe('after resolving', () => {
  const held = { paused: null, online: true };

  it('says nothing is sent when nothing is left, and sending only when a change remains', () => {
    expect(resolvedMessage(null, 'Ann Lee', held, [])).toBe(
      'Conflict resolved: nothing to send — Ann Lee now matches Rotor.',
    );
    expect(resolvedMessage(null, 'Ann Lee', held, [])).not.toMatch(/sending/i);
    expect(resolvedMessage('pending', 'Ann Lee', held, [])).toBe(
      'Conflict resolved — sending your change to Rotor.',
    );
  });

  it('offline, paused or still rejected, it says why it is not sent', () => {
    expect(resolvedMessage('pending', 'A', { paused: null, online: false }, [])).toMatch(
      /when the connection is back/,
    );
    expect(
      resolvedMessage('pending', 'A', { paused: 'Not sent: sending is paused because X.', online: true }, []),
    ).toBe('Conflict resolved. Not sent: sending is paused because X.');
    expect(resolvedMessage('failed', 'A', held, ['email'])).toMatch(
      /^Conflict resolved\. Not sent: Rotor rejected Email/,
    );
  });
});

describe('the one first action of a failed change', () => {
  const failed = (lastError: OutboxEntry['lastError'], kind: OutboxEntry['kind'] = 'update') => ({
    kind,
    state: 'failed' as const,
    lastError,
    changes: { notes: 'x', email: 'bad@', phone: '1' },
  });

  it('a validation failure is fixed at the first rejected field, by its label', () => {
    const error = {
      kind: 'validation' as const,
      message: 'm',
      fields: [
        { field: 'email', message: 'Invalid email format' },
        { field: 'phone', message: 'Too short' },
      ],
    };
    // The form's order: Email comes before Phone.
    expect(failureAction(failed(error))).toEqual({ kind: 'fix', field: 'email', label: 'Fix Email' });
    expect(failureAction(failed({ kind: 'validation', message: 'm' }))).toEqual({
      kind: 'fix',
      field: null,
      label: 'Fix the change',
    });
  });

  it('deleted in Rotor: send as new; anything else: retry', () => {
    expect(failureAction(failed({ kind: 'not_found', message: 'gone' })).kind).toBe('recreate');
    expect(failureAction(failed({ kind: 'bad_response', message: 'odd', retryable: false })).kind).toBe(
      'retry',
    );
  });

  it('says why a send button can’t act', () => {
    const quota = { dailyLimit: 1000, resetsAt: '2025-03-04T00:00:00.000Z' };
    expect(heldReason({ kind: 'auth', message: '', retryAt: null }, true, { quota })).toBe(
      'Sending is paused: Rotor no longer accepts the API key.',
    );
    expect(heldReason(null, false, { quota })).toMatch(/^Offline/);
    expect(heldReason(null, true, { quota })).toBeNull();
  });
});
