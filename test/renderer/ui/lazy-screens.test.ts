/**
 * A lazily loaded screen's budget (lazy-screens.ts): a chunk that never arrives ends as a failure the
 * screen can show with Try again, not an endless "Opening…"; one that arrives in time leaves no timer.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOAD_BUDGET_MS, withinBudget } from '$lib/components/lazy-screens';

describe('lazy screen load budget', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers the module when it arrives in time, and leaves no timer behind', async () => {
    const module = { default: 'View' };
    await expect(withinBudget(Promise.resolve(module), LOAD_BUDGET_MS)).resolves.toBe(module);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('passes a load failure on as it is', async () => {
    const error = new TypeError('Failed to fetch dynamically imported module');
    await expect(withinBudget(Promise.reject(error), LOAD_BUDGET_MS)).rejects.toBe(error);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('fails a chunk that never arrives once the budget is spent, not before', async () => {
    let settled = false;
    const loading = withinBudget(new Promise<never>(() => undefined), LOAD_BUDGET_MS).finally(() => {
      settled = true;
    });
    const outcome = expect(loading).rejects.toThrow(`not loaded within ${LOAD_BUDGET_MS} ms`);
    await vi.advanceTimersByTimeAsync(LOAD_BUDGET_MS - 1);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await outcome;
    expect(settled).toBe(true);
  });
});
