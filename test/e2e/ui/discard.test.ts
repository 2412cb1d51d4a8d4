/**
 * Discarding queued changes: an edit made offline is dropped from Pending changes, the customer goes
 * back to Rotor's values, a discarded new customer disappears, and nothing of either is ever sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason } from '../harness';
import {
  committedUpserts,
  connectAndSync,
  counts,
  createCustomer,
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
  textOf,
  upserts,
} from './fixtures';
import type { AppPage, Rig } from './fixtures';

const skip = browserSkipReason();

describe.skipIf(skip !== null)(`discarding a change${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let rig: Rig;
  let app: AppPage;

  beforeAll(async () => {
    rig = await startRig({ customers: 60, seed: 9 });
    app = await rig.open();
    await connectAndSync(app.page, rig);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('rolls the customer back to Rotor’s values and sends nothing', async () => {
    const { page } = app;
    const server = rig.server.control;
    const target = pickCustomer(rig);
    const other = pickCustomer(rig, [target.id]);
    const logStart = server.requestLog().length;

    await goOffline(rig, page);
    await search(page, target.email ?? '');
    await customerList(page).getByRole('option').first().click();
    await editOpenCustomer(page, { Company: 'Discard Me LLC', Notes: 'Discard me too' });
    await poll(() => textOf(detail(page))).toContain('Discard Me LLC');
    await createCustomer(page, { 'First name': 'Temporary', 'Last name': 'Walkin', Phone: '(503) 555-0110' });
    await poll(() => pendingCount(page)).toBe(2);

    await pendingNav(page).click();
    const entries = page.getByTestId('pending-entry');
    await poll(() => entries.count()).toBe(2);
    const edit = entries.filter({ hasText: 'Discard Me LLC' });
    const create = entries.filter({ hasText: 'Temporary Walkin' });

    // "Keep change" leaves it queued.
    await edit.getByRole('button', { name: 'Discard', exact: true }).click();
    let dialog = page.getByRole('dialog');
    await expect(textOf(dialog)).resolves.toContain('goes back to Rotor’s values');
    await dialog.getByRole('button', { name: 'Keep change' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect(entries.count()).resolves.toBe(2);

    await edit.getByRole('button', { name: 'Discard', exact: true }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Discard change' }).click();
    await poll(() => entries.count()).toBe(1);
    await poll(() => textOf(page.getByTestId('notice'))).toContain('Change discarded');

    await create.getByRole('button', { name: 'Discard', exact: true }).click();
    dialog = page.getByRole('dialog');
    await expect(textOf(dialog)).resolves.toContain('Discarding removes it from this computer');
    await dialog.getByRole('button', { name: 'Discard change' }).click();
    await poll(() => entries.count()).toBe(0);
    await poll(() => pendingCount(page)).toBe(0);
    await poll(() => textOf(page.getByRole('heading', { name: 'All changes are synced' }))).toBe(
      'All changes are synced',
    );

    // Back to Rotor's values, and the new customer is gone.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Customers', exact: true })
      .click();
    await search(page, target.email ?? '');
    await customerList(page).getByRole('option').first().click();
    await poll(() => textOf(detail(page))).not.toContain('Discard Me LLC');
    if (target.company_name) await expect(textOf(detail(page))).resolves.toContain(target.company_name);
    await expect(page.getByTestId('sync-state').count()).resolves.toBe(0);
    await expect(textOf(customerList(page).getByRole('option').first())).resolves.not.toContain('Pending');
    await search(page, 'Temporary Walkin');
    await poll(() => counts(page)).toMatchObject({ shown: 0 });

    // Online again: the next change sent is the only one. Replay is single-flight and sends the whole
    // outbox in each pass, so had anything discarded survived it would have gone before this one.
    await goOnline(rig, page);
    await search(page, other.email ?? '');
    await customerList(page).getByRole('option').first().click();
    await editOpenCustomer(page, { Notes: 'Sent after the discard' });
    await poll(() => server.getCustomer(other.id)?.notes).toBe('Sent after the discard');
    const sent = upserts(server.requestLog().slice(logStart));
    expect(sent).toHaveLength(1);
    expect(committedUpserts(sent)).toHaveLength(1);
    expect(server.getCustomer(target.id)).toMatchObject({
      company_name: target.company_name,
      notes: target.notes,
    });
    expect(server.customers().filter((c) => c.last_name === 'Walkin')).toEqual([]);
  });
});
