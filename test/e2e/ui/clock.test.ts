/**
 * Relative times of past events ("Last full sync", "Saved") must never read as future ones. The app's
 * clock ticks every 15 s, and anything that happens between two ticks is newer than the clock's "now":
 * from 10 s after a tick (where "now" ends) such an event reads "in 12 seconds" until the next tick.
 * The page's clock is paused so the gap between the last tick and the event is exact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason } from '../harness';
import { connectAndSync, pendingNav, pickCustomer, poll, startRig, statusBar, textOf } from './fixtures';
import type { AppPage, Rig } from './fixtures';

const skip = browserSkipReason();
/** Between the end of the "now" window (10 s) and the clock's next tick (15 s). */
const SINCE_TICK_MS = 12_000;
const TICK_MS = 15_000;
/** The page's time stands still here from before the app loads, so its clock starts ticking then. */
const MOUNTED_AT = Date.parse('2026-03-02T09:00:01Z');

describe.skipIf(skip !== null)(`relative times of past events${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let rig: Rig;
  let app: AppPage;

  beforeAll(async () => {
    rig = await startRig({ customers: 30, seed: 19 });
    app = await rig.open({
      beforeLoad: async (context) => {
        await context.clock.install({ time: Date.parse('2026-03-02T09:00:00Z') });
        await context.clock.pauseAt(MOUNTED_AT);
      },
    });
    await connectAndSync(app.page, rig);
  });
  afterAll(async () => {
    await rig?.close();
  });

  /** Runs the page's time to the app clock's next tick, then on to SINCE_TICK_MS after it. */
  async function betweenTicks(): Promise<void> {
    const now = await app.page.evaluate(() => Date.now());
    await app.page.clock.runFor(TICK_MS - ((now - MOUNTED_AT) % TICK_MS));
    await app.page.clock.fastForward(SINCE_TICK_MS);
  }

  it('"Last full sync" of a sync that just finished is not in the future', async () => {
    const { page } = app;
    await betweenTicks();
    await statusBar(page)
      .getByRole('button', { name: /^Sync now/ })
      .click();
    await poll(() => textOf(page.getByTestId('notice'))).toContain('Sync complete');
    expect(await textOf(statusBar(page))).toMatch(/Last full sync: (now|\d+ seconds? ago)/);
  });

  it('"Saved" of a change just made is not in the future', async () => {
    const { page } = app;
    const target = pickCustomer(rig);
    rig.server.control.setReachable(false);
    await betweenTicks();
    await page.evaluate((hash) => (location.hash = hash), `#/edit/${encodeURIComponent(target.id)}`);
    await page.getByLabel('Notes', { exact: true }).fill('Saved between two clock ticks');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await pendingNav(page).click();
    const entry = page.getByTestId('pending-entry');
    await entry.waitFor();
    expect(await textOf(entry)).toMatch(/Saved (now|\d+ seconds? ago)/);
  });
});
