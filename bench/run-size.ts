/** Every measure at one customer count, on its stage: the rounds of each, then the profiles asked for. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { removeDir, tempDir } from './env';
import type { Stage } from './env';
import { log } from './log';
import { HEADLINE } from './options';
import type { Options } from './options';
import type { ProfileSummary } from './profile';
import { num } from './report/format';
import type { ScaleResult } from './report/scale-result';
import { coldFloorRep, coldRep } from './scenarios/cold';
import type { ColdRep } from './scenarios/cold';
import { replayRep } from './scenarios/replay';
import type { ReplayRep } from './scenarios/replay';
import { profileSearch, searchBench } from './scenarios/search';
import { CPU_THROTTLE, PAGE_SIZE, REPLAY_EDITS } from './scenarios/settings';
import { appSync, syncFloors } from './scenarios/sync';
import type { NetworkRep, SyncRep } from './scenarios/sync';
import type { ColdFloorResult, IdbWriteResult } from './shared/types';

export async function runSize(stage: Stage, opts: Options): Promise<ScaleResult> {
  const started = Date.now();
  const n = stage.n;
  const reps = opts.reps;
  const heavyReps = n > HEADLINE ? opts.heavyReps : reps;
  const pagesNeeded = Math.max(1, Math.ceil(stage.visible / PAGE_SIZE));
  const network: NetworkRep[] = [];
  const idb: IdbWriteResult[] = [];
  const sync: SyncRep[] = [];
  const appDirs: string[] = [];

  // Everything after the sync needs a synced profile; without the sync part, one round makes it.
  const syncRounds = opts.only.has('sync') ? heavyReps : 1;
  try {
    for (let r = 0; r < syncRounds; r++) {
      // The floor's network pass and the app's sync each list every page (+1 for a short last page).
      await stage.freshDay(`full sync round at ${num(n)} (network floor + app)`, 2 * (pagesNeeded + 1));
      const dir = tempDir('rotor-bench-app-');
      appDirs.push(dir);
      // Floors first, then the measure, each in its own fresh profile: a slow minute lands on both.
      const floors = await syncFloors(stage);
      const { sync: s } = await appSync(stage, dir);
      network.push(floors.network);
      idb.push(floors.idb);
      sync.push(s);
      log(
        `${num(n)}: sync round ${r + 1}/${syncRounds}: ${num(s.ms)} ms (network-only ${num(floors.network.ms)} ms, ` +
          `IndexedDB ${num(floors.idb.ms)} ms, ${s.requests.keyed} requests${
            s.startedBy === 'app' ? '' : ', started with Sync now'
          })`,
      );
      // Only the last round's profile is kept: it holds the cache the later measures start from.
      if (r < syncRounds - 1) removeDir(dir);
    }
  } catch (error) {
    for (const dir of appDirs) removeDir(dir);
    throw error;
  }
  const synced = appDirs[appDirs.length - 1];
  if (!synced) throw new Error('no synced profile');

  try {
    const searched = opts.only.has('search') ? await searchBench(stage, synced, reps, heavyReps) : null;
    const search = searched?.reps ?? [];
    if (search.length)
      log(
        `${num(n)}: search p95 ${num(search.map((s) => s.p95).sort((a, b) => a - b)[search.length >> 1] ?? NaN)} ms ` +
          `(naive ${num(search[0]?.naiveP95 ?? NaN)} ms)`,
      );

    // The cheap-laptop variant: no naive scan (its ratio is the unthrottled row's), the index's keystrokes only.
    const searchThrottled = opts.only.has('search')
      ? (await searchBench(stage, synced, opts.throttledReps, 0, CPU_THROTTLE)).reps
      : [];
    if (searchThrottled.length)
      log(
        `${num(n)}: search p95 with the CPU throttled ${CPU_THROTTLE}× ` +
          searchThrottled.map((s) => `${num(s.p95)} ms`).join(', '),
      );

    const cold: ColdRep[] = [];
    const coldThrottled: ColdRep[] = [];
    const coldFloor: ColdFloorResult[] = [];
    const coldFloorThrottled: ColdFloorResult[] = [];
    if (opts.only.has('cold')) {
      for (let r = 0; r < reps; r++) {
        const c = await coldRep(stage, synced, n === HEADLINE);
        cold.push(c);
        const f = await coldFloorRep(stage, synced);
        coldFloor.push(f);
        log(
          `${num(n)}: cold round ${r + 1}/${reps}: first rows ${num(c.firstRowsMs)} ms, search ready ` +
            `${num(c.searchReadyMs)} ms (floor ${num(f.doneAt)} ms), heap ${num(
              (c.heap.usedSize + c.heap.backingStorageSize) / 2 ** 20,
            )} MiB${c.scroll ? `, scroll max ${c.scroll.maxRows} rows, ${c.scroll.longTasks.length} long tasks` : ''}`,
        );
      }
      for (let r = 0; r < opts.throttledReps; r++) {
        const c = await coldRep(stage, synced, n === HEADLINE, undefined, CPU_THROTTLE);
        coldThrottled.push(c);
        const f = await coldFloorRep(stage, synced, CPU_THROTTLE);
        coldFloorThrottled.push(f);
        log(
          `${num(n)}: cold round ${r + 1}/${opts.throttledReps}, CPU throttled ${CPU_THROTTLE}×: first rows ` +
            `${num(c.firstRowsMs)} ms, search ready ${num(c.searchReadyMs)} ms (floor ${num(f.doneAt)} ms), ` +
            `${c.indexingLongTasks.length} long tasks ` +
            `between them${c.scroll ? `; scroll ${c.scroll.longTasks.length} long tasks` : ''}`,
        );
      }
    }

    let replay: ReplayRep[] | null = null;
    if (opts.only.has('replay') && n === HEADLINE) {
      replay = [];
      for (let r = 0; r < reps; r++) {
        // Up to two keyed requests an edit: the pre-send GET when the cached copy is past its fresh window.
        await stage.freshDay(`replay round ${r + 1}`, 2 * REPLAY_EDITS);
        const x = await replayRep(stage, synced, `Bench round ${r + 1}`);
        replay.push(x);
        const b = x.breakdown;
        log(
          `${num(n)}: replay round ${r + 1}/${reps}: ${num(x.ms)} ms, ${x.requests.keyed} requests, exactly once: ${
            x.exactlyOnce ? 'yes' : `NO (${x.problems.join('; ')})`
          }; per call: page→Rotor ${b.toServerMs.toFixed(1)} ms, Rotor→page ${b.fromServerMs.toFixed(1)} ms, ` +
            `answer→next send ${b.gapMs.toFixed(1)} ms (median ${b.gapP50Ms.toFixed(1)}), last answer→0 pending ${b.tailMs.toFixed(0)} ms`,
        );
      }
    }

    const profiles: ProfileSummary[] = [];
    if (opts.profile && n === HEADLINE) {
      const file = (name: string): string => join(opts.outDir, `profile-${name}-${n}.cpuprofile`);
      mkdirSync(opts.outDir, { recursive: true });
      log(`${num(n)}: CPU profiles (unmeasured runs)`);
      // Only the parts asked for: `--only replay --profile` profiles the replay alone.
      if (opts.only.has('cold')) {
        const profiledStart = await coldRep(stage, synced, false, { file: file('cold-start'), of: 'start' });
        if (profiledStart.profile) profiles.push(profiledStart.profile);
        // The cheap laptop's start: where the long tasks between first rows and search ready go.
        const startThrottled = { file: file('cold-start-throttled'), of: 'start' } as const;
        const profiledThrottled = await coldRep(stage, synced, false, startThrottled, CPU_THROTTLE);
        if (profiledThrottled.profile) profiles.push(profiledThrottled.profile);
        // The cheap laptop's scroll: where its long tasks go.
        const scroll = { file: file('scroll-throttled'), of: 'scroll' } as const;
        const profiledScroll = await coldRep(stage, synced, true, scroll, CPU_THROTTLE);
        if (profiledScroll.profile) profiles.push(profiledScroll.profile);
      }
      if (opts.only.has('search')) profiles.push(await profileSearch(stage, synced, file('search')));
      if (opts.only.has('replay')) {
        await stage.freshDay('profiled replay', 2 * REPLAY_EDITS);
        const profiled = await replayRep(stage, synced, 'Bench profiled', file('replay'));
        if (profiled.profile) profiles.push(profiled.profile);
      }
      const dir = tempDir('rotor-bench-profile-');
      try {
        if (opts.only.has('sync')) {
          await stage.freshDay('profiled full sync', pagesNeeded + 1);
          const profiled = await appSync(stage, dir, file('sync'));
          if (profiled.profile) profiles.push(profiled.profile);
        }
      } finally {
        removeDir(dir);
      }
    }

    return {
      n,
      visible: stage.visible,
      pagesNeeded,
      network,
      idb,
      sync,
      search,
      searchThrottled,
      searchSlowest: searched?.slowest ?? [],
      profiles,
      cold,
      coldThrottled,
      coldFloor,
      coldFloorThrottled,
      replay,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    removeDir(synced);
  }
}
