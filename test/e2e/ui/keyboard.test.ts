/**
 * The keyboard paths a dispatcher uses all day: Ctrl+K or "/" to search, ↓/↑ through the results,
 * Enter to open one, Esc to go back, Ctrl+S to save a form and Esc to leave it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSkipReason } from '../harness';
import {
  connectAndSync,
  counts,
  customerList,
  detailName,
  displayName,
  field,
  form,
  pickCustomer,
  poll,
  searchBox,
  startRig,
  textOf,
  upserts,
} from './fixtures';
import type { AppPage, Rig } from './fixtures';

const skip = browserSkipReason();

const focusedId = (page: Page): Promise<string> => page.evaluate(() => document.activeElement?.id ?? '');

describe.skipIf(skip !== null)(`keyboard${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let rig: Rig;
  let app: AppPage;

  beforeAll(async () => {
    rig = await startRig({ customers: 80, seed: 17 });
    app = await rig.open();
    await connectAndSync(app.page, rig);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('Ctrl+K and "/" focus the search box from anywhere outside a text field', async () => {
    const { page } = app;
    await page.getByRole('heading', { name: 'No customer selected' }).click();
    expect(await focusedId(page)).not.toBe('customer-search');
    await page.keyboard.press('Control+k');
    await poll(() => focusedId(page)).toBe('customer-search');

    await page.getByRole('heading', { name: 'Customers', level: 1 }).click();
    expect(await focusedId(page)).not.toBe('customer-search');
    await page.keyboard.press('/');
    await poll(() => focusedId(page)).toBe('customer-search');
    // The slash opened the search; it was not typed into it.
    await expect(searchBox(page).inputValue()).resolves.toBe('');

    // From another view, the shortcut comes back to the list.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.keyboard.press('Control+k');
    await poll(() => focusedId(page)).toBe('customer-search');
  });

  it('↓/↑ move through the results, Enter opens one, Esc goes back to the search', async () => {
    const { page } = app;
    const target = pickCustomer(rig);
    const lastName = target.last_name ?? '';
    await page.keyboard.press('Control+k');
    await page.keyboard.type(lastName);
    await poll(async () => (await counts(page)).shown).toBeGreaterThan(1);
    const options = customerList(page).getByRole('option');
    const ids = await options.evaluateAll((rows) => rows.map((r) => r.id));

    await page.keyboard.press('ArrowDown');
    await poll(() => focusedId(page)).toBe('customer-listbox');
    await poll(() => customerList(page).getAttribute('aria-activedescendant')).toBe(ids[0]);
    await page.keyboard.press('ArrowDown');
    await poll(() => customerList(page).getAttribute('aria-activedescendant')).toBe(ids[1]);
    // Moving selects: the detail pane follows the cursor.
    await poll(() => options.nth(1).getAttribute('aria-selected')).toBe('true');
    const second = (await textOf(options.nth(1).locator('.name'))) || '?';
    await poll(() => textOf(detailName(page))).toBe(second);
    await page.keyboard.press('ArrowUp');
    await poll(() => customerList(page).getAttribute('aria-activedescendant')).toBe(ids[0]);
    const first = (await textOf(options.nth(0).locator('.name'))) || '?';

    await page.keyboard.press('Enter');
    await poll(() => focusedId(page)).toBe('detail-name');
    await expect(textOf(detailName(page))).resolves.toBe(first);

    // Esc in the list returns to the search box; Esc there clears the search.
    await customerList(page).focus();
    await page.keyboard.press('Escape');
    await poll(() => focusedId(page)).toBe('customer-search');
    await expect(searchBox(page).inputValue()).resolves.toBe(lastName);
    await page.keyboard.press('Escape');
    await poll(() => searchBox(page).inputValue()).toBe('');
    await poll(() => counts(page)).toEqual({ shown: rig.server.control.customerCount(), of: null });
    // ↑ from the top of the list goes back to the search box too.
    await page.keyboard.press('ArrowDown');
    await poll(() => focusedId(page)).toBe('customer-listbox');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowUp');
    await poll(() => focusedId(page)).toBe('customer-search');
  });

  it('Ctrl+S saves the form; Esc leaves it, asking first when there are unsaved changes', async () => {
    const { page } = app;
    const server = rig.server.control;
    const target = pickCustomer(rig);
    await searchBox(page).fill(target.email ?? '');
    await customerList(page).getByRole('option').first().click();
    await poll(() => textOf(detailName(page))).toBe(displayName(target));

    // Esc with nothing changed just closes.
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await form(page).waitFor();
    await page.keyboard.press('Escape');
    await form(page).waitFor({ state: 'detached' });

    // Esc with a change asks; "Keep editing" stays in the form with the change.
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await field(page, 'Notes').fill('Saved with Ctrl+S');
    await page.keyboard.press('Escape');
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Keep editing' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect(field(page, 'Notes').inputValue()).resolves.toBe('Saved with Ctrl+S');

    const before = upserts(server.requestLog()).length;
    await field(page, 'Notes').focus();
    await page.keyboard.press('Control+s');
    await form(page).waitFor({ state: 'detached' });
    await poll(() => server.getCustomer(target.id)?.notes).toBe('Saved with Ctrl+S');
    expect(upserts(server.requestLog()).length - before).toBe(1);
  });
});
