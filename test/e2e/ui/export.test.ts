/**
 * Export as an office user does it: the list narrowed by a search, "Export…", a CSV download that
 * holds exactly the customers shown in their order, opens as UTF-8 (BOM), and costs no request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { browserSkipReason } from '../harness';
import {
  connectAndSync,
  customerList,
  dismissNotices,
  goToList,
  poll,
  resultCount,
  screenshot,
  search,
  startRig,
  textOf,
} from './fixtures';
import type { AppPage, Rig } from './fixtures';
import { parseCsv } from '../../../src/lib/transfer/import/parse';
import { TRANSFER_COLUMNS } from '../../../src/lib/transfer/columns';
import { IMPORT_TEXT } from '../../../src/lib/state/import-text';

const skip = browserSkipReason();

describe.skipIf(skip !== null)(`export${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let rig: Rig;
  let app: AppPage;

  beforeAll(async () => {
    rig = await startRig({ customers: 40, seed: 31 });
    const c = rig.server.control;
    c.addCustomer({ first_name: 'Quixa', last_name: 'Mpleton', phone: '+1 612 555 0190', tags: ['export'] });
    c.addCustomer({ first_name: 'Quixa', last_name: 'Zulu', email: '=cmd@evil.example', tags: ['export'] });
    app = await rig.open();
    await connectAndSync(app.page, rig);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('downloads the view as shown, neutralised and re-readable, without a request', async () => {
    const { page } = app;
    await search(page, 'quixa');
    await poll(() => customerList(page).getByRole('option').count()).toBe(2);
    await expect(textOf(resultCount(page))).resolves.toMatch(/^2 of /);
    const shown = await customerList(page).getByRole('option').allTextContents();
    const before = rig.server.control.requestLog().length;

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-view').click(),
    ]);
    // Read first: the toast goes by itself while the file is read below.
    await poll(() => page.getByRole('status').allTextContents()).toContainEqual(
      expect.stringContaining('Exported 2 customers as customers-filtered-'),
    );
    expect(download.suggestedFilename()).toMatch(/^customers-filtered-\d{4}-\d{2}-\d{2}\.csv$/);
    const path = await download.path();
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain("'=cmd@evil.example");
    const parsed = parseCsv(text);
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.header).toEqual(TRANSFER_COLUMNS.map((c) => c.header));
    const first = TRANSFER_COLUMNS.findIndex((c) => c.key === 'first_name');
    const last = TRANSFER_COLUMNS.findIndex((c) => c.key === 'last_name');
    const names = parsed.rows.map((r) => `${r[first]} ${r[last]}`);
    expect(names).toHaveLength(2);
    names.forEach((name, i) => expect(shown[i]).toContain(name));
    // Restored on the way in: the file says what Rotor has.
    const email = TRANSFER_COLUMNS.findIndex((c) => c.key === 'email');
    expect(parsed.rows.map((r) => r[email])).toContain('=cmd@evil.example');
    expect(rig.server.control.requestLog().length).toBe(before);
    await screenshot(page, 'export-done');
  });

  it('exports the selection, in the list order', async () => {
    const { page } = app;
    await search(page, '');
    const options = customerList(page).getByRole('option');
    await options.nth(1).click();
    await options.nth(3).click({ modifiers: ['Control'] });
    await poll(() => textOf(page.getByTestId('selection-count'))).toMatch(/^2 selected/);
    await screenshot(page, 'export-selection');
    const shown = [await textOf(options.nth(1)), await textOf(options.nth(3))];
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-selection').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^customers-selected-/);
    const parsed = parseCsv(readFileSync(await download.path()).toString('utf8'));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const first = TRANSFER_COLUMNS.findIndex((c) => c.key === 'first_name');
    expect(parsed.rows.map((r) => r[first])).toHaveLength(2);
    parsed.rows.forEach((r, i) => expect(shown[i]).toContain(r[first] ?? '?'));
  });

  it('re-imports its own export of the whole book as a no-op: every row unchanged, nothing to queue, no request', async () => {
    const { page } = app;
    await page.keyboard.press('Escape');
    await search(page, '');
    const listed = Number((await textOf(resultCount(page))).match(/^([\d,]+)/)?.[1]?.replace(/,/g, ''));
    const before = rig.server.control.requestLog().length;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-view').click(),
    ]);
    const bytes = readFileSync(await download.path());

    await goToList(page);
    await page.getByTestId('import-open').click();
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: download.suggestedFilename(), mimeType: 'text/csv', buffer: bytes });
    await page.getByTestId('import-preview').waitFor();
    const count = async (kind: string): Promise<string> =>
      textOf(page.getByTestId('import-filters').locator(`[data-kind="${kind}"] .n`));
    await poll(() => count('all')).toBe(listed.toLocaleString('en-US'));
    await expect(count('unchanged')).resolves.toBe(listed.toLocaleString('en-US'));
    await expect(textOf(page.getByTestId('import-cost'))).resolves.toContain(IMPORT_TEXT.nothingToSend);
    await expect(page.getByTestId('import-confirm').isDisabled()).resolves.toBe(true);
    expect(rig.server.control.requestLog().length).toBe(before);
    await page.getByRole('button', { name: 'Cancel' }).first().click();
  });

  it('writes only the ticked columns: one unticked in the Columns menu is missing from the file', async () => {
    const { page } = app;
    await search(page, 'quixa');
    await poll(() => customerList(page).getByRole('option').count()).toBe(2);
    // Dismissing is a click, which would close the menu before its picture.
    await dismissNotices(page);
    const menu = page.getByTestId('export-columns');
    const summary = menu.locator('summary');
    await summary.click();
    const email = TRANSFER_COLUMNS.find((c) => c.key === 'email')?.header ?? 'Email';
    const box = menu.getByRole('checkbox', { name: email, exact: true });
    await box.uncheck();
    await poll(() => summary.getAttribute('aria-label')).toBe(
      `Columns to export: ${TRANSFER_COLUMNS.length - 1} of ${TRANSFER_COLUMNS.length}`,
    );
    await poll(() => menu.getAttribute('open')).toBe('');
    await screenshot(page, 'export-columns-menu');

    await page.keyboard.press('Escape');
    await poll(() => menu.getAttribute('open')).toBeNull();
    // The same menu behaviour as the Tags filter (state/details-popover): focus back on its button,
    // and a click outside closes it.
    await poll(() => summary.evaluate((s) => s === document.activeElement)).toBe(true);
    await summary.click();
    await poll(() => menu.getAttribute('open')).toBe('');
    await page.getByRole('heading', { name: 'Customers', level: 1 }).click();
    await poll(() => menu.getAttribute('open')).toBeNull();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-view').click(),
    ]);
    const parsed = parseCsv(readFileSync(await download.path()).toString('utf8'));
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.header).toEqual(TRANSFER_COLUMNS.filter((c) => c.key !== 'email').map((c) => c.header));
    expect(parsed.rows).toHaveLength(2);

    // None ticked: Export is disabled and says why; "All columns" brings every column back.
    await summary.click();
    for (const c of TRANSFER_COLUMNS)
      await menu.getByRole('checkbox', { name: c.header, exact: true }).uncheck();
    await expect(textOf(menu)).resolves.toContain('Tick at least one column to export.');
    await expect(page.getByTestId('export-view').isDisabled()).resolves.toBe(true);
    await expect(page.getByTestId('export-view').getAttribute('title')).resolves.toBe(
      'Tick at least one column to export.',
    );
    await menu.getByRole('button', { name: 'All columns' }).click();
    await poll(() => summary.getAttribute('aria-label')).toBe('Columns to export: all');
    await expect(page.getByTestId('export-view').isDisabled()).resolves.toBe(false);
  });
});
