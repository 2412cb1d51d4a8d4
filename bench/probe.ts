import type { ProbeMarks, ProbeState } from './shared/types';

export interface ProbeConfig {
  /** Customers the list must show for a sync to count as done (Rotor's non-archived total). */
  expectedCount: number | null;
  /** Typed into the search box the moment the first rows are visible; null: no search. */
  searchQuery: string | null;
  /** The probe stops watching once this mark is set, so it costs nothing during later measures. */
  until: keyof ProbeMarks;
}

/** What the init script is given: the config, and the prefix its announcements carry (`MARK_MESSAGE`). */
export interface ProbeArgs extends ProbeConfig {
  announce: string;
}

/**
 * An init script for app pages (Playwright serialises it into the page before any of the app's
 * scripts run, so it must not reference anything outside its own body). It watches the DOM and writes
 * the page's own clock (performance.now(), ms since navigation start) into `window.__probe.marks` the
 * moment each user-visible milestone appears:
 * - firstRows: a customer row is in the list;
 * - cacheLoaded: the app's `rotor-desk:cache-loaded` performance mark (every cached row read and indexed);
 * - searchTyped / searchReady / searchCleared: the query typed into the real search box as soon as
 *   rows show, its matching rows rendered, and the box cleared again;
 * - syncRunning / syncDone: the status bar says "Syncing…", then no longer does, with a last full sync
 *   time and the whole customer count in the list;
 * - pendingSeen / pendingZero: the status bar's pending count is non-zero, then "0 pending".
 * Long tasks are recorded from the start (buffered), for the scroll measure.
 */
export function installProbe(cfg: ProbeArgs): void {
  if (location.pathname !== '/' && location.pathname !== '/index.html') return;
  // Syncing 200,000 customers makes hundreds of calls; keep every entry for the runner to read.
  performance.setResourceTimingBufferSize(100_000);
  const marks: ProbeMarks = {};
  const state: ProbeState = { marks, longTasks: [] };
  window.__probe = state;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) state.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No Long Tasks API: the runner reports the measure as unavailable (longTasks stays empty).
  }

  // Set once, and announced to the runner (bench/page-marks.ts) instead of being polled for.
  const mark = (name: keyof ProbeMarks, at: number): void => {
    if (marks[name] !== undefined) return;
    marks[name] = at;
    console.debug(cfg.announce + name);
  };

  const text = (selector: string): string => document.querySelector(selector)?.textContent ?? '';
  const digits = (s: string): number => Number(s.replace(/\D+/g, '') || 'NaN');

  const typeSearch = (value: string): boolean => {
    const input = document.getElementById('customer-search') as HTMLInputElement | null;
    if (!input) return false;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    return true;
  };

  const check = (): void => {
    const now = performance.now();
    const listbox = document.getElementById('customer-listbox');
    const firstRow = listbox?.querySelector('[role="option"]') ?? null;
    if (marks.firstRows === undefined && firstRow) {
      mark('firstRows', now);
      if (cfg.searchQuery && typeSearch(cfg.searchQuery)) mark('searchTyped', performance.now());
    }
    const count = text('[data-testid="result-count"]');
    // While the rest of the cache is read behind the first screen the count line says so ("Opening
    // 50,000 customers… 2,500 read", "Results so far: … (still opening)"): search is ready only
    // when it answers over the whole cache.
    const opening = /^\s*(Opening|Results so far)/.test(count);
    if (marks.cacheLoaded === undefined) {
      const loaded = performance.getEntriesByName('rotor-desk:cache-loaded')[0];
      if (loaded) mark('cacheLoaded', loaded.startTime);
    }
    if (cfg.searchQuery && marks.searchTyped !== undefined && marks.searchReady === undefined) {
      // "12 of 5,000 customers": the list now shows the query's matches (rendered in the same update).
      if (/\bof\b/.test(count) && !opening && firstRow) {
        mark('searchReady', now);
        typeSearch('');
      }
    }
    if (
      marks.searchReady !== undefined &&
      marks.searchCleared === undefined &&
      firstRow &&
      !opening &&
      !/\bof\b/.test(count)
    )
      mark('searchCleared', now);

    const bar = text('[data-testid="status-bar"]');
    if (bar.includes('Syncing…')) mark('syncRunning', now);
    else if (
      marks.syncRunning !== undefined &&
      marks.syncDone === undefined &&
      cfg.expectedCount !== null &&
      !/Last full sync:\s*never/.test(bar) &&
      digits(count) === cfg.expectedCount
    )
      mark('syncDone', now);

    const pending = text('[data-testid="pending-count"]').trim();
    if (/^[1-9]/.test(pending)) mark('pendingSeen', now);
    else if (marks.pendingSeen !== undefined && /^0 pending/.test(pending)) mark('pendingZero', now);
  };

  const observer = new MutationObserver(() => {
    check();
    if (marks[cfg.until] !== undefined) observer.disconnect();
  });
  observer.observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
  });
}
