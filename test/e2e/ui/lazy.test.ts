/**
 * Screens off the first screen load as chunks on first use (Lazy.svelte): the window starts without
 * them, and a chunk that fails to arrive says so with a retry instead of leaving a blank page. The
 * customer detail is one too, read in once the window is idle so the first click finds it loaded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason } from '../harness';
import {
  connectAndSync,
  customerList,
  detailName,
  goToList,
  poll,
  screenshot,
  startRig,
  waitForSynced,
} from './fixtures';
import type { AppPage, Rig } from './fixtures';

const skip = browserSkipReason();

const CHUNK = /\/assets\/SettingsView-[\w-]+\.js$/;
const DETAIL_CHUNK = /\/assets\/CustomerDetail-[\w-]+\.js$/;

describe.skipIf(skip !== null)(`lazy screens${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let rig: Rig;
  let app: AppPage;

  beforeAll(async () => {
    rig = await startRig({ customers: 20, seed: 7 });
    app = await rig.open();
    await connectAndSync(app.page, rig);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('starts without the lazy screens, and offers a retry when one fails to load', async () => {
    const { page } = app;
    const loaded = (): Promise<string[]> =>
      page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    // The list is up and no screen chunk came with it.
    expect((await loaded()).filter((n) => CHUNK.test(n))).toEqual([]);

    // The Settings chunk does not arrive (a disk error, an install replaced underneath), until it does.
    // Every request fails meanwhile: Vite's preload link asks for it before import() does.
    let failing = true;
    let failed = 0;
    await page.route(CHUNK, (route) => (failing ? (failed++, route.abort('failed')) : route.continue()));
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: 'Settings' }).click();
    const panel = page.getByTestId('lazy-failed');
    await panel.getByRole('heading', { name: 'Settings could not be opened', level: 1 }).waitFor();
    await expect(panel.textContent()).resolves.toContain('Your customers and changes are safe');
    // The rest of the window still works around it.
    await expect(nav.getByRole('button', { name: 'Customers' }).isEnabled()).resolves.toBe(true);
    await screenshot(page, 'lazy-failed');

    expect(failed).toBeGreaterThan(0);
    failing = false;
    await panel.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await poll(() => panel.count()).toBe(0);
    await screenshot(page, 'settings-lazy');

    // Loaded once, it opens at once the next time: no second request.
    await goToList(page);
    const requests = (await loaded()).filter((n) => CHUNK.test(n)).length;
    await nav.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect((await loaded()).filter((n) => CHUNK.test(n)).length).toBe(requests);
  });
  it('reads the customer detail in before it is asked for: the first click opens it with no request', async () => {
    const { page } = app;
    const detailRequests = (): Promise<number> =>
      page.evaluate(
        (source) =>
          performance.getEntriesByType('resource').filter((e) => new RegExp(source).test(e.name)).length,
        DETAIL_CHUNK.source,
      );
    // Nothing has been selected on this page yet; the chunk came by itself once the window was idle.
    await expect(detailName(page).count()).resolves.toBe(0);
    await poll(detailRequests).toBe(1);
    await goToList(page);
    await customerList(page).getByRole('option').first().click();
    await detailName(page).waitFor();
    expect(await detailRequests()).toBe(1);
  });

  it('says the customer could not be opened when the detail chunk fails, and opens it on Try again', async () => {
    let failing = true;
    let failed = 0;
    const second = await rig.open({
      beforeLoad: async (context) => {
        await context.route(DETAIL_CHUNK, (route) =>
          failing ? (failed++, route.abort('failed')) : route.continue(),
        );
      },
    });
    const { page } = second;
    await waitForSynced(page, rig.server.control.customerCount());
    // The idle preload failed quietly: the list is untouched by it.
    await poll(() => failed).toBeGreaterThan(0);
    await customerList(page).getByRole('option').first().click();
    const panel = page.getByTestId('lazy-failed');
    await panel.getByRole('heading', { name: 'This customer could not be opened' }).waitFor();
    await expect(customerList(page).getByRole('option').count()).resolves.toBeGreaterThan(1);

    failing = false;
    await panel.getByRole('button', { name: 'Try again' }).click();
    await detailName(page).waitFor();
    await poll(() => panel.count()).toBe(0);
  });
});
