/**
 * The model-based simulation as one fast-check property, and how it is run: run count, seed and path
 * from the environment (ROTOR_SIM_RUNS, ROTOR_SIM_SEED, ROTOR_SIM_PATH), and a failure report that
 * names the seed, the path, the shrunk commands and the one command that replays it.
 */
import fc from 'fast-check';
import { COMMANDS } from './commands';
import { UserModel } from './model';
import { quiesceAndCheck } from './quiesce';
import { DAY } from './clock';
import { T0, World } from './world';
import type { WorldOptions } from './world';

export interface SimRunOptions {
  /** Runs when ROTOR_SIM_RUNS is not set. */
  numRuns: number;
  transport: NonNullable<WorldOptions['transport']>;
  maxCommands: number;
  /** The vitest file, for the replay command. */
  file: string;
  /** Seed when ROTOR_SIM_SEED is not set: fixed in `npm test` so CI is reproducible; soak sets a fresh one. */
  seed: number;
}

export interface SimStats {
  runs: number;
  ms: number;
  commands: number;
  requests: number;
  simulatedDays: number;
}

/** Real time one run may take: far above any honest run (tens of ms), so a hang fails instead of stalling. */
const RUN_DEADLINE_MS = 30_000;

function deadline<T>(p: Promise<T>, why: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(why())), RUN_DEADLINE_MS);
  });
  return Promise.race([p, expired]).finally(() => clearTimeout(timer));
}

export function envRuns(fallback: number): number {
  const raw = process.env.ROTOR_SIM_RUNS;
  return raw && /^\d+$/.test(raw) ? Number(raw) : fallback;
}

/** What one run leaves behind, for statistics and for the determinism test. */
export interface RunRecord {
  violations: string[];
  events: string[];
  /** The server's request log, one line a request (method, path and query, status, fault, time). */
  log: string[];
  simulatedMs: number;
  /** With ROTOR_SIM_TRACE=1: every store call with its argument, for a failure report. */
  trace: string[];
}

type Commands = Iterable<fc.AsyncCommand<UserModel, World, boolean>>;

/** One run: a fresh world, the commands, then quiescence and every invariant. Never throws for a violation. */
export async function simulate(
  seed: number,
  scheduler: fc.Scheduler,
  commands: Commands,
  transport: NonNullable<WorldOptions['transport']>,
): Promise<RunRecord> {
  const world = await World.create({ seed, scheduler, transport });
  const model = new UserModel();
  try {
    const violations = await deadline(
      (async () => {
        await fc.asyncModelRun(() => ({ model, real: world }), commands);
        return quiesceAndCheck(world, model);
      })(),
      () =>
        `a run took over ${RUN_DEADLINE_MS / 1000} s of real time (${world.describe()}); what happened:\n  ${model.events.join('\n  ')}`,
    );
    return {
      violations,
      events: model.events,
      log: world.server.control
        .requestLog()
        .map(
          (e) =>
            `${e.at - T0} ${e.method} ${e.path}?${new URLSearchParams(e.query)} ${e.status} ${e.fault ?? ''} ${e.apiKeyHint ?? ''}`,
        ),
      simulatedMs: world.clock.now - T0,
      trace: process.env.ROTOR_SIM_TRACE
        ? world.calls.map(
            (c) =>
              `${c.at - T0} ${world.tagOf(c.accountId)} ${c.channel} ${c.cause} ${JSON.stringify(c.arg)}`,
          )
        : [],
    };
  } finally {
    await world.close();
  }
}

export const commandsArbitrary = (maxCommands: number) =>
  fc.commands(COMMANDS, {
    maxCommands,
    size: 'max',
    // Which commands of a failing run ran, for its shrinks to replay identically.
    ...(process.env.ROTOR_SIM_COMMANDS ? { replayPath: process.env.ROTOR_SIM_COMMANDS } : {}),
  });

export async function runSimulation(opts: SimRunOptions): Promise<SimStats> {
  const stats: SimStats = { runs: 0, ms: 0, commands: 0, requests: 0, simulatedDays: 0 };
  const started = performance.now();
  const property = fc.asyncProperty(
    fc.integer({ min: 1, max: 1_000_000 }),
    fc.scheduler(),
    commandsArbitrary(opts.maxCommands),
    async (seed, scheduler, commands) => {
      const run = await simulate(seed, scheduler, commands, opts.transport);
      stats.runs++;
      stats.commands += run.events.length;
      stats.requests += run.log.length;
      stats.simulatedDays += run.simulatedMs / DAY;
      if (run.violations.length > 0)
        throw new Error(
          `${run.violations.length} invariant(s) broken:\n  - ${run.violations.join('\n  - ')}\nwhat happened:\n  ${run.events.join('\n  ')}` +
            (run.trace.length
              ? `\nstore calls:\n  ${run.trace.join('\n  ')}\nrequests:\n  ${run.log.join('\n  ')}`
              : ''),
        );
    },
  );
  const seed = process.env.ROTOR_SIM_SEED ? Number(process.env.ROTOR_SIM_SEED) : opts.seed;
  const path = process.env.ROTOR_SIM_PATH;
  // A path replays one run (and its shrinks); its first step is that run's index.
  const numRuns = path ? Number(path.split(':')[0]) + 1 : envRuns(opts.numRuns);
  const details = await fc.check(property, { numRuns, seed, ...(path ? { path } : {}), verbose: 0 });
  stats.ms = performance.now() - started;
  if (details.failed) {
    const example = details.counterexample ? fc.stringify(details.counterexample) : '(none)';
    const commandsPath = /replayPath="([^"]*)"/.exec(example)?.[1];
    const replay =
      `ROTOR_SIM_SEED=${details.seed} ROTOR_SIM_PATH=${details.counterexamplePath}` +
      (commandsPath ? ` ROTOR_SIM_COMMANDS='${commandsPath}'` : '') +
      ` npx vitest run --project integration ${opts.file}`;
    throw new Error(
      `Simulation failed after ${details.numRuns} run(s) (${details.numShrinks} shrinks).\n` +
        `seed ${details.seed}, path ${details.counterexamplePath}\nreplay: ${replay}\n` +
        `shrunk [world seed, scheduler, commands]: ${example}\n\n${errorText(details.errorInstance)}`,
    );
  }
  return stats;
}

function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
