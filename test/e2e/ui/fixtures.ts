/**
 * Shared fixtures for the UI and data-layer e2e suites: one Rotor-faithful server and one browser host
 * per test file, Debian's Chromium, and small helpers that drive the app the way a person does (by
 * role and label). Every wait is web-first (a locator, a page predicate or expect.poll), never a sleep.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_API_KEY, startRotorServer } from '../../../electron/main/simulation/server';
import type {
  RequestLogEntry,
  RotorServer,
  ServerCustomer,
  StartRotorServerOptions,
} from '../../../electron/main/simulation/server';
import { launchBrowser, startHost } from '../harness';
import type { RunningHost } from '../harness';

export { DEMO_API_KEY };

/** Size of every screenshot and of every page, so layouts (and the PNGs) are reproducible. */
export const VIEWPORT = { width: 1280, height: 800 } as const;
/** The smallest window the layout is made for: every screenshot is also taken at this size. */
export const SMALL_VIEWPORT = { width: 1024, height: 640 } as const;
/** The three window sizes every screen is checked at: the usual, a common laptop, the smallest. */
export const CHECKED_VIEWPORTS = [VIEWPORT, { width: 1366, height: 768 }, SMALL_VIEWPORT] as const;
/**
 * Where screenshots go: a git-ignored folder, or ROTOR_DESK_SCREENSHOT_DIR. Tests never write tracked
 * files; `npm run screenshots` (scripts/screenshots.mjs) copies a run's pictures into docs/screenshots.
 */
export const SCREENSHOT_DIR =
  process.env.ROTOR_DESK_SCREENSHOT_DIR ?? resolve(import.meta.dirname, '../../../test-results/screenshots');
export const AXE_PATH = resolve(import.meta.dirname, '../../../node_modules/axe-core/axe.min.js');

/** How long a web-first wait may take before the test fails (the machine has two cores). */
export const WAIT_MS = 20_000;

export interface Rig {
  server: RotorServer;
  host: RunningHost;
  browser: Browser;
  /**
   * A fresh browser context (its own IndexedDB, so its own cache and outbox) with the app loaded.
   * `beforeLoad` runs on the context first (e.g. to install a fake clock).
   */
  open(opts?: { beforeLoad?: (context: BrowserContext) => Promise<void> }): Promise<AppPage>;
  close(): Promise<void>;
}

export interface AppPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors the page produced (a reload's aborted calls excluded). */
  errors: string[];
}

export async function startRig(
  serverOptions: StartRotorServerOptions,
  hostEnv?: NodeJS.ProcessEnv,
): Promise<Rig> {
  const server = await startRotorServer(serverOptions);
  const host = await startHost({ rotorUrl: server.url, ...(hostEnv ? { env: hostEnv } : {}) });
  const browser = await launchBrowser();
  const contexts = new Set<BrowserContext>();
  return {
    server,
    host,
    browser,
    async open(opts = {}) {
      const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US', timezoneId: 'UTC' });
      contexts.add(context);
      context.setDefaultTimeout(WAIT_MS);
      await opts.beforeLoad?.(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console: ${message.text()}`);
      });
      await page.goto(host.url);
      await page.waitForFunction(() => (document.querySelector('#app')?.childElementCount ?? 0) > 0);
      return { context, page, errors };
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await host.stop();
      await server.close();
    },
  };
}

/** vitest's expect.poll with the suite's patience: for values read from the page or the server. */
export function poll<T>(read: () => T | Promise<T>, timeout = WAIT_MS): ReturnType<typeof expect.poll<T>> {
  return expect.poll(read, { timeout, interval: 50 });
}

/** The visible text of an element that may not exist yet ('' until it does). */
export async function textOf(locator: Locator): Promise<string> {
  if ((await locator.count()) === 0) return '';
  return ((await locator.first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

export const statusBar = (page: Page): Locator => page.getByTestId('status-bar');
export const resultCount = (page: Page): Locator => page.getByTestId('result-count');
export const customerList = (page: Page): Locator => page.getByRole('listbox', { name: 'Customers' });
export const searchBox = (page: Page): Locator => page.getByRole('searchbox', { name: 'Search customers' });
export const detail = (page: Page): Locator => page.getByTestId('customer-detail');
export const detailName = (page: Page): Locator => page.locator('#detail-name');
export const form = (page: Page): Locator => page.getByTestId('customer-form');
export const field = (page: Page, label: string): Locator => form(page).getByLabel(label, { exact: true });
export const pendingNav = (page: Page): Locator =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Pending changes/ });

/** "3,000 customers" or "12 of 3,000 customers" → [shown, total-or-null]. */
export async function counts(page: Page): Promise<{ shown: number; of: number | null }> {
  const text = await textOf(resultCount(page));
  const m = /^([\d,]+)(?: of ([\d,]+))? customers?$/.exec(text);
  if (!m) return { shown: -1, of: null };
  const num = (s: string) => Number(s.replace(/,/g, ''));
  return { shown: num(m[1] ?? ''), of: m[2] ? num(m[2]) : null };
}

/** The "N pending" figure of the status bar. */
export async function pendingCount(page: Page): Promise<number> {
  const m = /^([\d,]+) pending/.exec(await textOf(page.getByTestId('pending-count')));
  return m ? Number((m[1] ?? '').replace(/,/g, '')) : -1;
}

export async function connectivity(page: Page): Promise<string> {
  return textOf(page.getByTestId('connectivity'));
}

/**
 * What the page shows, for a failure report: the screen's text (the start screen, a failure, a
 * half-loaded chunk), so a wait that timed out says where the app stood.
 */
async function shownText(page: Page): Promise<string> {
  const text = await page
    .evaluate(() => document.body.innerText)
    .catch((error: unknown) => `(unreadable: ${String(error)})`);
  return text.replace(/\s+/g, ' ').trim().slice(0, 600);
}

/** Onboarding: types the key into "API key" and presses Connect, then waits for the app's shell. */
export async function connectWithKey(page: Page, key = DEMO_API_KEY): Promise<void> {
  const keyField = page.getByLabel('API key', { exact: true });
  await keyField.waitFor().catch(async (error: unknown) => {
    throw new Error(
      `The onboarding's API key field did not appear. The page shows: ${await shownText(page)}`,
      {
        cause: error,
      },
    );
  });
  await keyField.fill(key);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await statusBar(page).waitFor();
}

/**
 * Waits until no refresh is running and the list shows `expected` customers (a page predicate, so it
 * also works in hooks, where expect.poll is not available).
 */
export async function waitForSynced(page: Page, expected: number): Promise<void> {
  await page.waitForFunction((n) => {
    const text = document.querySelector('[data-testid="result-count"]')?.textContent ?? '';
    const idle = document.querySelector('.progress-slot')?.classList.contains('idle') ?? false;
    return idle && Number(text.replace(/\D/g, '')) === n && /^[\d,]+ customers?$/.test(text.trim());
  }, expected);
}

/** Connects a fresh page and waits for the first full sync. */
export async function connectAndSync(page: Page, rig: Rig): Promise<void> {
  try {
    await connectWithKey(page);
    await waitForSynced(page, rig.server.control.customerCount());
  } catch (error) {
    // The host prints only its start and its errors (no call log): a crash or a failed request shows here.
    const host = rig.host.output().slice(-1500);
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nThe host wrote:\n${host}`, {
      cause: error,
    });
  }
}

/** Resolves when the status bar's connectivity reads `state` (Online, Offline…). */
export async function waitForConnectivity(page: Page, state: 'Online' | 'Offline'): Promise<void> {
  await page.waitForFunction(
    (want) =>
      (document.querySelector('[data-testid="connectivity"]')?.textContent ?? '').trim().startsWith(want),
    state,
  );
}

/** Makes Rotor unreachable and lets the app find out (a keyless probe, as its own retry would). */
export async function goOffline(rig: Rig, page: Page): Promise<void> {
  rig.server.control.setReachable(false);
  await page.evaluate(() => window.rotor.connectivity.check());
  await waitForConnectivity(page, 'Offline');
}

/** Makes Rotor reachable again and presses the top banner's "Check now", as a user would. */
export async function goOnline(rig: Rig, page: Page): Promise<void> {
  rig.server.control.setReachable(true);
  const check = page.getByTestId('top-banner').getByRole('button', { name: 'Check now' });
  // The app's own probe may start between seeing the button and pressing it ("Checking…", disabled)
  // and end the banner: then ask main directly rather than wait out the click.
  const pressed =
    (await check.count()) > 0 &&
    (await check.click({ timeout: 2_000 }).then(
      () => true,
      () => false,
    ));
  if (!pressed) await page.evaluate(() => window.rotor.connectivity.check());
  await waitForConnectivity(page, 'Online');
}

/** Types into the search box; the list answers as the value changes (callers wait on what they expect). */
export async function search(page: Page, text: string): Promise<void> {
  await searchBox(page).fill(text);
}

export async function goToList(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Customers', exact: true })
    .click();
  await searchBox(page).waitFor();
}

/** Opens the selected customer's form, applies `values` (by field label), saves and waits to be back. */
export async function editOpenCustomer(page: Page, values: Record<string, string>): Promise<void> {
  await detail(page).getByRole('button', { name: 'Edit', exact: true }).click();
  await fillForm(page, values);
  await form(page).getByRole('button', { name: 'Save', exact: true }).click();
  await form(page).waitFor({ state: 'detached' });
}

export async function fillForm(page: Page, values: Record<string, string>): Promise<void> {
  await form(page).waitFor();
  for (const [label, value] of Object.entries(values)) await field(page, label).fill(value);
}

/** The New customer form, filled and saved. */
export async function createCustomer(page: Page, values: Record<string, string>): Promise<void> {
  await page.getByRole('button', { name: 'New customer', exact: true }).click();
  await fillForm(page, values);
  await form(page).getByRole('button', { name: 'Save', exact: true }).click();
  await form(page).waitFor({ state: 'detached' });
}

/** Upserts Rotor committed (2xx answers to POST /customers), from the server's request log. */
export function committedUpserts(log: readonly RequestLogEntry[]): RequestLogEntry[] {
  return log.filter(
    (e) => e.method === 'POST' && e.path === '/customers' && e.status !== null && e.status < 300,
  );
}

export const upserts = (log: readonly RequestLogEntry[]): RequestLogEntry[] =>
  log.filter((e) => e.method === 'POST' && e.path === '/customers');

/**
 * Waits until Rotor has answered `attempts` sends of each of `entries` changes with a 500 (log entries
 * from index `from`). Replay backs off 1 s, 2 s, 4 s (±50 %) between attempts, so after the third
 * failure the next send is at least 2 s away: time enough for a refresh to read Rotor while every
 * change is still queued and none is in flight (a change being sent is never rebased).
 */
export async function waitForBackoff(rig: Rig, from: number, entries: number, attempts = 3): Promise<void> {
  await poll(
    () => upserts(rig.server.control.requestLog().slice(from)).filter((e) => e.status === 500).length,
    30_000,
  ).toBeGreaterThanOrEqual(entries * attempts);
}

export function displayName(c: Pick<ServerCustomer, 'first_name' | 'last_name' | 'company_name'>): string {
  return [c.first_name, c.last_name].filter((v) => v && v.trim()).join(' ') || (c.company_name ?? '');
}

/** A live customer with a person's name, an email, a phone in "(612) 555-0100" form and some tags. */
export function pickCustomer(
  rig: Rig,
  skip: readonly string[] = [],
  extra: (c: ServerCustomer) => boolean = () => true,
): ServerCustomer {
  const found = rig.server.control
    .customers()
    .find(
      (c) =>
        !c.archived &&
        !skip.includes(c.id) &&
        !!c.first_name &&
        !!c.last_name &&
        !!c.email &&
        /^\(\d{3}\) \d{3}-\d{4}$/.test(c.phone ?? '') &&
        (c.tags?.length ?? 0) > 0 &&
        extra(c),
    );
  if (!found) throw new Error('the seed has no customer of the kind the test needs');
  return found;
}

/** Closes any toast, so a screenshot shows the screen rather than the last confirmation. */
export async function dismissNotices(page: Page): Promise<void> {
  // Pressed in the page, all at once, until none is left: a toast that goes by itself meanwhile
  // cannot leave a click waiting for a button that is gone, and one that arrives is pressed too.
  await poll(() =>
    page.evaluate(() => {
      const selector = '[data-testid="notice"] .toast button, [data-testid="error-notice"] .toast button';
      const buttons = document.querySelectorAll<HTMLButtonElement>(selector);
      for (const button of buttons) button.click();
      return buttons.length;
    }),
  ).toBe(0);
}

/** Lets a resize reach the layout: the list measures itself in a ResizeObserver, drawn a frame later. */
export async function nextFrames(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
  );
}

/** Saves `<name>.png` at VIEWPORT and `<name>-1024x640.png` at SMALL_VIEWPORT, then goes back to VIEWPORT. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await dismissNotices(page);
  const base = name.replace(/\.png$/, '');
  for (const size of [VIEWPORT, SMALL_VIEWPORT]) {
    const file = size === VIEWPORT ? `${base}.png` : `${base}-${size.width}x${size.height}.png`;
    await page.setViewportSize(size);
    await nextFrames(page);
    // The caret blinks and notices time out: hide both so the picture is the same on every run.
    await page.screenshot({ path: resolve(SCREENSHOT_DIR, file), caret: 'hide', animations: 'disabled' });
  }
  await page.setViewportSize(VIEWPORT);
  await nextFrames(page);
}

let axeScript: string | null = null;
function axeSource(): string {
  axeScript ??= readFileSync(AXE_PATH, 'utf8');
  return axeScript;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** Runs axe-core on the page as it is now and returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // page.addScriptTag would inline the file, which the app's CSP (script-src 'self') rightly refuses;
  // evaluating the source through the DevTools protocol is not subject to the page's CSP.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource());
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<unknown> } }).axe;
    const result = (await axe.run(document, {
      resultTypes: ['violations'],
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    })) as { violations: AxeViolation[] };
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function describeViolations(screen: string, violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `[${screen}] ${v.impact} ${v.id}: ${v.help}\n` +
        v.nodes
          .slice(0, 5)
          .map(
            (n) => `    ${JSON.stringify(n.target)}\n      ${(n.failureSummary ?? '').replace(/\n/g, ' ')}`,
          )
          .join('\n'),
    )
    .join('\n');
}
