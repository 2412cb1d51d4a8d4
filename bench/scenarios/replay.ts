/** Replay of queued edits through the real app, exactly once, and where its time goes. */
import { bench, launchProfile, newAppPage, openBenchPage, servedFile } from '../env';
import type { Stage } from '../env';
import { startProfiler } from '../profile';
import type { ProfileSummary } from '../profile';
import { replayBreakdown } from '../replay-breakdown';
import type { ReplayBreakdown } from '../replay-breakdown';
import { calls, countRequests, marks, waitForMark } from './page-timing';
import type { RequestCount } from './page-timing';
import { REPLAY_EDITS, REPLAY_LATENCY_MS } from './settings';

export interface ReplayRep {
  /** First call to Rotor sent (a pre-send read or an upsert) → the status bar shows "0 pending". */
  ms: number;
  /** First call to Rotor sent → last one answered. */
  networkMs: number;
  /**
   * Mean time of one call to Rotor (upsert, or the pre-send read of Rotor's copy) as the page sees it;
   * each carries one request, to which the server adds REPLAY_LATENCY_MS.
   */
  callMs: number;
  /** Sum of every call's time: divided by networkMs, how many lanes waited on the network on average. */
  callTotalMs: number;
  edits: number;
  upsertCalls: number;
  /** customers.get calls: the pre-send reads of Rotor's copy. */
  readCalls: number;
  requests: RequestCount;
  exactlyOnce: boolean;
  /** What broke exactly-once, when it did. */
  problems: string[];
  breakdown: ReplayBreakdown;
  profile?: ProfileSummary;
}

/** With `profileFile`, the renderer is CPU-profiled from navigation to "0 pending" (not a measurement). */
export async function replayRep(
  stage: Stage,
  profileDir: string,
  label: string,
  profileFile?: string,
): Promise<ReplayRep> {
  const { server, host } = stage;
  server.control.setLatency(0);
  const context = await launchProfile(profileDir);
  try {
    const benchPage = await openBenchPage(context, host);
    const queued = await bench(benchPage, 'queueEdits', {
      accountId: stage.accountId,
      count: REPLAY_EDITS,
      label,
    });
    await benchPage.close();
    if (queued.pendingAfter !== REPLAY_EDITS)
      throw new Error(`expected ${REPLAY_EDITS} queued edits, the outbox holds ${queued.pendingAfter}`);

    server.control.setLatency(REPLAY_LATENCY_MS);
    server.control.clearLog();
    const appliedBefore = server.control.upsertsApplied();
    const page = await newAppPage(context, { expectedCount: null, searchQuery: null, until: 'pendingZero' });
    const profiler = profileFile ? await startProfiler(page, servedFile) : null;
    await page.goto(host.url);
    await waitForMark(page, 'pendingZero', 120_000);
    const profile = profiler && profileFile ? await profiler.stop('replay', profileFile) : null;
    const m = await marks(page);
    const origin = await page.evaluate(() => performance.timeOrigin);
    const upserts = await calls(page, 'customers.upsert');
    const reads = await calls(page, 'customers.get');
    const rotorCalls = [...upserts, ...reads];
    const log = server.control.requestLog();

    const problems: string[] = [];
    const posts = log.filter((e) => e.method === 'POST' && e.path === '/customers');
    const committed = posts.filter((e) => e.status !== null && e.status >= 200 && e.status < 300);
    const perKey = new Map<string, number>();
    for (const e of committed)
      perKey.set(e.idempotencyKey ?? '', (perKey.get(e.idempotencyKey ?? '') ?? 0) + 1);
    if (committed.length !== queued.edits.length)
      problems.push(`${committed.length} committed upserts for ${queued.edits.length} edits`);
    if (perKey.size !== queued.edits.length) problems.push(`${perKey.size} distinct idempotency keys`);
    for (const [key, n] of perKey) if (n !== 1) problems.push(`key ${key} committed ${n} times`);
    const applied = server.control.upsertsApplied() - appliedBefore;
    if (applied !== queued.edits.length) problems.push(`server applied ${applied} upserts`);
    for (const edit of queued.edits) {
      const notes = server.control.getCustomer(edit.id)?.notes;
      if (notes !== edit.notes)
        problems.push(`customer ${edit.id} notes on the server: ${JSON.stringify(notes)}`);
    }
    const first = Math.min(...rotorCalls.map((c) => c.start));
    const callTotalMs = rotorCalls.reduce((sum, c) => sum + (c.end - c.start), 0);
    const spans = rotorCalls.map((c) => ({ start: origin + c.start, end: origin + c.end }));
    const arrivals = log.filter((e) => e.apiKeyHint !== null).map((e) => e.at);
    const doneAt = origin + (m.pendingZero ?? Number.NaN);
    return {
      ...(profile ? { profile } : {}),
      breakdown: replayBreakdown(spans, arrivals, REPLAY_LATENCY_MS, doneAt),
      ms: (m.pendingZero ?? Number.NaN) - first,
      networkMs: Math.max(...rotorCalls.map((c) => c.end)) - first,
      callMs: callTotalMs / rotorCalls.length,
      callTotalMs,
      edits: queued.edits.length,
      upsertCalls: upserts.length,
      readCalls: reads.length,
      requests: countRequests(log),
      exactlyOnce: problems.length === 0,
      problems: problems.slice(0, 10),
    };
  } finally {
    await context.close();
  }
}
