import { describe, expect, it } from 'vitest';
import { growthRows, growthSection } from '../growth';
import type { TargetCheck } from '../report/checks';
import type { ScaleResult } from '../report/scale-result';
import type { ColdRep } from '../scenarios/cold';

/** Only what the growth pairings read; the sync times and their floors scale as given. */
function at(
  n: number,
  syncMs: number,
  floorMs: number,
  firstRowsMs: number,
  coldFloorMs: number,
): ScaleResult {
  const cold = {
    firstRowsMs,
    searchReadyMs: firstRowsMs,
    heap: { usedSize: n * 100, totalSize: 0, backingStorageSize: 0 },
  };
  return {
    n,
    visible: n,
    pagesNeeded: n / 1000,
    network: [
      { ms: floorMs, pages: 1, customers: n, jsonBytes: n * 500, requests: { keyed: 1, keyless: 0 } },
    ],
    idb: [{ ms: floorMs / 2, rows: n, transactions: 1 }],
    sync: [{ ms: syncMs } as ScaleResult['sync'][number]],
    search: [],
    searchThrottled: [],
    searchSlowest: [],
    profiles: [],
    cold: [cold as ColdRep],
    coldThrottled: [],
    coldFloor: [{ doneAt: coldFloorMs, openMs: 0, readMs: 0, rows: 50 }],
    coldFloorThrottled: [],
    replay: null,
    seconds: 1,
  };
}

describe('growth exponents', () => {
  it('checks 50k → 200k against the floor’s own exponent and leaves other pairs for reference', () => {
    const checks: TargetCheck[] = [];
    const rows = growthRows(
      [
        // 5k → 50k: the sync grows faster than its floor, for reference only.
        at(5_000, 100, 100, 400, 100),
        // 50k → 200k: sync ×4 against a floor ×4 (k 1 = 1); first rows ×8 against a floor ×2 (k 1.5 > 0.5).
        at(50_000, 2000, 1000, 1000, 200),
        at(200_000, 8000, 4000, 8000, 400),
      ],
      checks,
    );
    const sync = rows.find((g) => g.to === 200_000 && g.measure === 'Full sync');
    expect(sync?.k).toBeCloseTo(1);
    expect(sync?.floorK).toBeCloseTo(1);
    const first = rows.find((g) => g.to === 200_000 && g.measure === 'Cold start → first rows');
    expect(first).toMatchObject({ checked: true, exceeds: true });
    expect(first?.k).toBeCloseTo(1.5);
    expect(first?.floorK).toBeCloseTo(0.5);
    expect(checks.find((c) => c.id === 'growth.firstRows')).toMatchObject({ met: false, n: 200_000 });
    expect(checks.find((c) => c.id === 'growth.heap')).toMatchObject({ met: true });
    // Only the checked pair becomes target checks; measures not taken are left out.
    expect(checks.every((c) => c.n === 200_000)).toBe(true);
    expect(rows.some((g) => g.measure.includes('Search'))).toBe(false);
    const md = growthSection(rows).join('\n');
    expect(md).toContain('| 50k → 200k | Cold start → first rows | 1.50 |');
    expect(md).toContain('**grows faster than its floor** (+1.00)');
    expect(md).toContain(', for reference');
  });
});
