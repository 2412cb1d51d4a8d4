/**
 * Every screen through axe-core, in the state a user meets it: onboarding, the list, a customer, the
 * edit and create forms, offline with pending changes, Pending changes, a conflict, a dialog, Settings,
 * and the dark theme. No serious or critical violation is allowed. The walk also takes the README's
 * screenshots (1280×800 and 1024×640), since it already puts every screen in a realistic state: into a
 * git-ignored folder (fixtures.ts), from where `npm run screenshots` copies them to docs/screenshots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSkipReason } from '../harness';
import {
  CHECKED_VIEWPORTS,
  connectAndSync,
  customerList,
  dismissNotices,
  describeViolations,
  detail,
  field,
  fillForm,
  form,
  goOffline,
  goOnline,
  goToList,
  nextFrames,
  pendingCount,
  pendingNav,
  poll,
  screenshot,
  search,
  seriousViolations,
  startRig,
  statusBar,
  textOf,
  VIEWPORT,
  waitForBackoff,
} from './fixtures';
import type { AppPage, Rig } from './fixtures';

const skip = browserSkipReason();

/**
 * axe at each of the three window sizes, in both themes: a layout that only breaks at 1024 px or a colour
 * that only fails in dark is a real user's problem too. The theme is forced on the root element the way
 * Settings does (theme.ts) and put back, so the walk's own state is untouched.
 */
async function expectAccessible(page: Page, screen: string): Promise<void> {
  const theme = await page.evaluate(() => document.documentElement.dataset.theme ?? null);
  try {
    for (const forced of ['light', 'dark'] as const) {
      await page.evaluate((t) => (document.documentElement.dataset.theme = t), forced);
      for (const size of CHECKED_VIEWPORTS) {
        await page.setViewportSize(size);
        await nextFrames(page);
        const violations = await seriousViolations(page);
        const where = `${screen} at ${size.width}×${size.height}, ${forced}`;
        expect(violations, describeViolations(where, violations)).toEqual([]);
      }
    }
  } finally {
    await page.evaluate((t) => {
      if (t === null) delete document.documentElement.dataset.theme;
      else document.documentElement.dataset.theme = t;
    }, theme);
    await page.setViewportSize(VIEWPORT);
    await nextFrames(page);
  }
}

describe.skipIf(skip !== null)(`accessibility of every screen${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let rig: Rig;
  let app: AppPage;
  /** Ids of the first customers in the list's name order, so edited rows are in view. */
  let top: string[] = [];

  beforeAll(async () => {
    rig = await startRig({ customers: 400, seed: 21 });
    app = await rig.open();
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('onboarding', async () => {
    await app.page.getByRole('heading', { name: 'Connect Rotor Desk to Rotor' }).waitFor();
    await expectAccessible(app.page, 'onboarding');
    // A rejected key shows its error in place; that state must be accessible too.
    await app.page.getByLabel('API key', { exact: true }).fill('short');
    await app.page.getByRole('button', { name: 'Connect', exact: true }).click();
    await app.page.getByRole('alert').filter({ hasText: 'Paste your whole API key' }).waitFor();
    await expectAccessible(app.page, 'onboarding with an error');
  });

  it('customer list', async () => {
    const { page } = app;
    await connectAndSync(page, rig);
    top = await customerList(page)
      .getByRole('option')
      .evaluateAll((rows) => rows.slice(0, 8).map((r) => r.getAttribute('data-id') ?? ''));
    expect(top.every(Boolean)).toBe(true);
    await expectAccessible(page, 'list');
    // Without a live keychain (the 0600-file fallback) the app warns; the pictures show the usual case.
    const warning = page.getByRole('button', { name: 'Dismiss warning' });
    if (await warning.count()) {
      await warning.click();
      await expectAccessible(page, 'list without the keychain warning');
    }
    await screenshot(page, 'list.png');

    // The tag filter's popover, open.
    await page.getByText('Tags', { exact: true }).click();
    await page.getByRole('group', { name: 'Show customers with these tags' }).waitFor();
    await expectAccessible(page, 'list with the tag filter open');
    await page.keyboard.press('Escape');

    // The export's column menu, open.
    await page.getByTestId('export-columns').locator('summary').click();
    await page.getByRole('group', { name: 'Columns to export' }).waitFor();
    await expectAccessible(page, 'list with the export columns open');
    await page.keyboard.press('Escape');
  });

  it('import, with the preview', async () => {
    const { page } = app;
    const [a, b] = rig.server.control.customers();
    const csv = [
      'First Name,Mobile,E-mail,Tags',
      `Renamed,${a?.phone ?? ''},,imported`,
      `,,${b?.email ?? ''},imported`,
      'New,555 010 9999,new.person@example.com,',
      ',,not-an-email,',
    ].join('\n');
    await page.getByTestId('import-open').click();
    await page.getByRole('heading', { name: 'Import customers', level: 1 }).waitFor();
    await expectAccessible(page, 'import, no file yet');
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'a11y.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-preview').waitFor();
    await page
      .getByTestId('import-filters')
      .getByRole('button', { name: /^Invalid/ })
      .click();
    await expectAccessible(page, 'import preview');
    await page.getByTestId('import-view').getByRole('button', { name: 'Cancel' }).first().click();
    await customerList(page).waitFor();
  });

  it('customer detail', async () => {
    const { page } = app;
    await customerList(page).locator(`[data-id="${top[1]}"]`).click();
    await detail(page).waitFor();
    await expectAccessible(page, 'detail');
    await screenshot(page, 'detail.png');
  });

  it('edit form', async () => {
    const { page } = app;
    await detail(page).getByRole('button', { name: 'Edit', exact: true }).click();
    await form(page).waitFor();
    await field(page, 'Company').fill('Allen Window Care');
    await field(page, 'Phone').fill('(206) 555-0148');
    await field(page, 'Tags').fill('vip');
    await page.keyboard.press('Enter');
    await field(page, 'Company').focus();
    await form(page)
      .locator('.scroll')
      .evaluate((el) => el.scrollTo(0, 0));
    await expectAccessible(page, 'edit');
    await screenshot(page, 'edit.png');
    // Rotor can't remove a tag it has: the explanation appears beside the tags.
    const serverTag = form(page)
      .getByRole('button', { name: /^Remove tag / })
      .first();
    if (await serverTag.count()) {
      await serverTag.click();
      await expectAccessible(page, 'edit with the tag notice');
    }
    await form(page).getByRole('button', { name: 'Cancel', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Keep editing' }).waitFor();
    await expectAccessible(page, 'unsaved-changes dialog');
    await dialog.getByRole('button', { name: 'Discard changes' }).click();
    await form(page).waitFor({ state: 'detached' });
  });

  it('create form, with the "Rotor will update" warning and a validation error', async () => {
    const { page } = app;
    const existing = rig.server.control.customers().find((c) => !c.archived && c.phone);
    await page.getByRole('button', { name: 'New customer', exact: true }).click();
    await fillForm(page, { 'First name': 'Morgan', Phone: existing?.phone ?? '' });
    await page.getByTestId('upsert-warning').waitFor();
    await field(page, 'Email').fill('morgan@');
    await field(page, 'Phone').focus();
    await form(page).locator('#field-email-error').waitFor();
    await expectAccessible(page, 'create');
    await form(page).getByRole('button', { name: 'Cancel', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Discard changes' }).click();
    await form(page).waitFor({ state: 'detached' });
  });

  it('offline with pending changes', async () => {
    const { page } = app;
    await goOffline(rig, page);
    await goToList(page);
    const edits: [string, Record<string, string>][] = [
      [top[0] ?? '', { Phone: '(612) 555-0142' }],
      [top[2] ?? '', { Company: 'Lakeside Property Management', Notes: 'New property manager.' }],
      [top[4] ?? '', { Notes: 'Moved to quarterly service.' }],
    ];
    for (const [id, values] of edits) {
      await customerList(page).locator(`[data-id="${id}"]`).click();
      await detail(page).getByRole('button', { name: 'Edit', exact: true }).click();
      await fillForm(page, values);
      await form(page).getByRole('button', { name: 'Save', exact: true }).click();
      await form(page).waitFor({ state: 'detached' });
    }
    await page.getByRole('button', { name: 'New customer', exact: true }).click();
    await fillForm(page, {
      'First name': 'Aaron',
      'Last name': 'Abbott',
      Email: 'aaron.abbott@example.com',
      'Property street': '12 Lakeview Dr',
      'Property city': 'Minneapolis',
    });
    await form(page).getByRole('button', { name: 'Save', exact: true }).click();
    await form(page).waitFor({ state: 'detached' });
    await poll(() => pendingCount(page)).toBe(4);
    await customerList(page).locator(`[data-id="${top[2]}"]`).click();
    await page.getByTestId('sync-state').waitFor();
    // The save notice fades by itself (or already has, on a slow machine): close it so the picture
    // shows the steady state.
    await dismissNotices(page);
    await expectAccessible(page, 'offline with pending changes');
    await screenshot(page, 'offline-pending.png');
  });

  it('pending changes, with a conflict and a send that failed', async () => {
    const { page } = app;
    const server = rig.server.control;
    // Someone changes one of the edited customers in Rotor; every send fails once the app is back.
    server.updateCustomerRaw(top[2] ?? '', {
      company_name: 'Lakeside HOA',
      notes: 'Invoice the HOA office.',
    });
    server.injectFaults({ status5xx: 1, only: ['upsert'] });
    const logStart = server.requestLog().length;
    await goOnline(rig, page);
    await waitForBackoff(rig, logStart, 4);
    await statusBar(page)
      .getByRole('button', { name: /^Sync now/ })
      .click();
    await poll(() => textOf(statusBar(page))).toContain('1 to resolve');

    await pendingNav(page).click();
    await poll(() => page.getByTestId('pending-entry').count()).toBe(4);
    await page.getByTestId('pending-entry').filter({ hasText: 'Conflict' }).waitFor();
    await expectAccessible(page, 'pending changes');
    await screenshot(page, 'pending-changes.png');

    await page
      .getByTestId('pending-entry')
      .first()
      .getByRole('button', { name: 'Discard', exact: true })
      .click();
    await page.getByRole('dialog').getByRole('button', { name: 'Keep change' }).waitFor();
    await expectAccessible(page, 'discard dialog');
    await page.getByRole('dialog').getByRole('button', { name: 'Keep change' }).click();
  });

  it('conflict resolution', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Resolve conflict' }).first().click();
    const card = page.getByTestId('conflict-card');
    await card.waitFor();
    await card
      .getByRole('group', { name: 'Company' })
      .getByRole('radio', { name: /^Rotor’s now/ })
      .check();
    await expectAccessible(page, 'conflicts');
    await screenshot(page, 'conflict.png');
  });

  it('settings', async () => {
    const { page } = app;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Replace API key' }).click();
    await expectAccessible(page, 'settings');
  });

  it('dark theme', async () => {
    const { page } = app;
    rig.server.control.clearFaults();
    await page.getByRole('radio', { name: 'Dark' }).check();
    await poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expectAccessible(page, 'settings, dark');
    await goToList(page);
    await search(page, '');
    await customerList(page).locator(`[data-id="${top[2]}"]`).click();
    // Its own detail, not the one shown before: the route names it, and its conflict is shown.
    await poll(() => page.evaluate(() => location.hash)).toBe(
      `#/customers/${encodeURIComponent(top[2] ?? '')}`,
    );
    await page.getByTestId('sync-state').waitFor();
    await expectAccessible(page, 'list and conflict detail, dark');
    await customerList(page).locator(`[data-id="${top[1]}"]`).click();
    await page.getByTestId('sync-state').waitFor({ state: 'detached' });
    await expectAccessible(page, 'list and detail, dark');
    await screenshot(page, 'dark.png');
    await pendingNav(page).click();
    await page.getByTestId('pending-entry').first().waitFor();
    await expectAccessible(page, 'pending changes, dark');
    await page.getByRole('button', { name: 'Resolve conflict' }).first().click();
    await page.getByTestId('conflict-card').waitFor();
    await expectAccessible(page, 'conflicts, dark');
  });
});
