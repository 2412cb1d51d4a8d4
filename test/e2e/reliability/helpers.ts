/**
 * Fixtures for the reliability e2e tests: a browser host that can be SIGKILLed and restarted on the same
 * port and profile (the renderer's IndexedDB belongs to the origin, so the port must not change), a
 * persistent Chromium profile whose pages can be crashed, and read-only views of the app's cache.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import type { RotorServer } from '../../../electron/main/simulation/server';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, HOST_ENTRY } from '../harness';

export interface KillableHost {
  url: string;
  port: number;
  child: ChildProcess;
  output(): string;
  /** SIGKILL: no shutdown code runs, as when the machine loses power or the process is killed. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startHostOn(opts: {
  rotorUrl: string;
  profile: string;
  port?: number;
}): Promise<KillableHost> {
  const args = [
    HOST_ENTRY,
    '--port',
    String(opts.port ?? 0),
    '--profile',
    opts.profile,
    '--rotor-url',
    opts.rotorUrl,
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  if (!child.stdout || !child.stderr) throw new Error('host started without pipes');
  let output = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      output += `${line}\n`;
      const ready = /^host ready (\S+)$/.exec(line);
      if (ready?.[1]) resolve(ready[1]);
    });
    child.once('exit', (code) => reject(new Error(`host exited with ${code} before ready:\n${output}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url,
    port: Number(new URL(url).port),
    child,
    output: () => output,
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  };
}

/** Chromium with an on-disk profile: IndexedDB survives a crashed or closed page. */
export function launchPersistent(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_FLAGS,
    headless: true,
  });
}

/** Kills the page's renderer: a real crash (no pagehide, no unload) or an abrupt close. */
export async function killPage(page: Page, how: 'crash' | 'close'): Promise<void> {
  if (how === 'close') {
    await page.close({ runBeforeUnload: false });
    return;
  }
  const cdp = await page.context().newCDPSession(page);
  const crashed = new Promise<void>((resolve) => page.once('crash', () => resolve()));
  // Page.crash never answers: the renderer is gone before it could.
  void cdp.send('Page.crash').catch(() => undefined);
  await crashed;
  await page.close().catch(() => undefined);
}

/** Connects through onboarding, as a user would. */
export async function connectThroughOnboarding(page: Page, apiKey: string): Promise<void> {
  await page.getByLabel('API key').fill(apiKey);
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByRole('listbox', { name: 'Customers' }).waitFor();
}

/** Opens the app (token URL) and waits until the customer list is showing. */
export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  try {
    await page.getByRole('listbox', { name: 'Customers' }).waitFor({ timeout: 30_000 });
  } catch (error) {
    const shown = await page
      .locator('body')
      .innerText()
      .catch(() => '(no page)');
    throw new Error(`the app did not open its customer list; it shows: ${shown.slice(0, 600)}`, {
      cause: error,
    });
  }
}

/** The number in the status bar's "N pending". */
export async function pendingCount(page: Page): Promise<number> {
  const text = await page.getByTestId('pending-count').innerText();
  const n = /([\d,]+)\s+pending/.exec(text)?.[1];
  if (n === undefined) throw new Error(`no pending count in ${JSON.stringify(text)}`);
  return Number(n.replace(/,/g, ''));
}

export interface CacheSnapshot {
  customers: Array<{ id: string; notes: string | null; last_name: string | null; syncState: string }>;
  outbox: Array<{ id: string; customerId: string; state: string; kind: string }>;
  meta: { lastFullSyncAt: string | null; cursor: { nextPage: number } | null } | null;
}

/** Reads the app's IndexedDB cache directly (read-only), named as the data layer names it. */
export async function readCache(page: Page): Promise<CacheSnapshot> {
  return page.evaluate(async () => {
    const status = await window.rotor.account.status();
    if (!status.ok || !status.data.accountId) throw new Error('no account');
    const name = `rotor-desk-${status.data.accountId}`;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const all = <T>(store: string): Promise<T[]> =>
      new Promise((resolve, reject) => {
        const req = db.transaction(store, 'readonly').objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result as T[]);
        req.onerror = () => reject(req.error);
      });
    const [customers, outbox, metas] = await Promise.all([
      all<CacheSnapshot['customers'][number]>('customers'),
      all<CacheSnapshot['outbox'][number]>('outbox'),
      all<{ key: string } & NonNullable<CacheSnapshot['meta']>>('meta'),
    ]);
    db.close();
    return {
      customers: customers.map((c) => ({
        id: c.id,
        notes: c.notes,
        last_name: c.last_name,
        syncState: c.syncState,
      })),
      outbox: outbox.map((e) => ({ id: e.id, customerId: e.customerId, state: e.state, kind: e.kind })),
      meta: metas.find((m) => m.key === 'sync') ?? null,
    };
  });
}

/**
 * Resolves true once the server's log holds `count` requests matching `match`, the moment the last one
 * arrives (before Rotor answers it); false if `done` says the work finished first; rejects after
 * `timeoutMs`.
 */
export async function requestsArrived(
  server: RotorServer,
  match: (e: ReturnType<RotorServer['control']['requestLog']>[number]) => boolean,
  count: number,
  opts: { timeoutMs?: number; done?: () => Promise<boolean> } = {},
): Promise<boolean> {
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  for (;;) {
    const next = server.control.nextRequest();
    if (server.control.requestLog().filter(match).length >= count) return true;
    // The work may finish before the count is reached (e.g. the last changes went through).
    if (opts.done && (await opts.done())) return false;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`timed out waiting for ${count} matching requests`);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      next,
      // Wakes up now and then to ask `done`, since a finished job sends nothing more to wait for.
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, opts.done ? Math.min(left, 250) : left);
      }),
    ]);
    clearTimeout(timer);
  }
}

/**
 * Resolves once `check` returns true, asking again whenever the previous answer arrived (each check is
 * a real round-trip into the page or the server), or rejects after `timeoutMs`. Usable in hooks, where
 * expect.poll is not.
 */
export async function eventually(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
