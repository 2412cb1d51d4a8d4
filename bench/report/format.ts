/** How the report writes numbers, durations, sizes, ratios, spreads and tables. */
import type { Summary } from '../stats';

const nf = (digits: number): Intl.NumberFormat =>
  new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function num(v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  const a = Math.abs(v);
  return nf(a < 10 ? 2 : a < 100 ? 1 : 0).format(v);
}

/** Counts: integers, grouped. */
export const int = (v: number): string => (Number.isFinite(v) ? nf(0).format(v) : 'n/a');
export const ms = (v: number): string => `${num(v)} ms`;
export const mb = (bytes: number): string => `${num(bytes / 2 ** 20)} MiB`;
export const times = (v: number): string => (Number.isFinite(v) ? `${nf(2).format(v)}×` : 'n/a');

/** "median (min–max)" with a unit formatter. */
export function spread(s: Summary, f: (v: number) => string): string {
  if (s.n === 0) return 'n/a';
  if (s.n === 1 || s.min === s.max) return f(s.median);
  return `${f(s.median)} (${f(s.min).replace(/ .*/, '')}–${f(s.max)})`;
}

/** A customer count as the tables label it: 50k, 200k. */
export const k = (n: number): string => (n >= 1000 && n % 1000 === 0 ? `${int(n / 1000)}k` : int(n));

export function table(header: string[], rows: string[][]): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}
