/**
 * The targets and how a measure is checked against one: every check is recorded (the report's
 * "Targets missed" list and the run's exit come from them) and gives its table cell. Targets are
 * checked, never loosened.
 */
import { num } from './format';

/** The targets (issue 12), one home: the report checks against these and prints them. */
export const TARGET = {
  syncRatio: 1.1,
  firstRowsRatio: 2,
  searchReadyRatio: 4,
  /** Long tasks (> 50 ms) between first rows and search ready, and while scrolling. */
  longTasks: 0,
  searchRatio: 0.05,
  /** One frame, with the CPU throttled 4×. */
  searchThrottledMs: 16,
  replayRatio: 1.15,
  replayOverheadMs: 5,
  heapRatio: 1.5,
} as const;

export interface TargetCheck {
  id: string;
  n: number;
  description: string;
  value: number;
  limit: number;
  unit: string;
  met: boolean;
  /** (value / limit − 1) × 100 when missed, else 0. */
  missedByPct: number;
  /** A scale point checked against the headline's target, for reference (targets are set at 50,000). */
  reference: boolean;
}

export interface Row {
  measure: string;
  result: string;
  floor: string;
  ratio: string;
  target: string;
  verdict: string;
}

/** Records a target check and returns its verdict cell. */
export function check(
  checks: TargetCheck[],
  id: string,
  n: number,
  description: string,
  value: number,
  limit: number,
  unit: string,
  reference = false,
): string {
  const met = Number.isFinite(value) && value <= limit;
  const missedByPct =
    met || !Number.isFinite(value) ? 0 : limit === 0 ? Number.POSITIVE_INFINITY : (value / limit - 1) * 100;
  checks.push({ id, n, description, value, limit, unit, met, missedByPct, reference });
  if (!Number.isFinite(value)) return '**not measured**';
  if (met) return 'met';
  return limit === 0 ? `**missed**: ${num(value)} ${unit}` : `**missed** by ${num(missedByPct)}%`;
}

export function joinVerdicts(...parts: string[]): string {
  return parts.every((p) => p === 'met') ? 'met' : parts.filter((p) => p !== 'met').join('; ');
}
