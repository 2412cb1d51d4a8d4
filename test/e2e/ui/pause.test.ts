/**
 * A revoked key, as the user meets it: changes made offline wait, the key is revoked in Rotor, and on
 * reconnecting the main window's banner says sending is paused, why, how many changes are kept, and
 * offers the one action that fixes it ("Open settings", which lands on the API key field, focused,
 * with a line saying what is wrong). A new key of the same company then sends every kept change.
 * The banner fits and passes axe at 1280×800 and 1024×640.
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
  pendingCount,
  pickCustomer,
  poll,
  search,
  seriousViolations,
  startRig,
  statusBar,
  textOf,
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

      const banner = page.getByTestId('pause-banner');
      await banner.waitFor();
      expect(await banner.getAttribute('role')).toBe('alert');
      await poll(() => textOf(banner)).toContain(
        'Sending to Rotor is paused: Rotor no longer accepts the API key.',
      );
      expect(await textOf(banner.getByTestId('pause-kept'))).toBe(
        '2 changes are kept safely on this computer.',
      );
      expect(await banner.getByRole('button').count()).toBe(1);
      await banner.getByRole('button', { name: 'Open settings' }).waitFor();

      // The customer's own banner no longer says "Waiting to be sent".
      const state = detail(page).getByTestId('sync-state');
      await poll(() => textOf(state)).toContain('Paused — Rotor no longer accepts the API key.');
      expect(await textOf(state)).not.toContain('Waiting to be sent');
      expect(await pendingCount(page)).toBe(2);
      expect(rig.server.control.getCustomer(first.id)?.notes).toBe(first.notes);
      await expectAccessible(page, 'pause banner, 1280×800');
      expect(await insideViewport(page, 'pause-banner')).toBe(true);
    });

    it('fits at 1024×640 with the status bar still whole', async () => {
      const { page } = app;
      await page.setViewportSize({ width: 1024, height: 640 });
      try {
        await page.getByTestId('pause-banner').waitFor();
        expect(await insideViewport(page, 'pause-banner')).toBe(true);
        const sync = statusBar(page).getByRole('button', { name: /^Sync now/ });
        const box = await sync.boundingBox();
        expect(box && box.x + box.width <= 1024).toBe(true);
        await expectAccessible(page, 'pause banner, 1024×640');
      } finally {
        await page.setViewportSize({ width: 1280, height: 800 });
      }
    });

    it('"Open settings" lands on the API key field, focused, with what is wrong', async () => {
      const { page } = app;
      await page.getByTestId('pause-banner').getByRole('button', { name: 'Open settings' }).click();
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
      await page.getByTestId('pause-banner').waitFor({ state: 'detached' });
      await poll(() => pendingCount(page), 30_000).toBe(0);
      for (const e of edited) expect(rig.server.control.getCustomer(e.id)?.notes).toBe(e.notes);
    });
  },
);
