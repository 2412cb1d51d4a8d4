/**
 * The main window's one top banner for each reason changes don't reach Rotor, as the user meets it,
 * each with its one action, fitting and axe-clean at 1280×800 and 1024×640:
 * - a revoked key: changes made offline wait, the key is revoked in Rotor, and on reconnecting the
 *   banner says sending is paused, why, how many changes are kept, and offers "Replace key" (which lands
 *   on the API key field, focused, with a line saying what is wrong); a new key of the same company
 *   then sends every kept change;
 * - offline: what is kept, when the app looks again, and "Check now";
 * - Rotor errors (5xx): "retrying at <time>" and the way to the changes;
 * - the day's limit reached (Rotor's 429): when sending resumes, and the footer says whose count it is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { READ_SCOPE, WRITE_SCOPE } from '../../../electron/main/simulation/server';
import type { ApiKeyGrant } from '../../../electron/main/simulation/server';
import { browserSkipReason } from '../harness';
import {
  connectAndSync,
  customerList,
  DEMO_API_KEY,
  describeViolations,
  detail,
  editOpenCustomer,
  goOffline,
  goOnline,
  goToList,
  pendingCount,
  pickCustomer,
  poll,
  search,
  seriousViolations,
  SMALL_VIEWPORT,
  startRig,
  statusBar,
  textOf,
  VIEWPORT,
  waitForConnectivity,
} from './fixtures';
import type { AppPage, Rig } from './fixtures';

const skip = browserSkipReason();
const COMPANY = 'pause-company';
const NEW_KEY = 'replacement-key-7788';

async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations, describeViolations(screen, violations)).toEqual([]);
}

/** The element's box lies inside the viewport (nothing cut off at this window size). */
async function insideViewport(page: Page, testId: string): Promise<boolean> {
  const box = await page.getByTestId(testId).boundingBox();
  const size = page.viewportSize();
  if (!box || !size) return false;
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width && box.y + box.height <= size.height;
}

describe.skipIf(skip !== null)(
  `the pause banner for a revoked key${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    const grant: ApiKeyGrant = { companyId: COMPANY, userId: 'u-1', scopes: [READ_SCOPE, WRITE_SCOPE] };
    let rig: Rig;
    let app: AppPage;
    const edited: { id: string; notes: string }[] = [];

    beforeAll(async () => {
      rig = await startRig({ customers: 40, seed: 44, apiKeys: { [DEMO_API_KEY]: grant } });
      app = await rig.open();
      await connectAndSync(app.page, rig);
    });
    afterAll(async () => {
      await rig?.close();
    });

    it('says sending is paused, why, and how many changes are kept', async () => {
      const { page } = app;
      const first = pickCustomer(rig);
      const second = pickCustomer(rig, [first.id]);
      await goOffline(rig, page);
      for (const [i, c] of [first, second].entries()) {
        const notes = `Kept while the key was revoked (${i + 1})`;
        await search(page, c.email ?? '');
        await customerList(page).getByRole('option').first().click();
        await editOpenCustomer(page, { Notes: notes });
        edited.push({ id: c.id, notes });
      }
      await poll(() => pendingCount(page)).toBe(2);

      // The key is revoked in Rotor: every call with it answers 401 from now on.
      rig.server.control.setApiKey(DEMO_API_KEY, null);
      await goOnline(rig, page);

      const banner = page.getByTestId('top-banner');
      await poll(() => banner.getAttribute('data-kind')).toBe('key');
      await poll(() => textOf(banner)).toContain(
        'Sending to Rotor is paused: Rotor no longer accepts the API key.',
      );
      expect(await textOf(banner.getByTestId('top-banner-detail'))).toMatch(
        /^2 changes are kept safely on this computer\. Replace the key in Settings/,
      );
      expect(await banner.getByRole('button').count()).toBe(1);
      await banner.getByRole('button', { name: 'Replace key' }).waitFor();
      // Screen readers hear it once, from the one polite region.
      await poll(() => textOf(page.getByTestId('connection-announcer'))).toBe(
        'Sending to Rotor is paused: Rotor no longer accepts the API key.',
      );

      // The customer's own banner no longer says "Waiting to be sent".
      const state = detail(page).getByTestId('sync-state');
      await poll(() => textOf(state)).toContain('Paused — Rotor no longer accepts the API key.');
      expect(await textOf(state)).not.toContain('Waiting to be sent');
      expect(await pendingCount(page)).toBe(2);
      expect(rig.server.control.getCustomer(first.id)?.notes).toBe(first.notes);
      await expectAccessible(page, 'pause banner, 1280×800');
      expect(await insideViewport(page, 'top-banner')).toBe(true);
    });

    it('fits at 1024×640 with the status bar still whole', async () => {
      const { page } = app;
      await page.setViewportSize({ width: 1024, height: 640 });
      try {
        await page.getByTestId('top-banner').waitFor();
        expect(await insideViewport(page, 'top-banner')).toBe(true);
        const sync = statusBar(page).getByRole('button', { name: /^Sync now/ });
        const box = await sync.boundingBox();
        expect(box && box.x + box.width <= 1024).toBe(true);
        await expectAccessible(page, 'pause banner, 1024×640');
      } finally {
        await page.setViewportSize({ width: 1280, height: 800 });
      }
    });

    it('"Replace key" lands on the API key field, focused, with what is wrong', async () => {
      const { page } = app;
      await page.getByTestId('top-banner').getByRole('button', { name: 'Replace key' }).click();
      await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
      const key = page.getByLabel('API key', { exact: true });
      await poll(() => key.evaluate((el) => el === document.activeElement)).toBe(true);
      const problem = page.getByTestId('key-problem');
      expect(await textOf(problem)).toContain('Rotor no longer accepts the key ending in …0000');
      // A screen reader hears the problem with the field.
      const described = await key.evaluate((el) =>
        (el.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      );
      expect(described).toContain('Rotor no longer accepts the key');
      await expectAccessible(page, 'settings with a rejected key');
      // The banner's colours hold up in the dark theme too.
      await page.getByRole('radio', { name: 'Dark' }).check();
      await poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      await expectAccessible(page, 'pause banner and settings, dark');
      await page.getByRole('radio', { name: 'Light' }).check();
    });

    it('a new key of the same company sends every kept change and the banner goes', async () => {
      const { page } = app;
      rig.server.control.setApiKey(NEW_KEY, grant);
      await page.getByLabel('API key', { exact: true }).fill(NEW_KEY);
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await page.getByTestId('top-banner').waitFor({ state: 'detached' });
      await poll(() => pendingCount(page), 30_000).toBe(0);
      for (const e of edited) expect(rig.server.control.getCustomer(e.id)?.notes).toBe(e.notes);
    });
  },
);

/** At both window sizes: the banner and "Sync now" whole on screen, and axe finds nothing serious. */
async function fitsAndPasses(page: Page, screen: string): Promise<void> {
  for (const size of [VIEWPORT, SMALL_VIEWPORT]) {
    await page.setViewportSize(size);
    try {
      await page.getByTestId('top-banner').waitFor();
      expect(await insideViewport(page, 'top-banner'), `${screen} banner at ${size.width}`).toBe(true);
      const sync = statusBar(page).getByRole('button', { name: /^Sync now/ });
      const box = await sync.boundingBox();
      expect(box && box.x + box.width <= size.width, `${screen} Sync now at ${size.width}`).toBe(true);
      await expectAccessible(page, `${screen}, ${size.width}×${size.height}`);
    } finally {
      await page.setViewportSize(VIEWPORT);
    }
  }
}

describe.skipIf(skip !== null)(
  `the top banner for offline, Rotor errors and the limit${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let rig: Rig;
    let app: AppPage;
    const used: string[] = [];

    /** Edits one more customer's notes (through the list, as a person does). */
    async function editAnother(page: Page, notes: string): Promise<string> {
      const c = pickCustomer(rig, used);
      used.push(c.id);
      await search(page, c.email ?? '');
      await customerList(page).getByRole('option').first().click();
      await editOpenCustomer(page, { Notes: notes });
      return c.id;
    }

    beforeAll(async () => {
      rig = await startRig({ customers: 40, seed: 45 });
      app = await rig.open();
      await connectAndSync(app.page, rig);
    });
    afterAll(async () => {
      await rig?.close();
    });

    it('offline: what is kept and when it looks again; "Check now" finds Rotor back and sends', async () => {
      const { page } = app;
      await goOffline(rig, page);
      const id = await editAnother(page, 'Typed in the basement');
      const banner = page.getByTestId('top-banner');
      expect(await banner.getAttribute('data-kind')).toBe('offline');
      expect(await textOf(banner)).toContain('Offline: Rotor can’t be reached.');
      await poll(() => textOf(banner.getByTestId('top-banner-detail'))).toMatch(
        /^1 change is kept on this computer and sent when Rotor answers\. Next check at \d+:\d\d [AP]M\.$/,
      );
      // One banner: no toast claims it is being sent.
      expect(await textOf(page.getByTestId('notice'))).not.toContain('sending to Rotor');
      await fitsAndPasses(page, 'offline banner');

      rig.server.control.setReachable(true);
      await banner.getByRole('button', { name: 'Check now' }).click();
      await waitForConnectivity(page, 'Online');
      await banner.waitFor({ state: 'detached' });
      await poll(() => pendingCount(page)).toBe(0);
      expect(rig.server.control.getCustomer(id)?.notes).toBe('Typed in the basement');
    });

    it('Rotor errors: "retrying at <time>", and the way to the waiting changes', async () => {
      const { page } = app;
      rig.server.control.injectFaults({ status5xx: 1, only: ['upsert'] });
      const id = await editAnother(page, 'Sent while Rotor struggles');
      const banner = page.getByTestId('top-banner');
      await poll(() => banner.getAttribute('data-kind')).toBe('errors');
      expect(await textOf(banner)).toContain('Rotor answered the last attempt with an error.');
      await poll(() => textOf(banner.getByTestId('top-banner-detail'))).toMatch(
        /^1 change is kept on this computer until Rotor takes them\. (Retrying at \d+:\d\d [AP]M|Retrying now)\.$/,
      );
      await fitsAndPasses(page, 'Rotor errors banner');
      await banner.getByRole('button', { name: 'Show changes' }).click();
      await page.getByRole('heading', { name: 'Pending changes', level: 1 }).waitFor();

      rig.server.control.clearFaults();
      await poll(() => pendingCount(page), 30_000).toBe(0);
      await banner.waitFor({ state: 'detached' });
      expect(rig.server.control.getCustomer(id)?.notes).toBe('Sent while Rotor struggles');
      await goToList(page);
    });

    it('the day’s limit reached: when sending resumes, and the footer says who counted', async () => {
      const { page } = app;
      // Others using the same key spent Rotor's day: the next request meets its 429.
      rig.server.control.spendQuota(DEMO_API_KEY, 1000);
      await editAnother(page, 'Waits for tomorrow');
      const banner = page.getByTestId('top-banner');
      await poll(() => banner.getAttribute('data-kind')).toBe('quota');
      expect(await textOf(banner)).toContain(
        'Sending to Rotor is paused: today’s 1,000 API requests are used up.',
      );
      // The context runs in UTC: the reset is 00:00 in both clocks.
      expect(await textOf(banner.getByTestId('top-banner-detail'))).toMatch(
        /^1 change is kept safely on this computer\. Sending resumes at .+ 12:00 AM \(00:00 UTC\)\.$/,
      );
      expect(await banner.getByRole('button').count()).toBe(0);
      // innerText: the words shown at this width (the 1024 px wording is hidden).
      // Main's quota state reaches the status bar on its own channel, not with the banner's answer.
      // The exact wording leaves no room for "of 1,000".
      await poll(async () => (await page.getByTestId('quota').innerText()).trim()).toMatch(
        /^Rotor: limit reached, resumes 12:00 AM · this computer sent \d+$/,
      );
      await fitsAndPasses(page, 'limit banner');
    });
  },
);
