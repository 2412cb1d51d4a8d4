/**
 * The simulation itself must be trustworthy: the same seed and commands give the same run, request for
 * request, so a failure replays; and the in-process road to the Rotor double (used for the thousands of
 * runs) gives exactly what loopback HTTP gives.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { commandsArbitrary, simulate } from './run';

vi.mock('conf', () => import('./conf-double'));
vi.mock(import('../../../electron/main/rotor/retry'), async (original) => {
  const retry = await original();
  const sim = await import('./sleep');
  return { ...retry, sleep: sim.simSleep, backoffDelay: sim.seededBackoff(retry.backoffDelay) };
});

/** Fresh, equal copies of the same generated case (a scheduler is used up by the run it drives). */
const cases = (seed: number, n: number) =>
  fc.sample(fc.tuple(fc.integer({ min: 1, max: 1_000_000 }), fc.scheduler(), commandsArbitrary(20)), {
    seed,
    numRuns: n,
  });

describe('the simulation', () => {
  it('replays a seed exactly: same commands, same interleaving, same requests at the same virtual times', async () => {
    const [first, again] = [cases(20260302, 15), cases(20260302, 15)];
    for (let i = 0; i < first.length; i++) {
      const [seedA, schedulerA, commandsA] = first[i] ?? [];
      const [seedB, schedulerB, commandsB] = again[i] ?? [];
      if (
        !schedulerA ||
        !schedulerB ||
        !commandsA ||
        !commandsB ||
        seedA === undefined ||
        seedB === undefined
      )
        throw new Error('sample missing');
      const a = await simulate(seedA, schedulerA, commandsA, 'in-process');
      const b = await simulate(seedB, schedulerB, commandsB, 'in-process');
      expect(b.events).toEqual(a.events);
      expect(b.log).toEqual(a.log);
      expect(a.log.length).toBeGreaterThan(0);
    }
  }, 120_000);

  it('gives the same run over loopback HTTP as in-process', async () => {
    const [inProcess, overHttp] = [cases(7070, 10), cases(7070, 10)];
    for (let i = 0; i < inProcess.length; i++) {
      const [seedA, schedulerA, commandsA] = inProcess[i] ?? [];
      const [seedB, schedulerB, commandsB] = overHttp[i] ?? [];
      if (
        !schedulerA ||
        !schedulerB ||
        !commandsA ||
        !commandsB ||
        seedA === undefined ||
        seedB === undefined
      )
        throw new Error('sample missing');
      const a = await simulate(seedA, schedulerA, commandsA, 'in-process');
      const b = await simulate(seedB, schedulerB, commandsB, 'http');
      expect(b.log).toEqual(a.log);
      expect(b.violations).toEqual(a.violations);
    }
  }, 120_000);
});
