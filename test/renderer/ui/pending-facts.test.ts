import { describe, expect, it } from 'vitest';
import type { AppError } from '@contract/result';
import type { StoredEntry } from '$lib/data/db/schema';
import { applyFailure } from '$lib/data/replay/attempt-failure';
import { deletedInRotor } from '$lib/state/pending-facts';
import { entry } from './fakes';

const NOT_FOUND: AppError = { kind: 'not_found', message: 'Rotor has no customer 42' };

/** The entry as the outbox leaves it after an attempt failed with `error`. */
function afterFailure(kind: 'update' | 'create', error: AppError): StoredEntry {
  const stored: StoredEntry = { ...entry({ kind }), seq: 1, firstAttemptAt: null, ambiguous: false };
  const ctx = {
    now: Date.parse('2025-03-12T12:00:00Z'),
    random: () => 0.5,
    resetsAt: '2025-03-13T00:00:00Z',
    wrote: true,
  };
  return applyFailure(stored, error, ctx).next;
}

describe('deleted in Rotor', () => {
  it('is what the outbox makes of an edit Rotor answered 404 for', () => {
    const failed = afterFailure('update', NOT_FOUND);
    expect(failed.state).toBe('failed');
    expect(deletedInRotor(failed)).toBe(true);
  });

  it('is not a create, which Rotor never had', () => {
    expect(deletedInRotor(afterFailure('create', NOT_FOUND))).toBe(false);
  });

  it('is not any other failure of an edit', () => {
    expect(deletedInRotor(afterFailure('update', { kind: 'validation', message: 'Email is invalid' }))).toBe(
      false,
    );
    expect(deletedInRotor(afterFailure('update', { kind: 'network', message: 'reset' }))).toBe(false);
  });

  it('ends once the entry is no longer failed (sent again, or waiting on a conflict)', () => {
    const failed = afterFailure('update', NOT_FOUND);
    expect(deletedInRotor({ ...failed, state: 'sending' })).toBe(false);
    expect(deletedInRotor({ ...failed, state: 'pending' })).toBe(false);
    expect(deletedInRotor(entry({ kind: 'update', state: 'failed', lastError: null }))).toBe(false);
  });
});
