// `npm run soak`: issue 10's simulation (test/integration/sim/model.test.ts) for many more runs than `npm test`
// gives it. Defaults to 100,000 runs from a fresh seed; ROTOR_SIM_RUNS and ROTOR_SIM_SEED override,
// and a failure prints its seed, path and shrunk commands with the one command that replays it.
//
//   npm run soak                         # 100,000 runs
//   ROTOR_SIM_RUNS=20000 npm run soak    # fewer
//   ROTOR_SIM_SEED=42 npm run soak       # a chosen seed
import { run } from './run.mjs';

const runs = process.env.ROTOR_SIM_RUNS ?? '100000';
if (!/^\d+$/.test(runs)) {
  console.error(`soak: ROTOR_SIM_RUNS must be a whole number, not "${runs}"`);
  process.exit(2);
}
const seed = process.env.ROTOR_SIM_SEED ?? String(Date.now() % 2_147_483_647);
console.log(`soak: ${runs} simulated runs, seed ${seed}`);
const code = await run(
  'npx',
  ['vitest', 'run', '--project', 'integration', 'test/integration/sim/model.test.ts'],
  {
    env: { ...process.env, ROTOR_SIM_RUNS: runs, ROTOR_SIM_SEED: seed, ROTOR_SIM_TIMEOUT_MS: '86400000' },
  },
);
process.exit(code);
