/** The bench's command line (run.ts's doc comment says what each option does). */
import { join } from 'node:path';
import { REPO_ROOT } from './env';

/** The customer count the headline table and the profiles are for. */
export const HEADLINE = 50_000;
export const SIZE_PARTS = ['sync', 'search', 'cold', 'replay'] as const;
const PARTS = [...SIZE_PARTS, 'offline-idle', 'transfer'] as const;
export type Part = (typeof PARTS)[number];

export interface Options {
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

export function parseArgs(argv: readonly string[]): Options {
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
