/**
 * `npm run bench` (scripts/bench.mjs builds, then runs this): Rotor Desk's benchmarks, in Chromium
 * through the browser host against the Rotor-faithful server, checked against issue 12's targets
 * (report.ts TARGET). Prints a markdown table to stdout (progress goes to stderr) and writes the same
 * figures to bench/results/latest.{json,md}, plus a dated copy bench/results/<YYYY-MM-DD>[-<label>].{md,json}
 * so before and after runs of one session sit side by side.
 *
 * Options: --quick (no 200,000: about half the time), --reps N (rounds per measure, default 3),
 *          --heavy-reps N (rounds of the two measures that cost minutes a round above 50,000 customers —
 *          the full sync with its floors, ~2 min a round at 200,000, and the naive scan — default 3),
 *          --throttled-reps N (rounds of the 4× CPU-throttled cold start, scroll and search; default --reps),
 *          --sizes 5k,50k,200k, --only sync,search,cold,replay,offline-idle,transfer (development aid),
 *          --profile (also save renderer CPU profiles of unmeasured runs at 50,000 and summarise them),
 *          --label X (names the dated copy of the results, e.g. before / after).
 * offline-idle runs once, on a stage of its own (OFFLINE_IDLE_N customers), whatever --sizes says.
 * transfer (export and import preview) runs once at 50,000 customers, in the runner (bench/transfer.ts),
 * and reads a 50,000-row import file on the bench page, in-thread and through the worker.
 * The renderer bundle size is read from the build this run drives (out/bench/app/renderer/assets).
 * Every sync and replay round starts on a fresh day of the host's request ledger (env.ts freshDay).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedCustomers } from '../electron/main/simulation/server';
import { bundleRow, bundleSize } from './bundle';
import { machine, removeDir, REPO_ROOT, startStage, tempDir } from './env';
import type { Stage } from './env';
import type { ColdFloorResult, IdbWriteResult } from './shared/types';
import { watchForeignLoad } from './machine-load';
import { offlineIdleRep, OFFLINE_IDLE_N } from './offline-idle';
import type { OfflineIdleRep } from './offline-idle';
import { offlineIdleHint, offlineIdleRow, pct } from './offline-report';
import { growthRows, growthSection } from './growth';
import { headlineRows, hints, int, markdown, num, scaleRows } from './report';
import { summarize } from './stats';
import type { ScaleResult, TargetCheck } from './report';
import type { ProfileSummary } from './profile';
import {
  appSync,
  coldFloorRep,
  coldRep,
  CPU_THROTTLE,
  PAGE_SIZE,
  profileSearch,
  REPLAY_EDITS,
  replayRep,
  searchBench,
  syncFloors,
} from './scenarios';
import type { ColdRep, NetworkRep, ReplayRep, SyncRep } from './scenarios';
import { readFileRep, readFileRow, transferRep, transferRows } from './transfer';

const HEADLINE = 50_000;
const SIZE_PARTS = ['sync', 'search', 'cold', 'replay'] as const;
const PARTS = [...SIZE_PARTS, 'offline-idle', 'transfer'] as const;
type Part = (typeof PARTS)[number];

interface Options {
  sizes: number[];
  /** Rounds per measure. */
  reps: number;
  /** Rounds of the full sync and of the naive scan above HEADLINE customers. */
  heavyReps: number;
  /** Rounds of the CPU-throttled cold start (with scroll) and search. */
  throttledReps: number;
  only: Set<Part>;
  /** Save renderer CPU profiles of extra, unmeasured runs at the headline size. */
  profile: boolean;
  quick: boolean;
  /** Names the dated copy of the results; null: the date alone. */
  label: string | null;
  outDir: string;
}

const USAGE =
  'usage: npm run bench -- [--quick] [--reps N] [--heavy-reps N] [--throttled-reps N] [--sizes 5k,50k,200k] ' +
  '[--only sync,search,cold,replay,offline-idle,transfer] [--profile] [--label X] [--no-build]';

function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(k)?$/i.exec(s.trim());
  if (!m) throw new Error(`bad size ${s}`);
  return Math.round(Number(m[1]) * (m[2] ? 1000 : 1));
}

function parseArgs(argv: readonly string[]): Options {
  const quick = argv.includes('--quick');
  let sizes = quick ? [5_000, 50_000] : [5_000, 50_000, 200_000];
  let reps = 3;
  let heavyReps = 3;
  let throttledReps: number | null = null;
  let label: string | null = null;
  const count = (flag: string, v: string): number => {
    const x = Number(v);
    if (!Number.isInteger(x) || x < 1) throw new Error(`${flag} needs a positive integer`);
    return x;
  };
  let only = new Set<Part>(PARTS);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.includes('=')
      ? (arg.split(/=(.*)/s, 2) as [string, string])
      : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--quick':
      case '--profile':
        break;
      case '--reps':
        reps = count(flag, value());
        break;
      case '--heavy-reps':
        heavyReps = count(flag, value());
        break;
      case '--throttled-reps':
        throttledReps = count(flag, value());
        break;
      case '--label': {
        const v = value();
        if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(v))
          throw new Error(`--label: letters, digits, . _ - only\n${USAGE}`);
        label = v;
        break;
      }
      case '--help':
        process.stdout.write(`${USAGE}\n`);
        return process.exit(0);
      case '--sizes':
        sizes = value().split(',').map(parseSize);
        break;
      case '--only': {
        const parts = value().split(',') as Part[];
        for (const p of parts) if (!PARTS.includes(p)) throw new Error(`--only: unknown part ${p}`);
        only = new Set(parts);
        break;
      }
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  return {
    sizes,
    reps,
    heavyReps,
    throttledReps: throttledReps ?? reps,
    only,
    quick,
    label,
    profile: argv.includes('--profile'),
    outDir: join(REPO_ROOT, 'bench/results'),
  };
}

const log = (message: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
};

async function runSize(stage: Stage, opts: Options): Promise<ScaleResult> {
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

/** Its own small stage: a synced profile, then the floor and the offline window (offline-idle.ts). */
async function runOfflineIdle(): Promise<OfflineIdleRep> {
  const stage = await startStage(seedCustomers(OFFLINE_IDLE_N, 1));
  const dir = tempDir('rotor-bench-idle-');
  try {
    log(`offline idle: syncing ${num(OFFLINE_IDLE_N)} customers`);
    await appSync(stage, dir);
    const rep = await offlineIdleRep(stage, dir);
    log(
      `offline idle: ${pct(rep.offline.cpu.taskPct)} of one core, timer wake-ups ${rep.offline.wakeups.total} ` +
        `(online floor ${pct(rep.floor.cpu.taskPct)}, wake-ups ${rep.floor.wakeups.total}; other processes ` +
        `took ${pct(rep.offline.foreignPct)} of the machine during the window)`,
    );
    return rep;
  } finally {
    removeDir(dir);
    await stage.close();
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const host = machine();
  // What this run's app build serves; measured first, so a failed run still says nothing wrong about it.
  const bundle = bundleSize(join(REPO_ROOT, 'out/bench/app/renderer/assets'));
  log(
    `renderer bundle: ${bundle.startBytes} bytes of JS at start (gzip ${bundle.startGzipBytes}), ` +
      `${bundle.jsBytes} in all (gzip ${bundle.jsGzipBytes}), minified: ${bundle.minified}`,
  );
  log(`${host.cpus} × ${host.model}, ${host.memoryGiB} GiB, node ${host.node}, ${host.chromium}`);
  log(
    `sizes ${opts.sizes.map(num).join(', ')}; ${opts.reps} rounds (${opts.heavyReps} for heavy measures above 50,000)`,
  );

  // Other work on the machine inflates every figure; the report says how much CPU it took.
  const foreignWatch = watchForeignLoad();

  const results: ScaleResult[] = [];
  const bySize = SIZE_PARTS.some((p) => opts.only.has(p));
  for (const n of bySize ? opts.sizes : []) {
    const t = Date.now();
    const customers = seedCustomers(n, 1);
    log(`${num(n)}: seeded in ${Date.now() - t} ms; starting server and host`);
    const stage = await startStage(customers);
    try {
      results.push(await runSize(stage, opts));
    } finally {
      await stage.close();
    }
  }
  const offlineIdle = opts.only.has('offline-idle') ? await runOfflineIdle() : null;
  const transfer = opts.only.has('transfer') ? await transferRep(seedCustomers(HEADLINE, 1)) : null;
  if (transfer)
    log(
      `transfer: export ${num(transfer.exportMs)} ms, preview of ${transfer.importRows} rows ${num(transfer.previewMs)} ms`,
    );
  const readFile = opts.only.has('transfer') ? await readFileRep() : null;
  if (readFile)
    log(
      `import reader: longest task ${num(readFile.worker.longestTaskMs)} ms with the worker, ` +
        `${num(readFile.inThread.longestTaskMs)} ms in-thread`,
    );

  const foreign = foreignWatch?.stop().samples ?? [];
  const busy = {
    foreignMedianPct: summarize(foreign).median,
    foreignMaxPct: foreign.length ? Math.max(...foreign) : Number.NaN,
    foreignMeanPct: foreign.length ? foreign.reduce((a, b) => a + b, 0) / foreign.length : Number.NaN,
  };
  const checks: TargetCheck[] = [];
  const headline = results.find((r) => r.n === HEADLINE) ?? results[results.length - 1];
  const headlineN = headline?.n ?? HEADLINE;
  const rows = headline ? headlineRows(headline, checks) : [];
  if (offlineIdle) rows.push(offlineIdleRow(offlineIdle, checks));
  if (transfer) rows.push(...transferRows(transfer, checks));
  if (readFile) rows.push(readFileRow(readFile));
  rows.push(bundleRow(bundle, checks));
  const scale = scaleRows(results, checks, headlineN);
  const grow = growthRows(results, checks);
  const seconds = (Date.now() - started) / 1000;
  const md = markdown({
    title: `Rotor Desk benchmarks (${new Date(started).toISOString().slice(0, 10)})`,
    preamble: [
      `Machine: ${host.cpus} × ${host.model}, ${host.memoryGiB} GiB RAM, ${host.platform}; Node ${host.node}; ${host.chromium} (headless).`,
      `Run: \`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\`, ` +
        (bySize
          ? `sizes ${opts.sizes.map(int).join(', ')}, ` +
            `${opts.reps} round${opts.reps === 1 ? '' : 's'} per measure` +
            (opts.sizes.some((n) => n > HEADLINE) && opts.heavyReps !== opts.reps
              ? ` (above ${num(HEADLINE)} customers the full sync and the naive scan: ${opts.heavyReps}, \`--heavy-reps\`)`
              : '') +
            (offlineIdle ? ', ' : '')
          : '') +
        (offlineIdle ? `offline idle at ${int(OFFLINE_IDLE_N)} customers (one round)` : '') +
        (transfer
          ? `${bySize || offlineIdle ? ', ' : ''}export and preview at ${int(HEADLINE)} (one round)`
          : '') +
        `, ${num(seconds)} s in all. Every floor is measured in the same run beside its measure; ratios are paired per round.`,
      foreign.length
        ? `CPU taken by other processes during the run (share of all ${host.cpus} CPUs, 2 s samples): ` +
          `mean ${num(busy.foreignMeanPct)}%, max ${num(busy.foreignMaxPct)}%` +
          (busy.foreignMeanPct > 10
            ? ' — **the machine was shared**: absolute times are inflated; the paired ratios less so.'
            : '.')
        : 'CPU taken by other processes: not measured (no /proc).',
    ],
    headline: rows,
    scale,
    growth: growthSection(grow),
    checks,
    hints: [...results.flatMap(hints), ...(offlineIdle ? [offlineIdleHint(offlineIdle)] : [])],
    profiles: results.flatMap((r) => r.profiles),
  });

  mkdirSync(opts.outDir, { recursive: true });
  const json = {
    startedAt: new Date(started).toISOString(),
    seconds,
    machine: host,
    load: busy,
    options: {
      sizes: opts.sizes,
      reps: opts.reps,
      heavyReps: opts.heavyReps,
      quick: opts.quick,
      only: [...opts.only],
    },
    headline: rows,
    scale,
    growth: grow,
    targets: checks,
    results,
    offlineIdle,
    transfer,
    readFile,
    bundle,
  };
  const dated = `${new Date(started).toISOString().slice(0, 10)}${opts.label ? `-${opts.label}` : ''}`;
  for (const name of ['latest', dated]) {
    writeFileSync(join(opts.outDir, `${name}.json`), JSON.stringify(json, null, 2) + '\n');
    writeFileSync(join(opts.outDir, `${name}.md`), md);
  }
  process.stdout.write(md);
  log(`wrote ${join(opts.outDir, 'latest')}.{json,md} and ${dated}.{json,md}`);
}

main().catch((error: unknown) => {
  const cause =
    error instanceof Error && error.cause instanceof Error ? `\ncaused by: ${error.cause.message}` : '';
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}${cause}\n`,
  );
  process.exit(1);
});
