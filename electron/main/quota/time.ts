/** UTC calendar helpers: Rotor's daily budget is assumed to reset at 00:00 UTC (it does not say when). */

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of the UTC day containing `ms`; sorts like the days it names. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The first 00:00 UTC strictly after `ms`. */
export function nextUtcMidnight(ms: number): number {
  return (Math.floor(ms / DAY_MS) + 1) * DAY_MS;
}

/** `2024-06-12 00:00 UTC`: unambiguous for a user in any time zone. */
export function formatUtcMinute(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
