/**
 * Screens off the first screen load as chunks on first use (Lazy.svelte): the window starts without
 * them, and a chunk that fails to arrive says so with a retry instead of leaving a blank page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason } from '../harness';
import { connectAndSync, goToList, poll, screenshot, startRig } from './fixtures';
import type { AppPage, Rig } from './fixtures';

const skip = browserSkipReason();

const CHUNK = /\/assets\/SettingsView-[\w-]+\.js$/;

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
});
