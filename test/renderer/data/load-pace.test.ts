/**
 * The background load sizes each slice from what the last one cost, so a slow machine gets short
 * tasks (no long task while typing) and a fast one isn't slowed by needless yields.
 */
import { describe, expect, it } from 'vitest';
import { FIRST_SLICE, LoadPace, MAX_SLICE, MIN_SLICE, TASK_BUDGET_MS } from '$lib/data/store/load-pace';
import { READ_CHUNK } from '$lib/data/store/read-rows';

describe('pacing the background load', () => {
  it('starts small, before anything is measured', () => {
    expect(new LoadPace().size).toBe(FIRST_SLICE);
  });

  it('shrinks a slice that overran the budget to what fits it at that cost per row', () => {
    const pace = new LoadPace();
    // 1,000 rows in 60 ms (60 µs a row): a third of them fit the budget.
    pace.took(1_000, 60);
    expect(pace.size).toBe(Math.floor((TASK_BUDGET_MS * 1_000) / 60));
    // 200 rows in 60 ms (300 µs a row, a 4× throttled CPU): fewer would fit, but not below the floor.
    pace.took(200, 60);
    expect(pace.size).toBe(MIN_SLICE);
  });

  it('grows at most twofold a step on a fast machine, up to one read', () => {
    expect(MAX_SLICE).toBe(READ_CHUNK);
    const pace = new LoadPace();
    const sizes: number[] = [];
    for (let i = 0; i < 5; i++) {
      pace.took(pace.size, 0.5);
      sizes.push(pace.size);
    }
    // From 200: doubling, then held at one read's rows.
    expect(sizes).toEqual([400, MAX_SLICE, MAX_SLICE, MAX_SLICE, MAX_SLICE]);
  });

  it('keeps its size when a slice took no measurable time or had no rows', () => {
    const pace = new LoadPace();
    pace.took(0, 30);
    expect(pace.size).toBe(FIRST_SLICE);
    pace.took(FIRST_SLICE, 0);
    expect(pace.size).toBe(FIRST_SLICE * 2);
  });
});
