/**
 * The background load sizes each slice from what the last one cost, so a slow machine gets short
 * tasks (no long task while typing) and a fast one isn't slowed by needless yields.
 */
import { describe, expect, it } from 'vitest';
import {
  FIRST_SLICE,
  LoadPace,
  MAX_SLICE,
  MIN_SLICE,
  READ_SLICES,
  TASK_BUDGET_MS,
} from '$lib/data/store/load-pace';
import { READ_CHUNK } from '$lib/data/store/read-rows';

describe('pacing the background load', () => {
  it('starts small, before anything is measured', () => {
    expect(new LoadPace().size).toBe(FIRST_SLICE);
  });

  it('shrinks a slice that overran the budget to what fits it at that cost per row', () => {
    const pace = new LoadPace();
    // 1,000 rows in 300 ms (300 µs a row, the throttled bench): a fifteenth of them fit the budget.
    pace.took(1_000, 300);
    expect(pace.size).toBe(Math.floor((TASK_BUDGET_MS * 1_000) / 300));
    // 200 rows in 600 ms (3 ms a row, far slower than the throttled bench): fewer would fit, but not
    // below the floor.
    pace.took(200, 600);
    expect(pace.size).toBe(MIN_SLICE);
  });

  it('reads a few slices at a time on a slow CPU, and whole chunks on a fast one', () => {
    const slow = new LoadPace();
    // 0.3 ms a row (the throttled bench): slices of 66 rows, reads of three of them.
    for (let i = 0; i < 4; i++) slow.took(slow.size, slow.size * 0.3);
    expect(slow.readSize).toBe(slow.size * READ_SLICES);
    expect(slow.readSize).toBeLessThan(READ_CHUNK);
    const fast = new LoadPace();
    for (let i = 0; i < 8; i++) fast.took(fast.size, fast.size * 0.005);
    expect(fast.size).toBe(MAX_SLICE);
    expect(fast.readSize).toBe(READ_CHUNK);
    // Never so small that the round trips outweigh the rows: three of the smallest slices.
    const crawling = new LoadPace();
    crawling.took(50, 500);
    expect(crawling.size).toBe(MIN_SLICE);
    expect(crawling.readSize).toBe(MIN_SLICE * READ_SLICES);
    expect(crawling.readSize).toBeGreaterThanOrEqual(150);
  });

  it('is not sized into a long task by a couple of cheap slices after dear ones', () => {
    const LONG_TASK_MS = 50;
    const pace = new LoadPace();
    // 0.3 ms a row (the throttled bench), then two slices that happened to cost almost nothing.
    const perRow = 0.3;
    for (let i = 0; i < 4; i++) pace.took(pace.size, pace.size * perRow);
    expect(pace.size * perRow).toBeLessThanOrEqual(TASK_BUDGET_MS);
    pace.took(pace.size, pace.size * 0.01);
    pace.took(pace.size, pace.size * 0.01);
    // The next slice at the usual cost still ends before a long task.
    expect(pace.size * perRow).toBeLessThan(LONG_TASK_MS);
    // A dear slice counts in full at once.
    pace.took(pace.size, pace.size * perRow);
    expect(pace.size).toBe(Math.floor(TASK_BUDGET_MS / perRow));
  });

  it('grows at most twofold a step on a fast machine, up to one read', () => {
    expect(MAX_SLICE).toBe(READ_CHUNK);
    const pace = new LoadPace();
    const sizes: number[] = [];
    for (let i = 0; i < 5; i++) {
      pace.took(pace.size, 0.5);
      sizes.push(pace.size);
    }
    // From the floor: doubling, then held at one read's rows.
    expect(sizes).toEqual([100, 200, 400, MAX_SLICE, MAX_SLICE]);
  });

  it('keeps its size when a slice took no measurable time or had no rows', () => {
    const pace = new LoadPace();
    pace.took(0, 30);
    expect(pace.size).toBe(FIRST_SLICE);
    pace.took(FIRST_SLICE, 0);
    expect(pace.size).toBe(FIRST_SLICE * 2);
  });
});
