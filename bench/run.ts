/**
 * `npm run bench` (scripts/bench.mjs builds, then runs this): Rotor Desk's benchmarks, in Chromium
 * through the browser host against the Rotor-faithful server, checked against issue 12's targets
 * (report/checks.ts TARGET). Prints a markdown table to stdout (progress goes to stderr) and writes the same
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
import { growthRows, growthSection } from './growth';
import { log } from './log';
import { watchForeignLoad } from './machine-load';
import { offlineIdleRep, OFFLINE_IDLE_N } from './offline-idle';
import type { OfflineIdleRep } from './offline-idle';
import { offlineIdleHint, offlineIdleRow, pct } from './offline-report';
import { HEADLINE, parseArgs, SIZE_PARTS } from './options';
import type { TargetCheck } from './report/checks';
import { int, num } from './report/format';
import { headlineRows } from './report/headline';
import { hints } from './report/hints';
import { markdown } from './report/markdown';
import { scaleRows } from './report/scale';
import type { ScaleResult } from './report/scale-result';
import { runSize } from './run-size';
import { appSync } from './scenarios/sync';
import { summarize } from './stats';
import { readFileRep, readFileRow, transferRep, transferRows } from './transfer';

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
