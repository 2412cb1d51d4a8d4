import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const KINDS = ['NumberFormat', 'PluralRules', 'DateTimeFormat', 'RelativeTimeFormat'] as const;
type Kind = (typeof KINDS)[number];

/** Counts `new Intl.X(…)` calls, by kind, until restored. */
function countBuilds(): { built: Kind[]; restore: () => void } {
  const built: Kind[] = [];
  const intl = Intl as unknown as Record<Kind, object>;
  const originals = KINDS.map((kind) => [kind, intl[kind]] as const);
  for (const [kind, Real] of originals)
    intl[kind] = new Proxy(Real, {
      construct(target, args, newTarget) {
        built.push(kind);
        return Reflect.construct(target as new (...a: unknown[]) => object, args, newTarget) as object;
      },
    });
  return { built, restore: () => originals.forEach(([kind, Real]) => (intl[kind] = Real)) };
}

describe('warmFormats', () => {
  let builds: ReturnType<typeof countBuilds>;
  beforeEach(() => {
    // A fresh formatter cache (format/intl.ts) for each test.
    vi.resetModules();
    builds = countBuilds();
  });
  afterEach(() => builds.restore());

  it('builds every formatter the first screen uses, so drawing it builds none', async () => {
    const { warmFormats } = await import('$lib/format/warm');
    const { formatCount, formatNumber, formatRequests } = await import('$lib/format/number');
    const { formatDateTime, formatMoment, relativeTime } = await import('$lib/format/time');
    const now = Date.parse('2026-12-08T10:00:00Z');
    warmFormats(now);
    expect(new Set(builds.built)).toEqual(new Set(KINDS));
    const warmed = builds.built.length;

    // The status bar, the list's count line and the quota line, as they format at start.
    formatNumber(48_539);
    formatCount(48_539, 'customer', 'customers');
    formatRequests(49);
    relativeTime(now - 5 * 60_000, now);
    formatDateTime(now - 5 * 60_000);
    formatMoment(now + 3_600_000, now);
    formatMoment(now + 86_400_000, now);
    expect(builds.built).toHaveLength(warmed);
  });

  it('without it, the first screen is what builds them', async () => {
    const { formatCount } = await import('$lib/format/number');
    const { relativeTime } = await import('$lib/format/time');
    formatCount(2, 'customer', 'customers');
    relativeTime(Date.now(), Date.now());
    expect(builds.built).toEqual(
      expect.arrayContaining(['NumberFormat', 'PluralRules', 'RelativeTimeFormat']),
    );
  });
});
