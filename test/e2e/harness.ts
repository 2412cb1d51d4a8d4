/**
 * Shared e2e fixtures: the browser host as a child process (exactly what `npm run host` runs),
 * the Rotor-faithful server in this process, and Debian's Chromium through playwright-core.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { SERVICE } from '../../electron/main/credentials/backend';
import { originOf } from '../../electron/main/credentials/credentials';
import type { KeytarLike } from '../../electron/main/credentials/keytar-backend';

const root = resolve(import.meta.dirname, '../..');
export const HOST_ENTRY = join(root, 'out/main/host.js');

export const CHROMIUM_PATH = process.env.ROTOR_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Why browser tests cannot run here, or null. CI sets ROTOR_REQUIRE_CHROMIUM=1 so absence fails instead. */
export function browserSkipReason(): string | null {
  let reason: string | null = null;
  if (!existsSync(CHROMIUM_PATH)) reason = `no Chromium at ${CHROMIUM_PATH} (set ROTOR_CHROMIUM)`;
  else if (!existsSync(HOST_ENTRY)) reason = `${HOST_ENTRY} is not built (run npm run build)`;
  if (reason && process.env.ROTOR_REQUIRE_CHROMIUM === '1') {
    throw new Error(`browser tests required but cannot run: ${reason}`);
  }
  return reason;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, headless: true });
}

export interface RunningHost {
  url: string;
  origin: string;
  token: string;
  profile: string;
  child: ChildProcess;
  /** Everything the host wrote to stdout and stderr, for key-exposure checks and failure reports. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Keys are filed in the OS keychain under the API's origin, and every test's Rotor server is
 * 127.0.0.1 on a port the OS picks: a port used again by a later server found the key an earlier host
 * left there, and a fresh profile opened connected instead of onboarding (seen once in CI). A host on a
 * fresh profile is a new user, so any key under its origin is stale. Where keytar or the keychain is
 * missing, the host keeps keys in its profile and there is nothing to clear.
 */
async function forgetStaleKey(rotorUrl: string): Promise<void> {
  try {
    const module = (await import('keytar')) as unknown as { default?: KeytarLike } & KeytarLike;
    const keytar = module.default ?? module;
    const cleared = keytar.deletePassword(SERVICE, originOf(rotorUrl)).catch(() => false);
    // A keychain that never answers must not hold the test; the host will find out on its own.
    await Promise.race([cleared, new Promise((resolve) => setTimeout(resolve, 2_000))]);
  } catch {
    // No keytar here: no shared keychain either.
  }
}

export async function startHost(
  opts: { rotorUrl?: string; profile?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunningHost> {
  if (opts.rotorUrl && !opts.profile) await forgetStaleKey(opts.rotorUrl);
  const profile = opts.profile ?? mkdtempSync(join(tmpdir(), 'rotor-host-'));
  const args = [HOST_ENTRY, '--port', '0', '--profile', profile];
  if (opts.rotorUrl) args.push('--rotor-url', opts.rotorUrl);
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...opts.env },
  });
  if (!child.stdout || !child.stderr) throw new Error('host started without pipes');
  let output = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolveUrl, reject) => {
    lines.on('line', (line) => {
      output += `${line}\n`;
      const ready = /^host ready (\S+)$/.exec(line);
      if (ready?.[1]) resolveUrl(ready[1]);
    });
    child.once('exit', (code) => reject(new Error(`host exited with ${code} before ready:\n${output}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    profile,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (!opts.profile) rmSync(profile, { recursive: true, force: true });
    },
  };
}
