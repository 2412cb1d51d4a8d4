import { describe, expect, it } from 'vitest';
import type { PausedReason } from '$lib/data/types';
import {
  accountLabel,
  keptCount,
  keyProblem,
  pauseBanner,
  pauseClause,
  pausedActionMessage,
  resetMoment,
} from '$lib/state/pause';
import type { PauseContext } from '$lib/state/pause';
import { account, quotaState } from './fakes';

const reason = (kind: PausedReason['kind']): PausedReason => ({
  kind,
  message: 'from the store',
  retryAt: kind === 'quota' ? '2025-03-13T00:00:00.000Z' : null,
});

const ctx = (over: Partial<PauseContext> = {}): PauseContext => ({
  meta: { pendingCount: 2, failedCount: 1, conflictCount: 1 },
  quota: quotaState({ resetsAt: '2025-03-13T00:00:00.000Z' }),
  account: account({ hint: 'abcd' }),
  locale: 'en-US',
  ...over,
});

describe('pause texts', () => {
  it('counts every kept change: pending, failed and conflicted', () => {
    expect(keptCount({ pendingCount: 2, failedCount: 1, conflictCount: 1 })).toBe(4);
  });

  it('names an account by its key', () => {
    expect(accountLabel(account({ hint: 'abcd' }))).toBe('the key ending in …abcd');
    expect(accountLabel(account({ demo: true }))).toBe('the demo data');
    expect(accountLabel(null)).toBe('the previous key');
  });

  it('shows the reset in the user’s time and in UTC', () => {
    // Formatted in the machine's zone; the UTC part never depends on it.
    expect(resetMoment('2025-03-13T00:00:00.000Z', 'en-US')).toMatch(/^Mar 1[23], 2025, .+ \(00:00 UTC\)$/);
    expect(resetMoment('not a time')).toBe('the daily reset (00:00 UTC)');
  });

  it('gives a key pause the one action that fixes it: Settings', () => {
    for (const kind of ['auth', 'forbidden', 'not_configured'] as const) {
      const banner = pauseBanner(reason(kind), ctx());
      expect(banner.action).toBe('settings');
      expect(banner.role).toBe('alert');
      expect(banner.kept).toBe('4 changes are kept safely on this computer.');
      expect(banner.headline).toMatch(/^Sending to Rotor is paused: /);
    }
    expect(pauseBanner(reason('auth'), ctx()).headline).toBe(
      'Sending to Rotor is paused: Rotor no longer accepts the API key.',
    );
  });

  it('gives a quota pause no button, only when it resumes (a status, not an alert)', () => {
    const banner = pauseBanner(reason('quota'), ctx());
    expect(banner.action).toBeNull();
    expect(banner.role).toBe('status');
    expect(banner.headline).toBe('Sending to Rotor is paused: today’s 1,000 API requests are used up.');
    expect(banner.remedy).toMatch(/^Sending resumes after .+ \(00:00 UTC\)\.$/);
  });

  it('says which account is connected during an account pause', () => {
    const banner = pauseBanner(reason('account'), ctx({ account: account({ hint: 'wxyz' }) }));
    expect(banner.action).toBeNull();
    expect(banner.headline).toBe(
      'Sending to Rotor is paused: these changes belong to another Rotor account.',
    );
    expect(banner.remedy).toBe(
      'Connected now: the key ending in …wxyz. They are sent when you connect their own key again.',
    );
  });

  it('says so when nothing waits, and uses the singular for one change', () => {
    const none = { pendingCount: 0, failedCount: 0, conflictCount: 0 };
    expect(pauseBanner(reason('auth'), ctx({ meta: none })).kept).toMatch(/^Nothing is waiting/);
    const one = { pendingCount: 1, failedCount: 0, conflictCount: 0 };
    expect(pauseBanner(reason('auth'), ctx({ meta: one })).kept).toBe(
      '1 change is kept safely on this computer.',
    );
  });

  it('tells Settings what is wrong with the key, and nothing for other pauses', () => {
    expect(keyProblem(reason('auth'), ctx())).toBe(
      'Rotor no longer accepts the key ending in …abcd: it may have been revoked or may have expired. Paste a new key below. The 4 waiting changes are sent as soon as Rotor accepts a new key of the same company.',
    );
    expect(keyProblem(reason('forbidden'), ctx())).toMatch(
      /does not let the key ending in …abcd change customers/,
    );
    expect(keyProblem(reason('not_configured'), ctx())).toMatch(/^No API key is set up/);
    expect(keyProblem(reason('quota'), ctx())).toBeNull();
    expect(keyProblem(reason('account'), ctx())).toBeNull();
  });

  it('has a clause for the customer’s banner for every kind', () => {
    const kinds: PausedReason['kind'][] = ['auth', 'forbidden', 'not_configured', 'quota', 'account'];
    for (const kind of kinds) expect(pauseClause(reason(kind), quotaState())).not.toBe('');
  });

  it('explains an action that sent nothing', () => {
    expect(pausedActionMessage(reason('forbidden'), ctx())).toBe(
      'Not sent: sending is paused because the API key is not allowed to change customers. Your changes are kept. Replace the key in Settings: they are sent as soon as Rotor accepts it.',
    );
  });
});
