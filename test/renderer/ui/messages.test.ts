import { describe, expect, it } from 'vitest';
import { initialPicks } from '$lib/state/conflicts';
import { connectErrorMessage, errorMessage, missingScopesMessage } from '$lib/state/messages';

describe('error messages', () => {
  it('explains connect failures by cause', () => {
    expect(connectErrorMessage({ kind: 'auth', message: 'x' })).toMatch(/did not accept this key/);
    expect(connectErrorMessage({ kind: 'forbidden', message: 'x', missingScope: 'customers:write' })).toMatch(
      /customers:write/,
    );
    expect(connectErrorMessage({ kind: 'network', message: 'x' })).toMatch(/Could not reach Rotor/);
    expect(connectErrorMessage({ kind: 'timeout', message: 'x' })).toMatch(/Could not reach Rotor/);
  });

  it('names every missing scope', () => {
    expect(missingScopesMessage(['customers:read', 'customers:write'])).toMatch(
      /permissions “customers:read”, “customers:write”/,
    );
  });

  it('says what happens next for queue errors', () => {
    expect(errorMessage({ kind: 'network', message: 'x' })).toMatch(/kept/);
    expect(errorMessage({ kind: 'quota', message: 'x' })).toMatch(/1,000/);
    expect(
      errorMessage({ kind: 'validation', message: 'x', fields: [{ field: 'email', message: 'bad' }] }),
    ).toMatch(/Fix them/);
    expect(errorMessage({ kind: 'internal', message: 'Disk full' })).toBe('Disk full');
  });
});

describe('conflict picks', () => {
  it('starts every conflicting field on "mine"', () => {
    expect(
      initialPicks({
        conflicts: {
          phone: { base: '1', theirs: '2', mine: '3' },
          email: { base: 'a', theirs: 'b', mine: 'c' },
        },
      }),
    ).toEqual({ phone: 'mine', email: 'mine' });
    expect(initialPicks({ conflicts: null })).toEqual({});
  });
});
