/**
 * A conflict, resolved field by field: an edit made offline waits in the outbox while someone else
 * changes the same fields in Rotor; the next full refresh finds both changes; the card shows the value
 * before, Rotor's and mine; the user takes Rotor's for one field and keeps both notes, and Rotor ends up
 * with exactly those picks. Taking Rotor's value for everything sends nothing and says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason } from '../harness';
import {
  committedUpserts,
  connectAndSync,
  customerList,
  detail,
  dismissNotices,
  displayName,
  editOpenCustomer,
  goOffline,
  goOnline,
  goToList,
  pendingCount,
  pendingNav,
  pickCustomer,
  poll,
  search,
  startRig,
  statusBar,
  textOf,
  upserts,
  waitForBackoff,
} from './fixtures';
import type { AppPage, Rig } from './fixtures';

const skip = browserSkipReason();

describe.skipIf(skip !== null)(`a conflict, resolved${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let rig: Rig;
  let app: AppPage;
  const used: string[] = [];

  beforeAll(async () => {
    rig = await startRig({ customers: 60, seed: 5 });
    app = await rig.open();
    await connectAndSync(app.page, rig);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('shows both values per field after a refresh and sends exactly the picks', async () => {
    const { page } = app;
    const server = rig.server.control;
    const target = pickCustomer(rig);
    used.push(target.id);
    const mine = { company: 'Mine Window Co', notes: 'Mine: side gate code 1234', phone: '(612) 555-0177' };
    const theirs = { company: 'Theirs Window Co', notes: 'Theirs: call before arriving' };

    await goOffline(rig, page);
    await search(page, target.email ?? '');
    await customerList(page).getByRole('option').first().click();
    await editOpenCustomer(page, { Company: mine.company, Notes: mine.notes, Phone: mine.phone });
    await poll(() => pendingCount(page)).toBe(1);

    // Someone else edits the same customer in Rotor meanwhile.
    server.updateCustomerRaw(target.id, { company_name: theirs.company, notes: theirs.notes });

    // Back online, Rotor answers every send with a 500 for now, so the edit is still queued (backing
    // off) when "Sync now" reads Rotor's new values.
    server.injectFaults({ status5xx: 1, only: ['upsert'] });
    const logStart = server.requestLog().length;
    await goOnline(rig, page);
    await waitForBackoff(rig, logStart, 1);
    await statusBar(page)
      .getByRole('button', { name: /^Sync now/ })
      .click();
    await poll(() => textOf(statusBar(page))).toContain('1 to resolve');
    server.clearFaults();

    const state = page.getByTestId('sync-state');
    await poll(() => textOf(state)).toContain('Rotor’s copy changed while your edit was waiting.');
    await expect(textOf(customerList(page).getByRole('option').first())).resolves.toContain('Conflict');

    await pendingNav(page).click();
    const entry = page.getByTestId('pending-entry');
    await poll(() => textOf(entry)).toContain('After you resolve the conflict');
    // The 500 before the refresh is history: a conflict is not "tried again automatically".
    await expect(textOf(entry)).resolves.not.toContain('tried again automatically');
    await entry.getByRole('button', { name: 'Resolve conflict' }).click();
    const card = page.getByTestId('conflict-card');
    await card.waitFor();
    const company = card.getByRole('group', { name: 'Company' });
    const notes = card.getByRole('group', { name: 'Notes' });
    // Only the fields both sides changed are asked about; the phone goes as edited.
    await expect(card.getByRole('group').count()).resolves.toBe(2);
    await expect(textOf(company)).resolves.toContain(target.company_name ?? '—');
    // Before, Rotor's and mine, each labelled.
    await expect(textOf(company)).resolves.toContain(
      `Before (when you started editing): ${target.company_name ?? 'not set'}`,
    );
    await expect(textOf(company.getByRole('radio', { name: /^Mine/ }).locator('..'))).resolves.toContain(
      mine.company,
    );
    await expect(
      textOf(company.getByRole('radio', { name: /^Rotor’s now/ }).locator('..')),
    ).resolves.toContain(theirs.company);
    // Every field starts on "mine"; a new value can be typed; notes can keep both, Rotor's first.
    await expect(company.getByRole('radio', { name: /^Mine/ }).isChecked()).resolves.toBe(true);
    await expect(notes.getByRole('radio', { name: /^Mine/ }).isChecked()).resolves.toBe(true);
    await expect(company.getByRole('radio', { name: /^Type a new value/ }).count()).resolves.toBe(1);
    await expect(company.getByRole('radio', { name: /^Keep both/ }).count()).resolves.toBe(0);
    const both = notes.getByRole('radio', { name: /^Keep both/ });
    await expect(textOf(both.locator('..'))).resolves.toMatch(
      new RegExp(`${theirs.notes}\\s+———\\s+${mine.notes}`),
    );
    await expect(textOf(card)).resolves.toContain('Also in this change, sent as you edited: Phone.');

    await company.getByRole('radio', { name: /^Rotor’s now/ }).check();
    await both.check();
    const before = upserts(server.requestLog()).length;
    await card.getByRole('button', { name: 'Resolve and send' }).click();

    await poll(() => server.getCustomer(target.id)).toMatchObject({
      company_name: theirs.company,
      notes: `${theirs.notes}\n\n———\n\n${mine.notes}`,
      phone: mine.phone,
    });
    await poll(() => textOf(pendingNav(page))).toBe('Pending changes 0');
    await poll(() => textOf(statusBar(page))).not.toContain('to resolve');
    const sent = upserts(server.requestLog()).slice(before);
    expect(committedUpserts(sent)).toHaveLength(1);
    expect(sent).toHaveLength(1);
    await poll(() => textOf(detail(page))).toContain(theirs.company);
    await expect(textOf(detail(page))).resolves.toContain(mine.notes);
    await expect(page.getByTestId('sync-state').count()).resolves.toBe(0);
  });

  it('taking Rotor’s value for every field sends nothing and says so, not "sending"', async () => {
    const { page } = app;
    const server = rig.server.control;
    const target = pickCustomer(rig, used);
    await goOffline(rig, page);
    await goToList(page);
    await search(page, target.email ?? '');
    await customerList(page).getByRole('option').first().click();
    await editOpenCustomer(page, { Company: 'Mine Gutters' });
    server.updateCustomerRaw(target.id, { company_name: 'Theirs Gutters' });
    server.injectFaults({ status5xx: 1, only: ['upsert'] });
    const logStart = server.requestLog().length;
    await goOnline(rig, page);
    await waitForBackoff(rig, logStart, 1);
    await statusBar(page)
      .getByRole('button', { name: /^Sync now/ })
      .click();
    await poll(() => textOf(statusBar(page))).toContain('1 to resolve');
    server.clearFaults();

    await pendingNav(page).click();
    await page.getByTestId('pending-entry').getByRole('button', { name: 'Resolve conflict' }).click();
    const card = page.getByTestId('conflict-card');
    await card.waitFor();
    await dismissNotices(page);
    await card
      .getByRole('group', { name: 'Company' })
      .getByRole('radio', { name: /^Rotor’s now/ })
      .check();
    await card.getByTestId('nothing-to-send').waitFor();
    const before = upserts(server.requestLog()).length;
    await card.getByRole('button', { name: 'Use Rotor’s values' }).click();

    // One wait for the whole sentence: the toast goes by itself, so it is not read twice. Its exact
    // words leave no room for "sending".
    await page
      .getByText(`Conflict resolved: nothing to send — ${displayName(target)} now matches Rotor.`, {
        exact: true,
      })
      .waitFor();
    await poll(() => pendingCount(page)).toBe(0);
    await poll(() => textOf(detail(page))).toContain('Theirs Gutters');
    expect(upserts(server.requestLog())).toHaveLength(before);
  });
});
