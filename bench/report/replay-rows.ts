/** The replay rows: the measure against the floor its own requests set, and the per-call overhead. */
import type { ReplayRep } from '../scenarios/replay';
import { REPLAY_CONCURRENCY, REPLAY_EDITS, REPLAY_LATENCY_MS } from '../scenarios/settings';
import { pairedRatios, summarize } from '../stats';
import { TARGET, check, joinVerdicts } from './checks';
import type { Row, TargetCheck } from './checks';
import { int, ms, spread, times } from './format';

export function replayRows(replay: readonly ReplayRep[], n: number, checks: TargetCheck[]): Row[] {
  // Every keyed request the round made waits REPLAY_LATENCY_MS on the server, REPLAY_CONCURRENCY at a time.
  const floorOf = (x: ReplayRep): number => (x.requests.keyed * REPLAY_LATENCY_MS) / REPLAY_CONCURRENCY;
  const replayMs = replay.map((x) => x.ms);
  const floors = replay.map(floorOf);
  const ratio = summarize(pairedRatios(replayMs, floors));
  const keyed = summarize(replay.map((x) => x.requests.keyed));
  const keyedCell = keyed.min === keyed.max ? int(keyed.max) : `${int(keyed.min)}–${int(keyed.max)}`;
  const overhead = summarize(replay.map(replayOverheadMs));
  const serverPerCall = summarize(replay.map(() => REPLAY_LATENCY_MS));
  const exact = replay.every((x) => x.exactlyOnce);
  const problems = replay.flatMap((x) => x.problems).slice(0, 3);
  return [
    {
      measure:
        `Replay of ${REPLAY_EDITS} queued edits, ${REPLAY_LATENCY_MS} ms latency, concurrency ${REPLAY_CONCURRENCY}: ` +
        `${keyedCell} keyed requests (exactly-once: ${exact ? 'verified on the server every round' : `FAILED: ${problems.join('; ')}`})`,
      result: spread(summarize(replayMs), ms),
      floor: `${keyedCell} requests × ${REPLAY_LATENCY_MS} ms / ${REPLAY_CONCURRENCY} = ${spread(summarize(floors), ms)}`,
      ratio: spread(ratio, times),
      target: `≤ ${times(TARGET.replayRatio)} floor, exactly once`,
      verdict: joinVerdicts(
        check(checks, 'replay.ratio', n, 'replay / floor', ratio.median, TARGET.replayRatio, '×'),
        check(checks, 'replay.exactlyOnce', n, 'exactly-once violations', exact ? 0 : 1, 0, 'rounds'),
      ),
    },
    {
      measure: `Replay per-call overhead: a call to Rotor (upsert or pre-send read) as the page sees it minus the server latency it waited`,
      result: spread(overhead, ms),
      floor: `server latency per call: ${spread(serverPerCall, ms)} (one request a call)`,
      ratio: '—',
      target: `≤ ${ms(TARGET.replayOverheadMs)}`,
      verdict: check(
        checks,
        'replay.overhead',
        n,
        'replay per-call overhead',
        overhead.median,
        TARGET.replayOverheadMs,
        'ms',
      ),
    },
  ];
}

/** Page-observed call time (upserts and pre-send reads) less the server latency behind it (one request a call). */
export function replayOverheadMs(x: ReplayRep): number {
  return x.callMs - REPLAY_LATENCY_MS;
}
