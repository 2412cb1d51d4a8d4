/**
 * Focus after every navigation lands where the new screen starts (its heading, or a form's first
 * field), never on the page body: Edit, New customer, Esc out of a form, Resolve conflict, the pause
 * banner's "Open settings" and the main nav, at 1280×800. Also: toasts keep clear of the form's
 * footer, and About names the version in package.json.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { READ_SCOPE, WRITE_SCOPE } from '../../../electron/main/simulation/server';
import { browserSkipReason } from '../harness';
import {
  connectAndSync,
  customerList,
  DEMO_API_KEY,
  detail,
  detailName,
  editOpenCustomer,
  field,
  form,
  goOffline,
  goOnline,
  pendingCount,
  pickCustomer,
  poll,
  search,
  SMALL_VIEWPORT,
  startRig,
  statusBar,
  textOf,
  VIEWPORT,
  waitForBackoff,
} from './fixtures';
import type { AppPage, Rig } from './fixtures';

const skip = browserSkipReason();

/** What has focus: its id, or its tag when it has none ("BODY" is what this test rules out). */
const focused = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el?.id || el?.tagName || '';
  });

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: false }).first();

describe.skipIf(skip !== null)(`focus after navigation${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let rig: Rig;
  let app: AppPage;
  /** Customers with a change kept (the conflict): later edits pick others. */
  const kept: string[] = [];

  beforeAll(async () => {
    rig = await startRig({
      customers: 40,
      seed: 23,
      apiKeys: {
        [DEMO_API_KEY]: { companyId: 'focus-co', userId: 'u-9', scopes: [READ_SCOPE, WRITE_SCOPE] },
      },
    });
    app = await rig.open();
    await app.page.setViewportSize(VIEWPORT);
    await connectAndSync(app.page, rig);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('Edit lands on the first field, Esc back on the customer’s name', async () => {
    const { page } = app;
    const target = pickCustomer(rig);
    await search(page, target.email ?? '');
    await customerList(page).getByRole('option').first().click();
    await detail(page).getByRole('button', { name: 'Edit', exact: true }).click();
    await form(page).waitFor();
    await poll(() => focused(page)).toBe('field-first_name');

    await page.keyboard.press('Escape');
    await form(page).waitFor({ state: 'detached' });
    await poll(() => focused(page)).toBe('detail-name');
  });

  it('a form opened from a list row (double-click) returns focus to that row on Esc', async () => {
    const { page } = app;
    const row = customerList(page).getByRole('option').first();
    const rowId = await row.getAttribute('id');
    await row.dblclick();
    await form(page).waitFor();
    await poll(() => focused(page)).toBe('field-first_name');
    await page.keyboard.press('Escape');
    await form(page).waitFor({ state: 'detached' });
    await poll(() => focused(page)).toBe('customer-listbox');
    expect(await customerList(page).getAttribute('aria-activedescendant')).toBe(rowId);
  });

  it('Cancel after "Discard changes" still lands on the customer, not where the dialog was opened', async () => {
    const { page } = app;
    await detail(page).getByRole('button', { name: 'Edit', exact: true }).click();
    await field(page, 'Notes').fill('Not kept');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').getByRole('button', { name: 'Discard changes' }).click();
    await form(page).waitFor({ state: 'detached' });
    await poll(() => focused(page)).toBe('detail-name');
  });

  it('focus the user moves on to right after a navigation stays theirs', async () => {
    const { page } = app;
    await nav(page, 'Pending').click();
    await poll(() => focused(page)).toBe('pending-heading');
    // The user is quicker than the window: focus moves on (here to the search box) before the task
    // after the one that landed it on the list's heading. Nothing may take it back.
    const landed = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const onFocus = (event: FocusEvent): void => {
            if ((event.target as HTMLElement | null)?.id !== 'customers-heading') return;
            document.removeEventListener('focusin', onFocus);
            queueMicrotask(() => {
              document.getElementById('customer-search')?.focus();
              // After every task of the same delay queued before it, the navigation's among them.
              setTimeout(() => resolve(document.activeElement?.id ?? ''), 0);
            });
          };
          document.addEventListener('focusin', onFocus);
          const customers = [
            ...document.querySelectorAll<HTMLButtonElement>('nav[aria-label="Main"] button'),
          ].find((b) => b.textContent?.trim().startsWith('Customers'));
          customers?.click();
        }),
    );
    expect(landed).toBe('customer-search');
  });

  it('a toast over the edit form keeps clear of its footer and the status bar at 1024×640', async () => {
    const { page } = app;
    await page.setViewportSize(SMALL_VIEWPORT);
    try {
      await editOpenCustomer(page, { Notes: 'Toast check' });
      // "Saved" is up for a few seconds; under the pointer it stays, however slow this machine is.
      const toast = page.getByTestId('notice').locator('.toast');
      await toast.hover();
      await detail(page).getByRole('button', { name: 'Edit', exact: true }).press('Enter');
      // Read in the first frame that has all three, so the toast cannot leave between the reads.
      const edges = await page.waitForFunction(
        () => {
          const rect = (selector: string) => document.querySelector(selector)?.getBoundingClientRect();
          const [toastBox, footerBox, statusBox] = [
            '[data-testid="notice"] .toast',
            '[data-form-footer]',
            '[data-testid="status-bar"]',
          ].map(rect);
          if (!toastBox || !footerBox || !statusBox) return null;
          return { toastBottom: toastBox.bottom, footerTop: footerBox.top, statusTop: statusBox.top };
        },
        undefined,
        { polling: 'raf' },
      );
      const found = await edges.jsonValue();
      if (!found) throw new Error('waitForFunction resolved without the three boxes');
      const { toastBottom, footerTop, statusTop } = found;
      expect(toastBottom).toBeLessThanOrEqual(footerTop);
      expect(toastBottom).toBeLessThanOrEqual(statusTop);
      await page.keyboard.press('Escape');
      await form(page).waitFor({ state: 'detached' });
    } finally {
      await page.setViewportSize(VIEWPORT);
    }
  });

  it('New customer lands on the first field; Esc goes back to the list', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'New customer', exact: true }).click();
    await form(page).waitFor();
    await poll(() => focused(page)).toBe('field-first_name');
    await page.keyboard.press('Escape');
    await form(page).waitFor({ state: 'detached' });
    await poll(() => focused(page)).toBe('customers-heading');
  });

  it('the main nav lands on each screen’s heading', async () => {
    const { page } = app;
    await nav(page, 'Pending changes').click();
    await poll(() => focused(page)).toBe('pending-heading');
    await nav(page, 'Settings').click();
    await poll(() => focused(page)).toBe('settings-heading');
    await nav(page, 'Customers').click();
    await poll(() => focused(page)).toBe('customers-heading');
  });

  it('Settings names the account and the app version, and the launch address is fixed', async () => {
    const { page } = app;
    await nav(page, 'Settings').click();
    const account = page.getByTestId('account-name');
    await poll(() => textOf(account)).toBe('Key ending in …0000');
    const settings = page.locator('main');
    await expect(textOf(settings)).resolves.toContain('focus-co');
    await expect(textOf(settings)).resolves.toContain('customers:read, customers:write');
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../package.json'), 'utf8')) as {
      version: string;
    };
    await poll(() => textOf(settings)).toContain(`Rotor Desk ${pkg.version}`);
    // The host was started with --rotor-url: that address is shown, read-only, and nothing can be applied.
    const address = page.getByLabel('Rotor API address');
    expect(await address.inputValue()).toBe(rig.server.url);
    expect(await address.getAttribute('readonly')).not.toBeNull();
    expect(await page.getByRole('button', { name: 'Apply address' }).count()).toBe(0);
    await nav(page, 'Customers').click();
  });

  it('Resolve conflict lands on the conflicts heading', async () => {
    const { page } = app;
    const server = rig.server.control;
    const target = pickCustomer(rig);
    kept.push(target.id);
    await goOffline(rig, page);
    await search(page, target.email ?? '');
    await customerList(page).getByRole('option').first().click();
    await editOpenCustomer(page, { Notes: 'Mine: gate code 4321' });
    await poll(() => pendingCount(page)).toBe(1);
    server.updateCustomerRaw(target.id, { notes: 'Theirs: call first' });
    server.injectFaults({ status5xx: 1, only: ['upsert'] });
    const logStart = server.requestLog().length;
    await goOnline(rig, page);
    await waitForBackoff(rig, logStart, 1);
    await statusBar(page)
      .getByRole('button', { name: /^Sync now/ })
      .click();
    await poll(() => textOf(statusBar(page))).toContain('1 to resolve');
    server.clearFaults();

    await detail(page).getByRole('button', { name: 'Resolve conflict' }).click();
    await poll(() => focused(page)).toBe('conflicts-heading');
    await nav(page, 'Customers').click();
    await poll(() => focused(page)).toBe('customers-heading');
    await expect(textOf(detailName(page))).resolves.not.toBe('');
  });

  it('"Replace key" on the top banner lands on the API key field', async () => {
    const { page } = app;
    // The key is revoked in Rotor; the next change sent meets a 401 and sending pauses.
    rig.server.control.setApiKey(DEMO_API_KEY, null);
    const other = pickCustomer(rig, kept);
    await search(page, other.email ?? '');
    await customerList(page).getByRole('option').first().click();
    await editOpenCustomer(page, { Notes: 'Sent with a revoked key' });
    const banner = page.getByTestId('top-banner');
    await banner.waitFor();
    await banner.getByRole('button', { name: 'Replace key' }).click();
    const key = page.getByLabel('API key', { exact: true });
    await poll(() => key.evaluate((el) => el === document.activeElement)).toBe(true);
  });
});
