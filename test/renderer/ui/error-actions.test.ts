import { describe, expect, it } from 'vitest';
import { ERROR_KINDS } from '@contract/result';
import type { AppError } from '@contract/result';
import { connectHint, errorAction } from '$lib/state/error-actions';
import { refreshToast } from '$lib/state/outcomes';
import { fixedInSettings } from '$lib/state/pause';

describe('what the user can do about an error', () => {
  it('has an action for every kind the contract names', () => {
    // The switch is exhaustive for TypeScript; this catches a kind answered by the fallback throw.
    for (const kind of ERROR_KINDS) {
      expect(() => errorAction({ kind })).not.toThrow();
    }
  });

  it('maps kinds to their way out', () => {
    expect(errorAction({ kind: 'auth' })).toBe('replace_key');
    expect(errorAction({ kind: 'forbidden' })).toBe('replace_key');
    expect(errorAction({ kind: 'quota' })).toBe('wait');
    expect(errorAction({ kind: 'rate_limited' })).toBe('wait');
    expect(errorAction({ kind: 'validation' })).toBe('fix_fields');
    expect(errorAction({ kind: 'tag_removal' })).toBe('fix_fields');
    expect(errorAction({ kind: 'not_found' })).toBe('recreate');
    expect(errorAction({ kind: 'network' })).toBe('retry');
    expect(errorAction({ kind: 'storage' })).toBe('retry');
  });

  it('offers a retry for an unreadable answer only when main marked it retryable', () => {
    expect(errorAction({ kind: 'bad_response', retryable: true })).toBe('retry');
    expect(errorAction({ kind: 'bad_response', retryable: false })).toBe('report');
    expect(errorAction({ kind: 'bad_response' })).toBe('report');
  });

  it('sends exactly the key pauses to Settings', () => {
    expect(fixedInSettings('auth')).toBe(true);
    expect(fixedInSettings('forbidden')).toBe(true);
    expect(fixedInSettings('not_configured')).toBe(true);
    expect(fixedInSettings('quota')).toBe(false);
    expect(fixedInSettings('account')).toBe(false);
  });

  it('adds the Connect step’s own hint only where main cannot know it', () => {
    expect(connectHint({ kind: 'network' })).toMatch(/demo data/);
    expect(connectHint({ kind: 'timeout' })).toMatch(/demo data/);
    expect(connectHint({ kind: 'invalid_argument' })).toMatch(/whole key/);
    expect(connectHint({ kind: 'auth' })).toBeNull();
    expect(connectHint({ kind: 'quota' })).toBeNull();
  });
});

describe('toasts use the error’s own words', () => {
  it('shows main’s message as is, with no retry promise of its own', () => {
    const error: AppError = {
      kind: 'bad_response',
      retryable: false,
      message:
        'Rotor sent the customer list in a form Rotor Desk cannot use: no “data”. Nothing from it was used.',
    };
    const toast = refreshToast({ kind: 'failed', error });
    expect(toast).toEqual({ message: `Sync failed: ${error.message}`, tone: 'error' });
    expect(toast.message).not.toMatch(/tried again|try again/i);
  });
});
