/** What every scenario reads off a page: requests made, the bridge's call timings, the probe's marks. */
import type { Page } from 'playwright-core';
import type { RequestLogEntry } from '../../electron/main/simulation/server';
import { markHeard } from '../page-marks';
import type { ProbeMarks } from '../shared/types';

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

export interface CallTiming {
  start: number;
  end: number;
}

/** Resource Timing of the bridge's calls on one channel, in the page's clock. */
export async function calls(page: Page, channel: string): Promise<CallTiming[]> {
  return page.evaluate(
    (name) =>
      performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes(`/__rotor/call/${name}`))
        .map((e) => ({ start: e.startTime, end: (e as PerformanceResourceTiming).responseEnd })),
    channel,
  );
}

export async function marks(page: Page): Promise<ProbeMarks> {
  return page.evaluate(() => ({ ...(window.__probe?.marks ?? {}) }));
}

export async function waitForMark(page: Page, mark: keyof ProbeMarks, timeoutMs: number): Promise<void> {
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
