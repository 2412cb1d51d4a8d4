// `npm run bench -- [--quick] [--reps N] [--heavy-reps N] [--throttled-reps N] [--sizes 5k,50k,200k]
//   [--only sync,search,cold,replay,offline-idle,transfer] [--profile] [--label X] [--no-build]` (--help: the same)
// Builds the app, the bench pages (served by the host under /__bench/) and the Node runner, then runs
// the benchmarks (bench/run.ts). Not part of `npm test`: timings are reported, never asserted.
import { resolve } from 'node:path';
import { run } from './run.mjs';

const args = process.argv.slice(2);
const noBuild = args.includes('--no-build') || args.includes('--help');
const benchArgs = args.filter((a) => a !== '--no-build');

if (!noBuild) {
  const builds = [
    // The bench's own copy of the app, so a build or an e2e run elsewhere can't change it mid-run.
    // Absolute: electron-vite resolves a relative outDir against each target's root (src/ for the renderer).
    ['npx', ['electron-vite', 'build', '--logLevel', 'warn', '--outDir', resolve('out/bench/app')]],
    // After the app: electron-vite empties its renderer folder, where the bench pages go.
    ['npx', ['vite', 'build', '--config', 'bench/vite.config.ts']],
    ['npx', ['vite', 'build', '--config', 'bench/vite.runner.config.ts']],
  ];
  for (const [command, commandArgs] of builds) {
    const code = await run(command, commandArgs);
    if (code !== 0) process.exit(code);
  }
}
process.exit(await run(process.execPath, ['out/bench/runner/run.mjs', ...benchArgs]));
