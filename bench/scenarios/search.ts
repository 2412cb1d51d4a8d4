/** Search per keystroke against the naive scan, in the bench page, plain and CPU-throttled. */
import { bench, launchProfile, openBenchPage, servedFile } from '../env';
import type { Stage } from '../env';
import { startProfiler } from '../profile';
import type { ProfileSummary } from '../profile';
import type { SearchBenchResult } from '../shared/types';
import { percentile } from '../stats';

export interface SearchRep {
  keystrokes: number;
  /** Dexie toArray of every cached row (what the app's start reads), for the cold-start breakdown. */
  readMs: number;
  p50: number;
  p95: number;
  max: number;
  naiveP50: number;
  naiveP95: number;
  buildMs: number;
}

export function searchReps(results: readonly SearchBenchResult[]): SearchRep[] {
  return results.map((r) => {
    const idx = r.index.map((k) => k.ms);
    const naive = r.naive.map((k) => k.ms);
    return {
      keystrokes: idx.length,
      p50: percentile(idx, 50),
      p95: percentile(idx, 95),
      max: Math.max(...idx),
      naiveP50: percentile(naive, 50),
      naiveP95: percentile(naive, 95),
      readMs: r.readMs,
      buildMs: r.buildMs,
    };
  });
}

export interface SlowKeystroke {
  text: string;
  /** Median over the rounds. */
  ms: number;
  results: number;
}

/** The keystrokes slowest in the median round-by-round: where the p95 comes from. */
function slowest(raw: readonly SearchBenchResult[], count: number): SlowKeystroke[] {
  const first = raw[0];
  if (!first) return [];
  return first.index
    .map((k, i) => ({
      text: k.text,
      results: k.results,
      ms: percentile(
        raw.map((r) => r.index[i]?.ms ?? Number.NaN),
        50,
      ),
    }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count);
}

/** `cpuThrottle`: run the page CPU-throttled that many times (after it loaded; the keystrokes are what counts). */
export async function searchBench(
  stage: Stage,
  profileDir: string,
  reps: number,
  naiveReps: number,
  cpuThrottle = 1,
): Promise<{ reps: SearchRep[]; slowest: SlowKeystroke[] }> {
  const context = await launchProfile(profileDir);
  try {
    // Throttled from the page's first byte, as the cold start is.
    const page = await openBenchPage(context, stage.host, 'index.html', '', cpuThrottle);
    const raw = await bench(page, 'searchBench', { dbName: stage.dbName, reps, naiveReps });
    return { reps: searchReps(raw), slowest: slowest(raw, 8) };
  } finally {
    await context.close();
  }
}

/** One unmeasured round of the keystrokes (index only), CPU-profiled. */
export async function profileSearch(stage: Stage, profileDir: string, file: string): Promise<ProfileSummary> {
  const context = await launchProfile(profileDir);
  try {
    const page = await openBenchPage(context, stage.host);
    const profiler = await startProfiler(page, servedFile);
    await bench(page, 'searchBench', { dbName: stage.dbName, reps: 1, naiveReps: 0 });
    return await profiler.stop('search (cache read, index build, keystrokes)', file);
  } finally {
    await context.close();
  }
}
