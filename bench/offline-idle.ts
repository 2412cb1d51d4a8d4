/**
 * Renderer CPU while the app sits offline and idle with changes waiting: what a laptop on a train pays
 * for an app left open. Driven through the real app in Chromium like the other measures:
 *
 * 1. floor: the app open on the synced cache, online, nothing queued, left alone (IDLE_FLOOR_MS);
 * 2. measure: Rotor made unreachable (the server drops every connection), OFFLINE_EDITS edits queued
 *    (by the bench page's data layer, offline), the app opened: it tries to send, the attempt fails,
 *    main turns offline, and each failed entry gets a retry time. Once every retry time has passed —
 *    the moment a replay that re-arms for due work would start spinning — the app is left alone for
 *    IDLE_WINDOW_MS.
 *
 * Each window reads the renderer's Performance.getMetrics (main-thread task and script time, whole
 * process CPU) at its start, every slice, and its end, and the page's timer wake-up counter
 * (idle-metrics.ts). Nothing polls the page during a window: no waitForFunction, no evaluate.
 */
import type { Page } from 'playwright-core';
import { bench, launchProfile, newAppPage, openBenchPage } from './env';
import type { Stage } from './env';
import { watchForeignLoad } from './machine-load';
import { cpuBetween, installTimerCount, metricsOf, wakeupsBetween } from './idle-metrics';
import type { CpuShare, Metrics, TimerCounts, TimerWakeups } from './idle-metrics';
import { countRequests } from './scenarios/page-timing';
import type { RequestCount } from './scenarios/page-timing';

/** Customers on the stage this measure gets to itself: the idle cost should not depend on the count. */
export const OFFLINE_IDLE_N = 2_000;
export const OFFLINE_EDITS = 3;
export const IDLE_WINDOW_MS = 20_000;
export const IDLE_FLOOR_MS = 10_000;
/** Sub-windows per window, for the spread (a wake-up loop is steady; a one-off task is not). */
export const IDLE_SLICES = 4;
/** Quiet time after the app has settled and before a window opens (start-up work tails off). */
const SETTLE_MS = 2_000;
/** Goal: under 1% of one core. */
export const IDLE_CPU_TARGET_PCT = 1;

export interface IdleWindow {
  cpu: CpuShare;
  slices: CpuShare[];
  wakeups: TimerWakeups;
  /** The renderer's calls to main (the bridge) that started in the window. */
  bridgeCalls: number;
  /** Requests the Rotor server saw in the window (it refuses every connection while unreachable). */
  requests: RequestCount;
  /** Mean share of all CPUs that other processes took during the window (machine-load.ts); NaN without /proc. */
  foreignPct: number;
}

export interface OutboxHead {
  state: string;
  attempts: number;
  nextAttemptAt: string | null;
}

export interface OfflineIdleRep {
  n: number;
  edits: number;
  /** Online, nothing queued. */
  floor: IdleWindow;
  /** Offline, OFFLINE_EDITS queued, every retry time past. */
  offline: IdleWindow;
  /** The outbox when the offline window opened. */
  outbox: OutboxHead[];
  /** How long before the offline window opened the last retry time had passed. */
  dueForMs: number;
  /** The status bar's connectivity text when the offline window opened. */
  connectivity: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function timerCounts(page: Page): Promise<{ counts: TimerCounts; now: number }> {
  return page.evaluate(() => {
    const c = window.__timerCounts;
    if (!c) throw new Error('timer counter not installed');
    return {
      counts: { timeouts: { ...c.timeouts }, intervals: c.intervals, frames: c.frames },
      now: performance.now(),
    };
  });
}

/** Leaves the page alone for `ms`, reading the renderer's metrics every slice. */
async function idleWindow(page: Page, stage: Stage, ms: number): Promise<IdleWindow> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Performance.enable');
    const read = async (): Promise<Metrics> => metricsOf(await cdp.send('Performance.getMetrics'));
    const start = await timerCounts(page);
    stage.server.control.clearLog();
    const foreign = watchForeignLoad(Math.min(2000, ms / IDLE_SLICES));
    const readings = [await read()];
    for (let i = 0; i < IDLE_SLICES; i++) {
      await sleep(ms / IDLE_SLICES);
      readings.push(await read());
    }
    const end = await timerCounts(page);
    const samples = foreign?.stop().samples ?? [];
    const requests = countRequests(stage.server.control.requestLog());
    const bridgeCalls = await page.evaluate(
      ([from, to]) =>
        performance
          .getEntriesByType('resource')
          .filter((e) => e.name.includes('/__rotor/call/') && e.startTime >= from && e.startTime <= to)
          .length,
      [start.now, end.now] as const,
    );
    const first = readings[0] as Metrics;
    const last = readings[readings.length - 1] as Metrics;
    return {
      cpu: cpuBetween(first, last),
      slices: readings.slice(1).map((r, i) => cpuBetween(readings[i] as Metrics, r)),
      wakeups: wakeupsBetween(start.counts, end.counts),
      bridgeCalls,
      requests,
      foreignPct: samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : Number.NaN,
    };
  } finally {
    await cdp.detach();
  }
}

/** The outbox, read raw from the app's IndexedDB in the app's own page (before a window, never in it). */
async function outbox(page: Page, dbName: string): Promise<OutboxHead[]> {
  return page.evaluate(
    (name) =>
      new Promise<OutboxHead[]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error ?? new Error(`could not open ${name}`));
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('outbox').objectStore('outbox').getAll();
          req.onerror = () => reject(req.error ?? new Error('outbox read failed'));
          req.onsuccess = () => {
            db.close();
            resolve(
              (req.result as OutboxHead[]).map((e) => ({
                state: e.state,
                attempts: e.attempts,
                nextAttemptAt: e.nextAttemptAt,
              })),
            );
          };
        };
      }),
    dbName,
  );
}

const connectivityText = (page: Page): Promise<string> =>
  page
    .getByTestId('connectivity')
    .textContent({ timeout: 1000 })
    .then((t) => (t ?? '').replace(/\s+/g, ' ').trim())
    .catch(() => '');

/** Polls (before the window) until the app is offline and every failed entry's retry time has passed. */
async function waitOfflineAndDue(
  page: Page,
  dbName: string,
  timeoutMs: number,
): Promise<{ outbox: OutboxHead[]; dueAt: number; connectivity: string }> {
  const deadline = Date.now() + timeoutMs;
  let last: OutboxHead[] = [];
  let conn = '';
  while (Date.now() < deadline) {
    last = await outbox(page, dbName);
    conn = await connectivityText(page);
    // Since connectivity is probed at launch, the app may know it is offline before it tries to send:
    // then nothing has failed and nothing is due, which is the same idle state the window measures.
    const failed = last.filter((e) => e.attempts > 0 && e.nextAttemptAt !== null);
    const dueAt = failed.length
      ? Math.max(...failed.map((e) => Date.parse(e.nextAttemptAt ?? '')))
      : Date.now();
    const queued = last.length === OFFLINE_EDITS && last.every((e) => e.state === 'pending');
    if (queued && /^Offline/.test(conn) && dueAt <= Date.now())
      return { outbox: last, dueAt, connectivity: conn };
    await sleep(250);
  }
  throw new Error(
    `offline idle: the app did not reach "offline, changes waiting, none due later" in ${timeoutMs} ms ` +
      `(connectivity "${conn}", outbox ${JSON.stringify(last)})`,
  );
}

export async function offlineIdleRep(stage: Stage, syncedProfile: string): Promise<OfflineIdleRep> {
  const { server, host } = stage;
  server.control.setLatency(0);
  server.control.setReachable(true);

  let floor: IdleWindow;
  {
    const context = await launchProfile(syncedProfile);
    try {
      const page = await newAppPage(context, { expectedCount: null, searchQuery: null, until: 'firstRows' });
      await page.addInitScript(installTimerCount);
      await page.goto(host.url);
      await page.locator('#customer-listbox [role="option"]').first().waitFor({ timeout: 60_000 });
      await sleep(SETTLE_MS);
      floor = await idleWindow(page, stage, IDLE_FLOOR_MS);
    } finally {
      await context.close();
    }
  }

  server.control.setReachable(false);
  try {
    const context = await launchProfile(syncedProfile);
    try {
      const benchPage = await openBenchPage(context, host);
      const queued = await bench(benchPage, 'queueEdits', {
        accountId: stage.accountId,
        count: OFFLINE_EDITS,
        label: 'Offline idle',
      });
      await benchPage.close();
      if (queued.pendingAfter !== OFFLINE_EDITS)
        throw new Error(`expected ${OFFLINE_EDITS} queued edits, the outbox holds ${queued.pendingAfter}`);

      const page = await newAppPage(context, {
        expectedCount: null,
        searchQuery: null,
        until: 'pendingSeen',
      });
      await page.addInitScript(installTimerCount);
      await page.goto(host.url);
      await page.locator('#customer-listbox [role="option"]').first().waitFor({ timeout: 60_000 });
      const ready = await waitOfflineAndDue(page, stage.dbName, 60_000);
      await sleep(SETTLE_MS);
      const dueForMs = Date.now() - ready.dueAt;
      const offline = await idleWindow(page, stage, IDLE_WINDOW_MS);
      return {
        n: stage.n,
        edits: OFFLINE_EDITS,
        floor,
        offline,
        outbox: ready.outbox,
        dueForMs,
        connectivity: ready.connectivity,
      };
    } finally {
      await context.close();
    }
  } finally {
    server.control.setReachable(true);
  }
}
