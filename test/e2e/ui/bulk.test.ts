/**
 * Bulk edits in Chromium through the host: rows selected with the mouse and the keyboard, a tag added
 * to all of them through the dialog that shows its cost, the changes waiting in Pending changes, and
 * Rotor ending with the tag on exactly those customers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason } from '../harness';
import {
  connectAndSync,
  customerList,
  goOffline,
  goOnline,
  pendingCount,
  pendingNav,
  poll,
  screenshot,
  startRig,
  textOf,
} from './fixtures';
import type { AppPage, Rig } from './fixtures';

const skip = browserSkipReason();

describe.skipIf(skip !== null)(`bulk edits${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let rig: Rig;
  let app: AppPage;

  beforeAll(async () => {
    rig = await startRig({ customers: 40, seed: 23 });
    app = await rig.open();
    await connectAndSync(app.page, rig);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('selects rows with mouse and keyboard, adds a tag to them, and they wait in Pending changes', async () => {
    const { page } = app;
    await goOffline(rig, page);
    const options = customerList(page).getByRole('option');
    await expect(customerList(page).getAttribute('aria-multiselectable')).resolves.toBe('true');
    await options.nth(0).click();
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await options.nth(5).click({ modifiers: ['Control'] });
    const count = page.getByTestId('selection-count');
    await poll(() => textOf(count)).toBe('4 selected');
    const ids = await customerList(page)
      .locator('[aria-selected="true"]')
      .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id ?? ''));
    expect(ids).toHaveLength(4);
    await screenshot(page, 'bulk-selection');

    await page.getByRole('button', { name: 'Add tags…' }).click();
    const dialog = page.getByTestId('bulk-dialog');
    await dialog.getByLabel(/Tags to add/).fill('bulk-e2e');
    await poll(() => textOf(dialog.getByTestId('bulk-cost'))).toContain('4 requests, one per customer');
    await expect(textOf(dialog)).resolves.toContain('cannot remove them');
    await screenshot(page, 'bulk-add-tags');
    await dialog.getByRole('button', { name: 'Add to 4 customers' }).click();
    await dialog.waitFor({ state: 'detached' });
    await poll(() => pendingCount(page)).toBe(4);

    await pendingNav(page).click();
    await poll(() => textOf(page.locator('.page'))).toContain('4 changes saved on this computer');

    await goOnline(rig, page);
    await poll(
      () =>
        rig.server.control
          .customers()
          .filter((c) => c.tags?.includes('bulk-e2e'))
          .map((c) => c.id)
          .sort(),
      60_000,
    ).toEqual([...ids].sort());
  });
});
