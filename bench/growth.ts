/**
 * Growth from one customer count to the next: each measure's exponent k (cost ∝ customers^k, so from
 * 50,000 to 200,000 k = log(t200 / t50) / log 4) beside its floor's exponent. The rule: from
 * 50,000 to 200,000 no measure may grow faster than its own floor; the other pairs are for reference.
 */
import { check } from './report/checks';
import type { TargetCheck } from './report/checks';
import { table } from './report/format';
import { heapBytes, jsonBytes, floorsOf } from './report/scale-result';
import type { ScaleResult } from './report/scale-result';
import { growthExponent, summarize } from './stats';

export const GROWTH_FROM = 50_000;
export const GROWTH_TO = 200_000;

export interface GrowthRow {
  from: number;
  to: number;
  measure: string;
  k: number;
  floor: string;
  floorK: number;
  /** Checked against the floor's exponent (the 50,000 → 200,000 pair), or shown for reference. */
  checked: boolean;
  exceeds: boolean;
}

interface Pairing {
  id: string;
  measure: string;
  floor: string;
  value(r: ScaleResult): number;
  floorValue(r: ScaleResult): number;
}

const med = (v: readonly number[]): number => summarize(v).median;

const PAIRINGS: readonly Pairing[] = [
  {
    id: 'sync',
    measure: 'Full sync',
    floor: 'sync floor',
    value: (r) => med(r.sync.map((s) => s.ms)),
    floorValue: (r) => med(floorsOf(r)),
  },
  {
    id: 'firstRows',
    measure: 'Cold start → first rows',
    floor: 'raw IndexedDB open + first rows',
    value: (r) => med(r.cold.map((c) => c.firstRowsMs)),
    floorValue: (r) => med(r.coldFloor.map((f) => f.doneAt)),
  },
  {
    id: 'searchReady',
    measure: 'Cold start → search ready',
    floor: 'raw IndexedDB open + first rows',
    value: (r) => med(r.cold.map((c) => c.searchReadyMs)),
    floorValue: (r) => med(r.coldFloor.map((f) => f.doneAt)),
  },
  {
    id: 'firstRows.throttled',
    measure: 'Cold start → first rows, CPU throttled',
    floor: 'the same floor, throttled',
    value: (r) => med(r.coldThrottled.map((c) => c.firstRowsMs)),
    floorValue: (r) => med(r.coldFloorThrottled.map((f) => f.doneAt)),
  },
  {
    id: 'searchP95',
    measure: 'Search p95 per keystroke',
    floor: 'naive scan p95',
    value: (r) => med(r.search.map((s) => s.p95)),
    floorValue: (r) => med(r.search.map((s) => s.naiveP95)),
  },
  {
    id: 'searchP95.throttled',
    measure: 'Search p95 per keystroke, CPU throttled',
    floor: 'naive scan p95 (unthrottled)',
    value: (r) => med(r.searchThrottled.map((s) => s.p95)),
    floorValue: (r) => med(r.search.map((s) => s.naiveP95)),
  },
  {
    id: 'heap',
    measure: 'Renderer heap after GC',
    floor: 'customers as JSON',
    value: (r) => med(r.cold.map(heapBytes)),
    floorValue: jsonBytes,
  },
];

/**
 * Exponents between consecutive sizes, by customer count. A measure not taken at both sizes is left
 * out; one that grows faster than its floor from GROWTH_FROM to GROWTH_TO misses its target.
 */
export function growthRows(results: readonly ScaleResult[], checks: TargetCheck[]): GrowthRow[] {
  const out: GrowthRow[] = [];
  for (let i = 1; i < results.length; i++) {
    const a = results[i - 1];
    const b = results[i];
    if (!a || !b) continue;
    const checked = a.n === GROWTH_FROM && b.n === GROWTH_TO;
    for (const p of PAIRINGS) {
      const k = growthExponent(a.n, p.value(a), b.n, p.value(b));
      const floorK = growthExponent(a.n, p.floorValue(a), b.n, p.floorValue(b));
      if (!Number.isFinite(k)) continue;
      if (checked && Number.isFinite(floorK))
        check(
          checks,
          `growth.${p.id}`,
          b.n,
          `growth exponent of ${p.measure.toLowerCase()} (${p.floor}'s: ${floorK.toFixed(2)})`,
          k,
          floorK,
          '',
        );
      out.push({
        from: a.n,
        to: b.n,
        measure: p.measure,
        k,
        floor: p.floor,
        floorK,
        checked,
        exceeds: k > floorK,
      });
    }
  }
  return out;
}

export function growthSection(rows: readonly GrowthRow[]): string[] {
  if (!rows.length) return [];
  const exp = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : 'n/a');
  const count = (n: number): string => `${n / 1000}k`;
  return [
    '',
    `Growth exponent k (cost ∝ customers^k: 1 = linear, < 1 better than linear; k = log(t${count(GROWTH_TO)} / ` +
      `t${count(GROWTH_FROM)}) / log 4 for the pair the issue checks). A measure must not grow faster than its floor:`,
    '',
    table(
      ['From → to', 'Measure', 'k', 'Floor', 'Floor k', 'Verdict'],
      rows.map((g) => [
        `${count(g.from)} → ${count(g.to)}`,
        g.measure,
        exp(g.k),
        g.floor,
        exp(g.floorK),
        !Number.isFinite(g.floorK)
          ? 'no floor figure'
          : g.exceeds
            ? `**grows faster than its floor** (+${(g.k - g.floorK).toFixed(2)})${g.checked ? '' : ', for reference'}`
            : g.checked
              ? 'met'
              : 'at or below (for reference)',
      ]),
    ),
  ];
}
