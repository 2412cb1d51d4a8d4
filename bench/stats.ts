/** Small, dependency-free statistics for the benchmark report. */

export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
  /** First and third quartiles (linear interpolation), for the IQR. */
  p25: number;
  p75: number;
}

/** The p-th percentile (0–100) of the finite `values`, linearly interpolated between closest ranks. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (b - a) * (rank - lo);
}

/** Summary of the finite values (a measure not taken in some round is NaN there and left out). */
export function summarize(all: readonly number[]): Summary {
  const values = all.filter(Number.isFinite);
  return {
    n: values.length,
    median: percentile(values, 50),
    min: values.length ? Math.min(...values) : Number.NaN,
    max: values.length ? Math.max(...values) : Number.NaN,
    p25: percentile(values, 25),
    p75: percentile(values, 75),
  };
}

/** Element-wise a[i] / b[i]: each repetition against the floor measured right beside it. */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  return a.map((x, i) => x / (b[i] ?? Number.NaN));
}

/**
 * Growth exponent k in time ∝ n^k between two sizes: 1 is linear, below 1 better than linear.
 * NaN when either point is missing or not positive.
 */
export function growthExponent(n1: number, v1: number, n2: number, v2: number): number {
  if (!(n1 > 0 && n2 > 0 && v1 > 0 && v2 > 0) || n1 === n2) return Number.NaN;
  return Math.log(v2 / v1) / Math.log(n2 / n1);
}
