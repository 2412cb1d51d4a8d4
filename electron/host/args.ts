export interface HostArgs {
  port: number;
  rotorUrl: string | undefined;
  profile: string | undefined;
}

const USAGE = 'usage: npm run host -- [--port N] [--rotor-url URL] [--profile DIR]';

/** Parses `--port N --rotor-url URL --profile DIR` (also `--flag=value`). Throws with usage on error. */
export function parseHostArgs(argv: readonly string[]): HostArgs {
  const out: HostArgs = { port: 0, rotorUrl: undefined, profile: undefined };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] ?? '';
    const [flag, inline] = raw.includes('=')
      ? (raw.split(/=(.*)/s, 2) as [string, string])
      : [raw, undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    switch (flag) {
      case '--port': {
        const port = Number(value);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new Error(`bad port ${value}\n${USAGE}`);
        out.port = port;
        break;
      }
      case '--rotor-url':
        out.rotorUrl = value;
        break;
      case '--profile':
        out.profile = value;
        break;
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  return out;
}
