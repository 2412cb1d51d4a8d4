import type { ColdFloorResult } from '../shared/types';
import type { ColdRep } from '../scenarios/cold';
import {
  CPU_THROTTLE,
  PAGE_SIZE,
  REPLAY_CONCURRENCY,
  REPLAY_LATENCY_MS,
  SYNC_LATENCY_MS,
} from '../scenarios/settings';
import { summarize } from '../stats';
import { int, ms, num } from './format';
import { floorsOf } from './scale-result';
import type { ScaleResult } from './scale-result';

/**
 * Where the time goes, from the same run's own breakdowns: the evidence for what limits a measure,
 * for whoever picks up a missed target.
 */
export function hints(r: ScaleResult): string[] {
  const med = (v: number[]): number => summarize(v).median;
  const out: string[] = [];
  const label = num(r.n);
  if (r.sync.length) {
    const net = med(r.network.map((x) => x.ms));
    const perPage = med(r.network.map((x) => x.ms / x.pages));
    const idb = med(r.idb.map((x) => x.ms));
    const perRow = med(r.idb.map((x) => (x.ms / x.rows) * 1000));
    const sync = med(r.sync.map((x) => x.ms));
    const byHand = r.sync.filter((x) => x.startedBy !== 'app').length;
    out.push(
      `Full sync at ${label}: network-only ${ms(net)} (${ms(perPage)} a page against ${SYNC_LATENCY_MS} ms of server latency); ` +
        `raw IndexedDB ${ms(idb)} (${num(perRow)} µs a row, ${PAGE_SIZE} rows a transaction with the app's 6 indexes). ` +
        `The app's own list calls took ${ms(med(r.sync.map((x) => x.callMs)))} each while it wrote, and its last page arrived ` +
        `${ms(med(r.sync.map((x) => x.networkMs)))} after the first request; the sync ends ${ms(sync - med(floorsOf(r)))} after the floor.` +
        (byHand
          ? ` ${byHand} of ${r.sync.length} rounds were started with "Sync now": the host's request ledger had too little ` +
            `of the day's 1,000 left for the app's automatic refresh (it keeps 100 for edits).`
          : ''),
    );
  }
  const breakdown = (
    cold: readonly ColdRep[],
    floor: readonly ColdFloorResult[],
    throttle: string,
  ): string => {
    const at = (f: (c: ColdRep) => number): string => ms(med(cold.map(f)));
    const long = cold.flatMap((c) => c.indexingLongTasks);
    return (
      `Cold start at ${label}${throttle} (median of ${cold.length}): script bundle received ${at((c) => c.scriptLoadedMs)} → ` +
      `first call to main ${at((c) => c.firstCallMs)} → start-up calls (account, settings, quota…) answered ` +
      `${at((c) => c.bootCallsMs)} → first rows ${at((c) => c.firstRowsMs)} → search ready ${at((c) => c.searchReadyMs)}; ` +
      `floor (IndexedDB open ${ms(med(floor.map((f) => f.openMs)))} + first ${int(floor[0]?.rows ?? 0)} rows ` +
      `${ms(med(floor.map((f) => f.readMs)))}) done at ${ms(med(floor.map((f) => f.doneAt)))}. ` +
      `Long tasks between first rows and search ready: ${long.length}` +
      (long.length ? ` (${long.map((t) => ms(t.duration)).join(', ')})` : '') +
      '.'
    );
  };
  if (r.cold.length) {
    const read = r.search.length ? med(r.search.map((x) => x.readMs)) : Number.NaN;
    const build = r.search.length ? med(r.search.map((x) => x.buildMs)) : Number.NaN;
    out.push(
      breakdown(r.cold, r.coldFloor, '') +
        (r.search.length
          ? ` Measured on their own in the bench page, same profile: reading all ${num(r.visible)} rows ` +
            `(Dexie toArray) ${ms(read)}, building the search index over them ${ms(build)}.`
          : ''),
    );
  }
  if (r.coldThrottled.length)
    out.push(breakdown(r.coldThrottled, r.coldFloorThrottled, `, CPU throttled ${CPU_THROTTLE}×`));
  if (r.searchSlowest.length) {
    out.push(
      `Search at ${label}, slowest keystrokes (median of the rounds): ` +
        r.searchSlowest
          .slice(0, 5)
          .map((k) => `“${k.text}” ${ms(k.ms)} (${num(k.results)} matches)`)
          .join(', ') +
        '.',
    );
  }
  if (r.replay && r.replay.length) {
    const call = med(r.replay.map((x) => x.callMs));
    const busy = med(r.replay.map((x) => x.callTotalMs / x.networkMs));
    out.push(
      `Replay at ${label}: one call to Rotor takes ${ms(call)} as the page sees it (${REPLAY_LATENCY_MS} ms of it ` +
        `server latency; ${num(med(r.replay.map((x) => x.upsertCalls)))} upserts and ` +
        `${num(med(r.replay.map((x) => x.readCalls)))} pre-send reads of Rotor's copy); ` +
        `the last answer arrives ${ms(med(r.replay.map((x) => x.networkMs)))} after the first send, with on average ` +
        `${num(busy)} of ${REPLAY_CONCURRENCY} lanes waiting on the network (the rest of the time a lane is between an answer ` +
        `and its next send: committing the answer to IndexedDB, scheduling); the status bar shows 0 pending ` +
        `${ms(med(r.replay.map((x) => x.ms - x.networkMs)))} after the last answer.`,
    );
  }
  return out;
}
