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
import { quotaLine } from '$lib/state/quota-line';
import { announcement, BACK_ONLINE, retrying, topBanner } from '$lib/state/top-banner';
import type { TopBannerInput } from '$lib/state/top-banner';
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

describe('the top banner', () => {
  const NOW = Date.parse('2025-03-12T15:00:00.000Z');
  const online = { state: 'online' as const, nextCheckAt: null };
  const offline = { state: 'offline' as const, nextCheckAt: '2025-03-12T15:00:15.000Z' };
  const backingOff = (over: Partial<TopBannerInput['outbox'][number]> = {}) => ({
    state: 'pending' as const,
    lastError: { kind: 'server' as const, message: 'Rotor answered 500' },
    nextAttemptAt: '2025-03-12T15:04:00.000Z',
    retryStoppedUntil: null,
    ...over,
  });
  const input = (over: Partial<TopBannerInput> = {}): TopBannerInput => ({
    connectivity: online,
    paused: null,
    outbox: [],
    context: ctx(),
    now: NOW,
    ...over,
  });

  it('shows nothing online with nothing failing, and nothing while the first check runs', () => {
    expect(topBanner(input())).toBeNull();
    expect(topBanner(input({ connectivity: { state: 'checking', nextCheckAt: null } }))).toBeNull();
  });

  it('offline: what is kept, when it looks again, and Check now', () => {
    const banner = topBanner(input({ connectivity: offline }));
    expect(banner).toMatchObject({
      kind: 'offline',
      headline: 'Offline: Rotor can’t be reached.',
      action: { kind: 'check', label: 'Check now' },
    });
    expect(banner?.detail).toMatch(
      /^4 changes are kept on this computer and sent when Rotor answers\. Next check at .+\.$/,
    );
    const none = ctx({ meta: { pendingCount: 0, failedCount: 0, conflictCount: 0 } });
    expect(topBanner(input({ connectivity: offline, context: none }))?.detail).toMatch(
      /^New changes are kept on this computer\. Next check at/,
    );
  });

  it('a rejected key: the pause’s own words and Replace key, even offline', () => {
    for (const connectivity of [online, offline]) {
      const banner = topBanner(input({ connectivity, paused: reason('auth') }));
      expect(banner).toMatchObject({
        kind: 'key',
        headline: 'Sending to Rotor is paused: Rotor no longer accepts the API key.',
        action: { kind: 'key', label: 'Replace key' },
        tone: 'danger',
      });
      expect(banner?.detail).toBe(
        '4 changes are kept safely on this computer. Replace the key in Settings: they are sent as soon as Rotor accepts it.',
      );
    }
    expect(topBanner(input({ paused: reason('not_configured') }))?.action?.label).toBe('Add key');
  });

  it('the limit reached: when sending resumes, in the user’s time, and no button', () => {
    const banner = topBanner(input({ paused: reason('quota') }));
    expect(banner).toMatchObject({ kind: 'quota', action: null });
    expect(banner?.headline).toBe('Sending to Rotor is paused: today’s 1,000 API requests are used up.');
    expect(banner?.detail).toMatch(/Sending resumes at Mar 1[23], 2025, .+ \(00:00 UTC\)\.$/);
  });

  it('Rotor errors: the earliest retry time, and the changes', () => {
    const outbox = [
      backingOff({ nextAttemptAt: '2025-03-12T15:09:00.000Z' }),
      backingOff(),
      { ...backingOff(), state: 'failed' as const, lastError: { kind: 'validation' as const, message: 'x' } },
    ];
    expect(retrying({ outbox })).toMatchObject({ at: '2025-03-12T15:04:00.000Z', kind: 'server' });
    const banner = topBanner(input({ outbox }));
    expect(banner).toMatchObject({
      kind: 'errors',
      headline: 'Rotor answered the last attempt with an error.',
      action: { kind: 'pending' },
    });
    expect(banner?.detail).toMatch(
      /^4 changes are kept on this computer until Rotor takes them\. Retrying at .+\.$/,
    );
    const stopped = [backingOff({ retryStoppedUntil: '2025-03-13T00:00:00.000Z' })];
    expect(topBanner(input({ outbox: stopped }))?.detail).toMatch(/Automatic retries stopped for today/);
    // Offline says offline, not "Rotor errors": the network is the cause.
    expect(topBanner(input({ outbox, connectivity: offline }))?.kind).toBe('offline');
    // A failure the user fixes (validation) is not "retrying".
    expect(topBanner(input({ outbox: [outbox[2] as TopBannerInput['outbox'][number]] }))).toBeNull();
  });

  it('announces each change once, and coming back online', () => {
    const off = topBanner(input({ connectivity: offline }));
    expect(announcement(null, off, 'offline')).toBe(
      'Offline: Rotor can’t be reached. Changes are kept on this computer.',
    );
    // The next check time moved: nothing new to say.
    expect(announcement('offline', off, 'offline')).toBeNull();
    expect(announcement('offline', null, 'online')).toBe(BACK_ONLINE);
    expect(announcement('key', null, 'online')).toBe('');
    expect(announcement(null, null, 'online')).toBeNull();
  });
});

describe('the footer’s quota line', () => {
  it('says whose count it is', () => {
    expect(quotaLine(quotaState({ usedToday: 27 }), 'en-US')).toMatchObject({
      wide: 'This computer: 27 of 1,000 today',
      narrow: 'This computer: 27 of 1,000',
    });
  });

  it('when Rotor reported the limit, says so instead of a count that contradicts it', () => {
    const line = quotaLine(quotaState({ usedToday: 27, exhausted: true, remaining: 0 }), 'en-US');
    expect(line.wide).toMatch(/^Rotor: limit reached, resumes .+ · this computer sent 27$/);
    expect(line.narrow).toBe('Rotor: limit reached');
    expect(line.wide).not.toContain('27 of 1,000');
    expect(line.title).toMatch(/Sending resumes at .+\(00:00 UTC\)\.$/);
  });

  it('when this computer spent the day itself, says that', () => {
    const line = quotaLine(quotaState({ usedToday: 1000, exhausted: true, remaining: 0 }), 'en-US');
    expect(line.wide).toMatch(/^This computer: 1,000 of 1,000 · limit reached, resumes /);
    expect(line.narrow).toBe('Limit reached (1,000)');
  });
});
