/** The cold start (first rows, search ready), the heap after it, the list scroll, and their floor. */
import type { Page } from 'playwright-core';
import { launchProfile, newAppPage, openBenchPage, servedFile, throttleCpu } from '../env';
import type { Stage } from '../env';
import { markHeard } from '../page-marks';
import { startProfiler } from '../profile';
import type { ProfileSummary } from '../profile';
import type { ColdFloorResult } from '../shared/types';
import { COLD_FLOOR_DONE } from '../shared/types';
import { percentile } from '../stats';
import { calls, countRequests, marks, waitForMark } from './page-timing';
import type { RequestCount } from './page-timing';
import { SEARCH_PROBE_QUERY } from './settings';

const SCROLL_FRAMES = 300;
const WHEEL_EVENTS = 120;

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
