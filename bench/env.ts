/**
 * The benchmark's moving parts: the Rotor-faithful server (in this process), the browser host (a child
 * process, exactly what `npm run host` runs) and Chromium profiles on disk. Every Chromium here is a
 * persistent profile, so IndexedDB lives on disk as in the desktop app (an incognito context keeps it
 * in memory, which would flatter every write and every cold start).
 */
import { execFileSync, spawn } from 'node:child_process';
import { DEFAULT_DAILY_LIMIT } from '../electron/main/quota/ledger';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_API_KEY, startRotorServer } from '../electron/main/simulation/server';
import type { RotorServer, ServerCustomer } from '../electron/main/simulation/server';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../test/e2e/harness';
import { hearMarks } from './page-marks';
import { installProbe } from './probe';
import type { ProbeConfig } from './probe';
import { MARK_MESSAGE } from './shared/types';
import type { BenchPageApi } from './shared/types';

/** Headless pages count as visible, but a second Chromium must not slow the first one's timers either. */
export const BENCH_FLAGS = [
  ...CHROMIUM_FLAGS,
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
];
export const VIEWPORT = { width: 1280, height: 800 };

/** The runner lives in out/bench/runner; scripts/bench.mjs builds the app it drives into out/bench/app. */
export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const HOST_ENTRY = join(REPO_ROOT, 'out/bench/app/main/host.js');
const RENDERER_DIR = join(REPO_ROOT, 'out/bench/app/renderer');

/** The local file the host served `url` from (for quoting profiled source lines). */
export function servedFile(url: string): string | null {
  try {
    const path = join(RENDERER_DIR, decodeURIComponent(new URL(url).pathname));
    return path.startsWith(RENDERER_DIR) ? path : null;
  } catch {
    return null;
  }
}

export interface RunningHost {
  url: string;
  origin: string;
  token: string;
  stop(): Promise<void>;
}

/**
 * The browser host as a child process, from the bench's own build of the app (out/bench/app), so an
 * `npm run build` or an e2e run elsewhere in the tree cannot swap the files out from under a benchmark.
 * No Secret Service: the host falls back to a 0600 file in its temp profile, which is fine here.
 */
async function startHost(rotorUrl: string, profile: string, port = 0): Promise<RunningHost> {
  if (!existsSync(HOST_ENTRY))
    throw new Error(`${HOST_ENTRY} is not built: run npm run bench (it builds first)`);
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/rotor-bench-no-bus' };
  const child = spawn(
    process.execPath,
    [HOST_ENTRY, '--port', String(port), '--profile', profile, '--rotor-url', rotorUrl],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    },
  );
  let output = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolveUrl, reject) => {
    lines.on('line', (line) => {
      const ready = /^host ready (\S+)$/.exec(line);
      if (ready?.[1]) resolveUrl(ready[1]);
      else output += `${line}\n`;
    });
    child.once('exit', (code) => reject(new Error(`host exited with ${code} before ready:\n${output}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface Machine {
  cpus: number;
  model: string;
  memoryGiB: number;
  node: string;
  chromium: string;
  platform: string;
}

export function machine(): Machine {
  let version = 'unknown';
  try {
    version = execFileSync(CHROMIUM_PATH, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    // Reported as unknown; the launch itself will say what is wrong.
  }
  return {
    cpus: availableParallelism(),
    model: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    chromium: version,
    platform: `${process.platform} ${process.arch}`,
  };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export async function launchProfile(dir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    args: BENCH_FLAGS,
    headless: true,
    viewport: VIEWPORT,
  });
}

/**
 * The requests the app keeps back from its automatic sync for edits (it refreshes only when the day's
 * budget less this covers a full sync): a measure must fit in the day's limit less this.
 */
export const EDIT_RESERVE = 100;

/** One customer count's server and host; the host's key is connected once, through a page. */
export interface Stage {
  n: number;
  server: RotorServer;
  /** Replaced by `freshDay` (same port, so the app's origin and its IndexedDB stay the same). */
  host: RunningHost;
  /** Customers Rotor lists by default (archived ones are not). */
  visible: number;
  accountId: string;
  dbName: string;
  /**
   * Starts the measure that follows on a fresh day of the host's request ledger (DEFAULT_DAILY_LIMIT,
   * the app's own quota logic unchanged): the host is restarted on the same port and profile with its
   * quota folder removed, so the key stays connected and only the day's count starts over. Throws,
   * naming the measure, when `needed` keyed requests would not fit in one day even so.
   */
  freshDay(measure: string, needed: number): Promise<void>;
  close(): Promise<void>;
}

/** The day's budget a measure may use (the app holds back EDIT_RESERVE from its own sync). */
export function checkBudget(measure: string, needed: number): void {
  const budget = DEFAULT_DAILY_LIMIT - EDIT_RESERVE;
  if (needed > budget)
    throw new Error(
      `${measure} needs ${needed} keyed requests, more than one day of the host's ledger allows ` +
        `(${DEFAULT_DAILY_LIMIT} a day, ${EDIT_RESERVE} of them kept for edits): the measure would hit the ` +
        `app's quota, not its speed. Split the measure or lower the customer count.`,
    );
}

export async function startStage(customers: readonly ServerCustomer[]): Promise<Stage> {
  const server = await startRotorServer({
    initialCustomers: customers,
    // The benchmark spends far more than a day's budget; the ledger is measured, not enforced here.
    dailyQuota: 10_000_000,
  });
  const profile = tempDir('rotor-bench-host-');
  const host = await startHost(server.url, profile).catch(async (error: unknown) => {
    await server.close();
    removeDir(profile);
    throw error;
  });
  const stage: Stage = {
    n: customers.length,
    server,
    host,
    visible: server.control.customerCount(),
    accountId: '',
    dbName: '',
    async freshDay(measure, needed) {
      checkBudget(measure, needed);
      const port = Number(new URL(stage.host.url).port);
      await stage.host.stop();
      rmSync(join(profile, 'quota'), { recursive: true, force: true });
      stage.host = await startHost(server.url, profile, port);
    },
    async close() {
      await stage.host.stop();
      await server.close();
      removeDir(profile);
    },
  };
  try {
    const dir = tempDir('rotor-bench-connect-');
    const context = await launchProfile(dir);
    try {
      const page = await openBenchPage(context, host);
      const connected = await page.evaluate((key) => window.__bench?.connect(key), DEMO_API_KEY);
      if (!connected?.ok || !connected.accountId)
        throw new Error(`could not connect the demo key: ${connected?.message ?? 'no answer'}`);
      stage.accountId = connected.accountId;
      stage.dbName = `rotor-desk-${connected.accountId}`;
    } finally {
      await context.close();
      removeDir(dir);
    }
  } catch (error) {
    await stage.close();
    throw error;
  }
  return stage;
}

/**
 * Slows the page's main thread `rate`× (CDP Emulation.setCPUThrottlingRate) for as long as the page
 * lives; set before navigation, it covers the page from its first byte. Workers are not throttled.
 */
export async function throttleCpu(page: Page, rate: number): Promise<void> {
  if (rate === 1) return;
  const cdp = await page.context().newCDPSession(page);
  // The session stays attached (it closes with the page): detaching could end the emulation.
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

/** The bench page, same origin as the app. The token cookie comes from loading the app's URL once. */
export async function openBenchPage(
  context: BrowserContext,
  host: RunningHost,
  file: 'index.html' | 'cold.html' = 'index.html',
  query = '',
  /** CPU throttling from before navigation (CDP; the session stays attached for the page's life). */
  cpuThrottle = 1,
): Promise<Page> {
  // Sets the HttpOnly token cookie (the page's scripts and calls carry no token of their own), without
  // running the app: its request context shares the browser context's cookie jar.
  await context.request.get(host.url);
  const page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`bench page error: ${error.message}\n`));
  hearMarks(page);
  page.on('console', (message) => {
    if (message.type() === 'error') process.stderr.write(`bench page console: ${message.text()}\n`);
  });
  await throttleCpu(page, cpuThrottle);
  await page.goto(`${host.origin}/__bench/${file}?token=${host.token}${query}`);
  if (file === 'index.html') await page.waitForFunction(() => window.__bench?.ready === true);
  return page;
}

/** Calls one of the bench page's functions; everything it returns is plain JSON. */
export async function bench<K extends keyof Omit<BenchPageApi, 'ready'>>(
  page: Page,
  name: K,
  arg: Parameters<BenchPageApi[K]>[0],
): Promise<Awaited<ReturnType<BenchPageApi[K]>>> {
  return page.evaluate(
    ([fn, a]) => {
      const api = window.__bench;
      if (!api) throw new Error('bench page not loaded');
      return (api[fn] as (x: unknown) => Promise<unknown>)(a);
    },
    [name, arg] as const,
  ) as Promise<Awaited<ReturnType<BenchPageApi[K]>>>;
}

/** A page for the app, with the probe installed to run before the app's first script; the caller navigates. */
export async function newAppPage(context: BrowserContext, probe: ProbeConfig): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`app page error: ${error.message}\n`));
  hearMarks(page);
  await page.addInitScript(installProbe, { ...probe, announce: MARK_MESSAGE });
  return page;
}
