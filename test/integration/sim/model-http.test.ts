/**
 * The same simulation as model.test.ts with every request over real loopback HTTP to the Rotor double:
 * fewer runs (sockets cost more), so the in-process road of the bulk runs stays honest.
 */
import { expect, it, vi } from 'vitest';
import { runSimulation } from './run';

vi.mock('conf', () => import('./conf-double'));
vi.mock(import('../../../electron/main/rotor/retry'), async (original) => {
  const retry = await original();
  const sim = await import('./sleep');
  return { ...retry, sleep: sim.simSleep, backoffDelay: sim.seededBackoff(retry.backoffDelay) };
});

// Sockets cost ~0.6 s a run here, ~2 s with the CPU saturated; the in-process runs carry the search,
// these keep the HTTP road honest.
const RUNS = 25;

it(`keeps every promise of issue 10 over ${RUNS} runs over loopback HTTP`, async () => {
  const stats = await runSimulation({
    numRuns: RUNS,
    transport: 'http',
    maxCommands: 16,
    file: 'test/integration/sim/model-http.test.ts',
    seed: 202,
  });
  console.log(
    `sim over HTTP: ${stats.runs} runs in ${(stats.ms / 1000).toFixed(1)} s (${(stats.ms / stats.runs).toFixed(1)} ms a run)`,
  );
  expect(stats.runs).toBeGreaterThan(0);
}, 600_000);
