/**
 * Where a replay round's time goes, per call to Rotor: the page's Resource Timing of each bridge call
 * (epoch ms through `performance.timeOrigin`) against the Rotor double's arrival time of each request
 * (same machine, same wall clock). Lanes are not visible from outside, so each send is paired with the
 * earliest answer before it not yet paired (the lane idle longest): what a lane does between an answer
 * and its next send.
 */

export interface CallSpan {
  /** Epoch ms: the page called fetch. */
  start: number;
  /** Epoch ms: the page had the whole answer. */
  end: number;
}

export interface ReplayBreakdown {
  /** Page fetch → the request reaches Rotor (bridge, host HTTP, dispatch and zod, main, undici). */
  toServerMs: number;
  /** Rotor's answer due (arrival + latency) → the page has it (undici, zod, main, host, bridge). */
  fromServerMs: number;
  /** An answer in the page → the next send of that lane (IndexedDB writes, memory, the next mark). */
  gapMs: number;
  /** Median of the same gap. */
  gapP50Ms: number;
  /** The last answer in the page → the status bar says "0 pending". */
  tailMs: number;
}

const mean = (xs: readonly number[]): number =>
  xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] as number) : Number.NaN;
}

/** `arrivals`: epoch ms each keyed request reached Rotor; `doneAt`: epoch ms of "0 pending". */
export function replayBreakdown(
  calls: readonly CallSpan[],
  arrivals: readonly number[],
  latencyMs: number,
  doneAt: number,
): ReplayBreakdown {
  const byStart = [...calls].sort((a, b) => a.start - b.start);
  const at = [...arrivals].sort((a, b) => a - b);
  // Both in send order; with a few lanes in flight the n-th send is the n-th arrival.
  const pairs = byStart.slice(0, at.length).map((c, i) => ({ c, at: at[i] as number }));
  const toServer = pairs.map(({ c, at: t }) => t - c.start);
  const fromServer = pairs.map(({ c, at: t }) => c.end - (t + latencyMs));
  const ends: number[] = [];
  const gaps: number[] = [];
  const byEnd = [...calls].sort((a, b) => a.end - b.end);
  let e = 0;
  for (const c of byStart) {
    while (e < byEnd.length && (byEnd[e] as CallSpan).end <= c.start) ends.push((byEnd[e++] as CallSpan).end);
    const prev = ends.shift();
    if (prev !== undefined) gaps.push(c.start - prev);
  }
  return {
    toServerMs: mean(toServer),
    fromServerMs: mean(fromServer),
    gapMs: mean(gaps),
    gapP50Ms: median(gaps),
    tailMs: doneAt - Math.max(...calls.map((c) => c.end)),
  };
}
