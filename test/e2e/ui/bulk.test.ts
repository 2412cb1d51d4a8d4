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
  upserts,
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
    // Behind the dialog the app's shortcuts are off: Ctrl+K and "/" are not taken (their key events
    // reach the dialog untouched; the page behind is inert, so a taken shortcut shows only as this).
    const focusedId = (): Promise<string> => page.evaluate(() => document.activeElement?.id ?? '');
    await poll(focusedId).toBe('bulk-tags');
    await page.evaluate(() => {
      const w = window as unknown as { taken: string[] };
      w.taken = [];
      // Added after the app's own window listener, so it sees what that one did.
      window.addEventListener('keydown', (e) => {
        if (e.defaultPrevented) w.taken.push(e.key);
      });
    });
    await page.keyboard.press('Control+k');
    await dialog.getByRole('button', { name: 'Cancel' }).focus();
    await page.keyboard.press('/');
    await expect(page.evaluate(() => (window as unknown as { taken: string[] }).taken)).resolves.toEqual([]);
    await expect(focusedId()).resolves.not.toBe('customer-search');
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

describe.skipIf(skip !== null)(`a bulk tag on 500 customers${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let rig: Rig;
  let app: AppPage;

  beforeAll(async () => {
    rig = await startRig({ customers: 500, seed: 29 });
    // The seed archives some (not listed): top the view up to exactly 500.
    const c = rig.server.control;
    for (let i = c.customerCount(); i < 500; i++)
      c.addCustomer({ first_name: `Topup${i}`, last_name: 'Lee' });
    app = await rig.open();
    await connectAndSync(app.page, rig);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('Ctrl+A over the view of 500, Add tags: 500 requests, 500 pending, and Rotor ends with exactly those', async () => {
    const { page } = app;
    const tag = 'door-knock-500';
    expect(rig.server.control.customers().filter((c) => c.tags?.includes(tag))).toHaveLength(0);
    await goOffline(rig, page);
    await customerList(page).getByRole('option').first().click();
    await page.keyboard.press('Control+a');
    await poll(() => textOf(page.getByTestId('selection-count'))).toBe('500 selected');

    await page.getByRole('button', { name: 'Add tags…' }).click();
    const dialog = page.getByTestId('bulk-dialog');
    await dialog.getByLabel(/Tags to add/).fill(tag);
    await poll(() => textOf(dialog.getByTestId('bulk-cost'))).toContain('500 requests, one per customer');
    await screenshot(page, 'bulk-500');
    const before = upserts(rig.server.control.requestLog()).length;
    await dialog.getByRole('button', { name: 'Add to 500 customers' }).click();
    await dialog.waitFor({ state: 'detached' });
    await poll(() => pendingCount(page)).toBe(500);

    await goOnline(rig, page);
    await poll(
      () => rig.server.control.customers().filter((c) => c.tags?.includes(tag)).length,
      120_000,
    ).toBe(500);
    await poll(() => pendingCount(page), 30_000).toBe(0);
    // Exactly the view (every listed customer, none of the archived ones it hides).
    const all = rig.server.control.customers();
    const ids = (list: typeof all): string[] => list.map((c) => c.id).sort();
    expect(ids(all.filter((c) => c.tags?.includes(tag)))).toEqual(ids(all.filter((c) => !c.archived)));
    expect(upserts(rig.server.control.requestLog()).length - before).toBe(500);
  }, 240_000);
});
