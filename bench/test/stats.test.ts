import { describe, expect, it } from 'vitest';
import { growthExponent, pairedRatios, percentile, summarize } from '../stats';

describe('bench statistics', () => {
  it('interpolates percentiles between closest ranks', () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 95)).toBeCloseTo(48);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarises only the rounds that measured something', () => {
    expect(summarize([3, Number.NaN, 1, 2])).toEqual({ n: 3, median: 2, min: 1, max: 3, p25: 1.5, p75: 2.5 });
    expect(summarize([Number.NaN]).n).toBe(0);
  });

  it('pairs each round with its own floor', () => {
    expect(pairedRatios([110, 240], [100, 200])).toEqual([1.1, 1.2]);
  });

  it('reads linear, better and worse growth from two sizes', () => {
    expect(growthExponent(5_000, 100, 50_000, 1000)).toBeCloseTo(1);
    expect(growthExponent(5_000, 100, 50_000, 100)).toBeCloseTo(0);
    expect(growthExponent(5_000, 100, 50_000, 10_000)).toBeCloseTo(2);
    expect(growthExponent(5_000, 0, 50_000, 100)).toBeNaN();
  });
});
