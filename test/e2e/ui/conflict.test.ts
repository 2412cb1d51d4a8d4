/**
 * A conflict, resolved field by field: an edit made offline waits in the outbox while someone else
 * changes the same fields in Rotor; the next full refresh finds both changes, the user keeps theirs
 * for one field and mine for another, and Rotor ends up with exactly those picks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason } from '../harness';
import {
  committedUpserts,
  connectAndSync,
  customerList,
  detail,
  editOpenCustomer,
  goOffline,
  goOnline,
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
    await expect(textOf(company.getByRole('radio', { name: /^Mine/ }).locator('..'))).resolves.toContain(
      mine.company,
    );
    await expect(
      textOf(company.getByRole('radio', { name: /^Theirs \(Rotor now\)/ }).locator('..')),
    ).resolves.toContain(theirs.company);
    // Every field starts on "mine".
    await expect(company.getByRole('radio', { name: /^Mine/ }).isChecked()).resolves.toBe(true);
    await expect(notes.getByRole('radio', { name: /^Mine/ }).isChecked()).resolves.toBe(true);

    await company.getByRole('radio', { name: /^Theirs \(Rotor now\)/ }).check();
    const before = upserts(server.requestLog()).length;
    await card.getByRole('button', { name: 'Resolve and send' }).click();

    await poll(() => server.getCustomer(target.id)).toMatchObject({
      company_name: theirs.company,
      notes: mine.notes,
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
});
