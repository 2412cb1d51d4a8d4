/**
 * One repetition of each measure. What the user sees (full sync, cold start, list scroll, replay) is
 * driven through the real app UI in Chromium and timed by the probe in the page's own clock; the
 * micro-measures (floors, search per keystroke, queueing edits) run in the bench page.
 */
import type { Page } from 'playwright-core';
import type { RequestLogEntry } from '../electron/main/simulation/server';
import {
  bench,
  launchProfile,
  newAppPage,
  openBenchPage,
  removeDir,
  servedFile,
  tempDir,
  throttleCpu,
} from './env';
import { markHeard } from './page-marks';
import { startProfiler } from './profile';
import type { ProfileSummary } from './profile';
import type { Stage } from './env';
import type {
  ColdFloorResult,
  IdbWriteResult,
  NetworkPassResult,
  ProbeMarks,
  SearchBenchResult,
} from './shared/types';
import { COLD_FLOOR_DONE } from './shared/types';
import { percentile } from './stats';
import { replayBreakdown } from './replay-breakdown';
import type { ReplayBreakdown } from './replay-breakdown';

export const PAGE_SIZE = 1000;
export const SYNC_LATENCY_MS = 100;
export const REPLAY_LATENCY_MS = 50;
export const REPLAY_EDITS = 200;
export const REPLAY_CONCURRENCY = 4;
export const SEARCH_PROBE_QUERY = 'smith';
/** The cheap-laptop variant of the UI measures: Chrome DevTools' CPU throttling, 4× slower. */
export const CPU_THROTTLE = 4;
const SCROLL_FRAMES = 300;
const WHEEL_EVENTS = 120;

export interface RequestCount {
  /** Requests carrying the API key: what Rotor's daily quota counts. */
  keyed: number;
  /** Keyless connectivity probes (not counted by the quota). */
  keyless: number;
}

export function countRequests(entries: readonly RequestLogEntry[]): RequestCount {
  let keyed = 0;
  for (const e of entries) if (e.apiKeyHint !== null) keyed++;
  return { keyed, keyless: entries.length - keyed };
}

interface CallTiming {
  start: number;
  end: number;
}

/** Resource Timing of the bridge's calls on one channel, in the page's clock. */
async function calls(page: Page, channel: string): Promise<CallTiming[]> {
  return page.evaluate(
    (name) =>
      performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes(`/__rotor/call/${name}`))
        .map((e) => ({ start: e.startTime, end: (e as PerformanceResourceTiming).responseEnd })),
    channel,
  );
}

async function marks(page: Page): Promise<ProbeMarks> {
  return page.evaluate(() => ({ ...(window.__probe?.marks ?? {}) }));
}

async function waitForMark(page: Page, mark: keyof ProbeMarks, timeoutMs: number): Promise<void> {
  try {
    await markHeard(page, mark, timeoutMs);
  } catch (error) {
    const seen = await marks(page).catch(() => ({}));
    const status = await page
      .locator('[data-testid="status-bar"]')
      .textContent({ timeout: 1000 })
      .catch(() => null);
    throw new Error(
      `timed out waiting for ${mark} (marks so far ${JSON.stringify(seen)}, status bar: ${status ?? 'none'})`,
      { cause: error },
    );
  }
}

// ---- full sync ---------------------------------------------------------------------------------

export interface NetworkRep extends NetworkPassResult {
  requests: RequestCount;
}

export interface SyncRep {
  /** First customers.list call sent → the UI shows every customer, a last-sync time, no "Syncing…". */
  ms: number;
  /** Navigation start → the same moment (includes app start and opening the empty cache). */
  fromLoadMs: number;
  /** First list call sent → last list page received. */
  networkMs: number;
  /** Mean time of one list call, page to page (the floor's is NetworkRep.ms / pages). */
  callMs: number;
  listCalls: number;
  requests: RequestCount;
  /** The app's automatic first sync, or the "Sync now" button (when the app held back, see appSync). */
  startedBy: 'app' | 'sync now';
}

/**
 * The full-sync floors, in a fresh Chromium profile (an empty database on disk, as a first sync finds
 * it): every page fetched through window.rotor.customers.list in the bench page and discarded
 * (network-only), then the same customers, as the rows a sync stores, written raw to IndexedDB.
 */
export async function syncFloors(stage: Stage): Promise<{ network: NetworkRep; idb: IdbWriteResult }> {
  const { server, host } = stage;
  const dir = tempDir('rotor-bench-floor-');
  try {
    const context = await launchProfile(dir);
    try {
      const page = await openBenchPage(context, host);
      server.control.setLatency(SYNC_LATENCY_MS);
      server.control.clearLog();
      const pass = await bench(page, 'networkPass', {
        limit: PAGE_SIZE,
        keep: true,
        accountId: stage.accountId,
      });
      const network = { ...pass, requests: countRequests(server.control.requestLog()) };
      const idb = await bench(page, 'idbWriteFloor', { pageSize: PAGE_SIZE });
      return { network, idb };
    } finally {
      await context.close();
    }
  } finally {
    removeDir(dir);
  }
}

/**
 * The measure: the app opened with the key connected, in a fresh profile; it starts the first full
 * sync by itself, and the probe marks when the UI shows every customer. `appProfile` is left holding
 * the synced cache for the measures that need one. With `profileFile`, the renderer is CPU-profiled
 * throughout (the run is then not a measurement).
 */
export async function appSync(
  stage: Stage,
  appProfile: string,
  profileFile?: string,
): Promise<{ sync: SyncRep; profile: ProfileSummary | null }> {
  const { server, host } = stage;
  server.control.setLatency(SYNC_LATENCY_MS);
  server.control.clearLog();
  const context = await launchProfile(appProfile);
  try {
    const page = await newAppPage(context, {
      expectedCount: stage.visible,
      searchQuery: null,
      until: 'syncDone',
    });
    const profiler = profileFile ? await startProfiler(page, servedFile) : null;
    await page.goto(host.url);
    // The app starts a first sync by itself, unless the host's request ledger says today's budget
    // (less the 100 requests it keeps for edits) can't cover one — which several 200,000-customer
    // rounds in one day do. Then the user would press "Sync now", and so does the bench.
    let startedBy: SyncRep['startedBy'] = 'app';
    try {
      await waitForMark(page, 'syncRunning', 10_000);
    } catch {
      startedBy = 'sync now';
      await page
        .getByTestId('status-bar')
        .getByRole('button', { name: /^Sync now/ })
        .click();
    }
    await waitForMark(page, 'syncDone', 60_000 + stage.n * 2);
    const profile = profiler && profileFile ? await profiler.stop('full sync', profileFile) : null;
    const m = await marks(page);
    const list = await calls(page, 'customers.list');
    const first = Math.min(...list.map((c) => c.start));
    const done = m.syncDone ?? Number.NaN;
    return {
      profile,
      sync: {
        ms: done - first,
        fromLoadMs: done,
        networkMs: Math.max(...list.map((c) => c.end)) - first,
        callMs: list.reduce((sum, c) => sum + (c.end - c.start), 0) / list.length,
        listCalls: list.length,
        requests: countRequests(server.control.requestLog()),
        startedBy,
      },
    };
  } finally {
    await context.close();
  }
}

// ---- search ------------------------------------------------------------------------------------

export interface SearchRep {
  keystrokes: number;
  /** Dexie toArray of every cached row (what the app's start reads), for the cold-start breakdown. */
  readMs: number;
  p50: number;
  p95: number;
  max: number;
  naiveP50: number;
  naiveP95: number;
  buildMs: number;
}

export function searchReps(results: readonly SearchBenchResult[]): SearchRep[] {
  return results.map((r) => {
    const idx = r.index.map((k) => k.ms);
    const naive = r.naive.map((k) => k.ms);
    return {
      keystrokes: idx.length,
      p50: percentile(idx, 50),
      p95: percentile(idx, 95),
      max: Math.max(...idx),
      naiveP50: percentile(naive, 50),
      naiveP95: percentile(naive, 95),
      readMs: r.readMs,
      buildMs: r.buildMs,
    };
  });
}

export interface SlowKeystroke {
  text: string;
  /** Median over the rounds. */
  ms: number;
  results: number;
}

/** The keystrokes slowest in the median round-by-round: where the p95 comes from. */
function slowest(raw: readonly SearchBenchResult[], count: number): SlowKeystroke[] {
  const first = raw[0];
  if (!first) return [];
  return first.index
    .map((k, i) => ({
      text: k.text,
      results: k.results,
      ms: percentile(
        raw.map((r) => r.index[i]?.ms ?? Number.NaN),
        50,
      ),
    }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count);
}

/** `cpuThrottle`: run the page CPU-throttled that many times (after it loaded; the keystrokes are what counts). */
export async function searchBench(
  stage: Stage,
  profileDir: string,
  reps: number,
  naiveReps: number,
  cpuThrottle = 1,
): Promise<{ reps: SearchRep[]; slowest: SlowKeystroke[] }> {
  const context = await launchProfile(profileDir);
  try {
    // Throttled from the page's first byte, as the cold start is.
    const page = await openBenchPage(context, stage.host, 'index.html', '', cpuThrottle);
    const raw = await bench(page, 'searchBench', { dbName: stage.dbName, reps, naiveReps });
    return { reps: searchReps(raw), slowest: slowest(raw, 8) };
  } finally {
    await context.close();
  }
}

/** One unmeasured round of the keystrokes (index only), CPU-profiled. */
export async function profileSearch(stage: Stage, profileDir: string, file: string): Promise<ProfileSummary> {
  const context = await launchProfile(profileDir);
  try {
    const page = await openBenchPage(context, stage.host);
    const profiler = await startProfiler(page, servedFile);
    await bench(page, 'searchBench', { dbName: stage.dbName, reps: 1, naiveReps: 0 });
    return await profiler.stop('search (cache read, index build, keystrokes)', file);
  } finally {
    await context.close();
  }
}

// ---- cold start, heap, scroll --------------------------------------------------------------------

export interface HeapUsage {
  usedSize: number;
  totalSize: number;
  /** ArrayBuffer backing stores (the search index's typed arrays live there), where Chromium reports it. */
  backingStorageSize: number;
}

export interface LongTask {
  start: number;
  duration: number;
}

export interface ScrollRep {
  frames: number;
  durationMs: number;
  /** Most customer rows in the DOM at any sampled frame. */
  maxRows: number;
  /** The last row (aria-posinset = setsize) was rendered at the bottom. */
  reachedEnd: boolean;
  frameP95Ms: number;
  longTasks: LongTask[];
  wheelEvents: number;
}

export interface ColdRep {
  /** The app's script bundle received (navigation start → responseEnd). */
  scriptLoadedMs: number;
  /** The app's first call to main sent: its bundle is parsed and running. */
  firstCallMs: number;
  /** The app's start-up calls to main (account, settings, quota…) all answered: it can open the cache. */
  bootCallsMs: number;
  firstRowsMs: number;
  searchReadyMs: number;
  /** Long tasks (> 50 ms) that started between the firstRows and searchReady marks: typing blocked. */
  indexingLongTasks: LongTask[];
  requests: RequestCount;
  heap: HeapUsage;
  scroll: ScrollRep | null;
}

async function heapAfterGc(page: Page): Promise<HeapUsage> {
  const cdp = await page.context().newCDPSession(page);
  try {
    // Twice: the first collection can leave weakly held and finalised objects for the second.
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = (await cdp.send('Runtime.getHeapUsage')) as {
      usedSize: number;
      totalSize: number;
      backingStorageSize?: number;
    };
    return {
      usedSize: usage.usedSize,
      totalSize: usage.totalSize,
      backingStorageSize: usage.backingStorageSize ?? 0,
    };
  } finally {
    await cdp.detach();
  }
}

/**
 * Scrolls the real list from top to bottom: SCROLL_FRAMES programmatic jumps, one per animation frame
 * (each lands on rows never rendered before: the worst case for the windowing), then wheel input at
 * the top. Rows in the DOM are counted every frame; long tasks come from the probe's observer.
 */
async function scrollList(page: Page): Promise<ScrollRep> {
  const list = page.locator('#customer-listbox');
  const box = await list.boundingBox();
  const run = await page.evaluate(async (frames) => {
    const lb = document.getElementById('customer-listbox');
    if (!lb) throw new Error('no customer list');
    const rows = (): number => lb.querySelectorAll('[role="option"]').length;
    const nextFrame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));
    await nextFrame();
    const max = lb.scrollHeight - lb.clientHeight;
    const start = performance.now();
    let last = start;
    let maxRows = rows();
    const frameMs: number[] = [];
    for (let i = 1; i <= frames; i++) {
      lb.scrollTop = Math.round((max * i) / frames);
      const now = await nextFrame();
      frameMs.push(now - last);
      last = now;
      maxRows = Math.max(maxRows, rows());
    }
    await nextFrame();
    const options = lb.querySelectorAll('[role="option"]');
    const lastRow = options[options.length - 1];
    const reachedEnd =
      !!lastRow && lastRow.getAttribute('aria-posinset') === lastRow.getAttribute('aria-setsize');
    lb.scrollTop = 0;
    await nextFrame();
    return { start, end: performance.now(), maxRows, frameMs, reachedEnd };
  }, SCROLL_FRAMES);

  // Real wheel input from the top, as a user flicking the wheel (the compositor scrolls, the list follows).
  const wheelStart = await page.evaluate(() => performance.now());
  if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  let maxRows = run.maxRows;
  for (let i = 0; i < WHEEL_EVENTS; i++) {
    await page.mouse.wheel(0, 400);
    if (i % 10 === 9)
      maxRows = Math.max(
        maxRows,
        await page.evaluate(
          () => document.getElementById('customer-listbox')?.querySelectorAll('[role="option"]').length ?? 0,
        ),
      );
  }
  const wheelEnd = await page.evaluate(
    () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now()))),
  );
  const longTasks = await page.evaluate(() => [...(window.__probe?.longTasks ?? [])]);
  const inWindow = longTasks.filter(
    (t) => (t.start >= run.start && t.start <= run.end) || (t.start >= wheelStart && t.start <= wheelEnd),
  );
  return {
    frames: run.frameMs.length,
    durationMs: run.end - run.start,
    maxRows,
    reachedEnd: run.reachedEnd,
    frameP95Ms: percentile(run.frameMs, 95),
    longTasks: inWindow,
    wheelEvents: WHEEL_EVENTS,
  };
}

/** What a profiled (unmeasured) cold run samples: the start up to search ready, or the scroll alone. */
export interface ColdProfile {
  file: string;
  of: 'start' | 'scroll';
}

/**
 * The app opened on a profile that already holds the cache: first rows, search, heap, (scroll).
 * With `profiled`, CPU-profiled up to search ready (nothing after it) or over the scroll alone; not a
 * measurement. With `cpuThrottle` > 1, the page is CPU-throttled from before navigation to the end of
 * the scroll.
 */
export async function coldRep(
  stage: Stage,
  profileDir: string,
  withScroll: boolean,
  profiled?: ColdProfile,
  cpuThrottle = 1,
): Promise<ColdRep & { profile: ProfileSummary | null }> {
  stage.server.control.clearLog();
  const context = await launchProfile(profileDir);
  try {
    const page = await newAppPage(context, {
      expectedCount: null,
      searchQuery: SEARCH_PROBE_QUERY,
      until: 'searchCleared',
    });
    await throttleCpu(page, cpuThrottle);
    const profiler = profiled?.of === 'start' ? await startProfiler(page, servedFile) : null;
    await page.goto(stage.host.url);
    await waitForMark(page, 'searchCleared', (60_000 + stage.n / 10) * cpuThrottle);
    let profile =
      profiler && profiled ? await profiler.stop('cold start to search ready', profiled.file) : null;
    const m = await marks(page);
    const boot = (await calls(page, '')).filter((c) => c.start < (m.firstRows ?? 0));
    // The scripts the first screen waited for: chunks loaded on use (the engines, once the cache is
    // in) arrive after first rows and are not part of the start.
    const script = await page.evaluate(
      (before) =>
        Math.max(
          ...performance
            .getEntriesByType('resource')
            .filter((e) => /\/assets\/[^/]+\.js$/.test(e.name))
            .map((e) => (e as PerformanceResourceTiming).responseEnd)
            .filter((end) => end <= before),
        ),
      m.firstRows ?? Number.POSITIVE_INFINITY,
    );
    const firstRows = m.firstRows ?? Number.NaN;
    const searchReady = m.searchReady ?? Number.NaN;
    const indexingLongTasks = (await page.evaluate(() => [...(window.__probe?.longTasks ?? [])])).filter(
      (t) => t.start >= firstRows && t.start <= searchReady,
    );
    const heap = await heapAfterGc(page);
    const scrollProfiler =
      withScroll && profiled?.of === 'scroll' ? await startProfiler(page, servedFile) : null;
    const scroll = withScroll && !profiler ? await scrollList(page) : null;
    if (scrollProfiler && profiled)
      profile = await scrollProfiler.stop(
        `list scroll${cpuThrottle > 1 ? `, CPU throttled ${cpuThrottle}×` : ''}`,
        profiled.file,
      );
    return {
      profile,
      scriptLoadedMs: script,
      firstCallMs: boot.length ? Math.min(...boot.map((c) => c.start)) : Number.NaN,
      bootCallsMs: boot.length ? Math.max(...boot.map((c) => c.end)) : Number.NaN,
      firstRowsMs: firstRows,
      searchReadyMs: searchReady,
      indexingLongTasks,
      requests: countRequests(stage.server.control.requestLog()),
      heap,
      scroll,
    };
  } finally {
    await context.close();
  }
}

/** Floor: a fresh Chromium on the same profile opens the database and reads the first screen. */
export async function coldFloorRep(
  stage: Stage,
  profileDir: string,
  cpuThrottle = 1,
): Promise<ColdFloorResult> {
  const context = await launchProfile(profileDir);
  try {
    const page = await openBenchPage(
      context,
      stage.host,
      'cold.html',
      `&db=${encodeURIComponent(stage.dbName)}`,
      cpuThrottle,
    );
    await markHeard(page, COLD_FLOOR_DONE, 30_000);
    const result = await page.evaluate(() => window.__cold);
    if (!result || 'error' in result) throw new Error(`cold floor: ${result ? result.error : 'no result'}`);
    return result;
  } finally {
    await context.close();
  }
}

// ---- replay ------------------------------------------------------------------------------------

export interface ReplayRep {
  /** First call to Rotor sent (a pre-send read or an upsert) → the status bar shows "0 pending". */
  ms: number;
  /** First call to Rotor sent → last one answered. */
  networkMs: number;
  /**
   * Mean time of one call to Rotor (upsert, or the pre-send read of Rotor's copy) as the page sees it;
   * each carries one request, to which the server adds REPLAY_LATENCY_MS.
   */
  callMs: number;
  /** Sum of every call's time: divided by networkMs, how many lanes waited on the network on average. */
  callTotalMs: number;
  edits: number;
  upsertCalls: number;
  /** customers.get calls: the pre-send reads of Rotor's copy. */
  readCalls: number;
  requests: RequestCount;
  exactlyOnce: boolean;
  /** What broke exactly-once, when it did. */
  problems: string[];
  breakdown: ReplayBreakdown;
  profile?: ProfileSummary;
}

/** With `profileFile`, the renderer is CPU-profiled from navigation to "0 pending" (not a measurement). */
export async function replayRep(
  stage: Stage,
  profileDir: string,
  label: string,
  profileFile?: string,
): Promise<ReplayRep> {
  const { server, host } = stage;
  server.control.setLatency(0);
  const context = await launchProfile(profileDir);
  try {
    const benchPage = await openBenchPage(context, host);
    const queued = await bench(benchPage, 'queueEdits', {
      accountId: stage.accountId,
      count: REPLAY_EDITS,
      label,
    });
    await benchPage.close();
    if (queued.pendingAfter !== REPLAY_EDITS)
      throw new Error(`expected ${REPLAY_EDITS} queued edits, the outbox holds ${queued.pendingAfter}`);

    server.control.setLatency(REPLAY_LATENCY_MS);
    server.control.clearLog();
    const appliedBefore = server.control.upsertsApplied();
    const page = await newAppPage(context, { expectedCount: null, searchQuery: null, until: 'pendingZero' });
    const profiler = profileFile ? await startProfiler(page, servedFile) : null;
    await page.goto(host.url);
    await waitForMark(page, 'pendingZero', 120_000);
    const profile = profiler && profileFile ? await profiler.stop('replay', profileFile) : null;
    const m = await marks(page);
    const origin = await page.evaluate(() => performance.timeOrigin);
    const upserts = await calls(page, 'customers.upsert');
    const reads = await calls(page, 'customers.get');
    const rotorCalls = [...upserts, ...reads];
    const log = server.control.requestLog();

    const problems: string[] = [];
    const posts = log.filter((e) => e.method === 'POST' && e.path === '/customers');
    const committed = posts.filter((e) => e.status !== null && e.status >= 200 && e.status < 300);
    const perKey = new Map<string, number>();
    for (const e of committed)
      perKey.set(e.idempotencyKey ?? '', (perKey.get(e.idempotencyKey ?? '') ?? 0) + 1);
    if (committed.length !== queued.edits.length)
      problems.push(`${committed.length} committed upserts for ${queued.edits.length} edits`);
    if (perKey.size !== queued.edits.length) problems.push(`${perKey.size} distinct idempotency keys`);
    for (const [key, n] of perKey) if (n !== 1) problems.push(`key ${key} committed ${n} times`);
    const applied = server.control.upsertsApplied() - appliedBefore;
    if (applied !== queued.edits.length) problems.push(`server applied ${applied} upserts`);
    for (const edit of queued.edits) {
      const notes = server.control.getCustomer(edit.id)?.notes;
      if (notes !== edit.notes)
        problems.push(`customer ${edit.id} notes on the server: ${JSON.stringify(notes)}`);
    }
    const first = Math.min(...rotorCalls.map((c) => c.start));
    const callTotalMs = rotorCalls.reduce((sum, c) => sum + (c.end - c.start), 0);
    const spans = rotorCalls.map((c) => ({ start: origin + c.start, end: origin + c.end }));
    const arrivals = log.filter((e) => e.apiKeyHint !== null).map((e) => e.at);
    const doneAt = origin + (m.pendingZero ?? Number.NaN);
    return {
      ...(profile ? { profile } : {}),
      breakdown: replayBreakdown(spans, arrivals, REPLAY_LATENCY_MS, doneAt),
      ms: (m.pendingZero ?? Number.NaN) - first,
      networkMs: Math.max(...rotorCalls.map((c) => c.end)) - first,
      callMs: callTotalMs / rotorCalls.length,
      callTotalMs,
      edits: queued.edits.length,
      upsertCalls: upserts.length,
      readCalls: reads.length,
      requests: countRequests(log),
      exactlyOnce: problems.length === 0,
      problems: problems.slice(0, 10),
    };
  } finally {
    await context.close();
  }
}
