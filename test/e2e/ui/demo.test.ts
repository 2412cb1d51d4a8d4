/**
 * The demo-data path: no key, made-up customers from the host's own in-process Rotor server, a switch
 * that simulates losing the connection, and a way back to onboarding. Nothing reaches the real Rotor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason } from '../harness';
import {
  connectivity,
  customerList,
  detail,
  editOpenCustomer,
  pendingCount,
  poll,
  startRig,
  statusBar,
  textOf,
  waitForSynced,
} from './fixtures';
import type { AppPage, Rig } from './fixtures';

const skip = browserSkipReason();

describe.skipIf(skip !== null)(`demo data${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let rig: Rig;
  let app: AppPage;

  beforeAll(async () => {
    rig = await startRig({ customers: 20, seed: 3 });
    app = await rig.open();
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('starts from onboarding with "Try with demo data" and fills the list', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Try with demo data' }).click();
    const banner = page.getByTestId('demo-banner');
    await banner.waitFor();
    await expect(textOf(banner)).resolves.toContain('Demo data — nothing is sent to Rotor');
    const demo = await page.evaluate(() => window.rotor.demo.status());
    expect(demo).toMatchObject({ ok: true, data: { active: true, reachable: true } });
    const total = demo.ok ? demo.data.customers : 0;
    expect(total).toBeGreaterThan(0);
    // Archived customers stay out of the list (the setting's default), so the list shows what Rotor's
    // own listing counts.
    // Main answers only for the account whose cache asks; the demo's is "demo".
    const listed = await page.evaluate(() =>
      window.rotor.customers.list({ accountId: 'demo', page: 1, limit: 1 }),
    );
    const live = listed.ok ? listed.data.pagination.total : -1;
    expect(live).toBeGreaterThan(0);
    expect(live).toBeLessThanOrEqual(total);
    await waitForSynced(page, live);
    await customerList(page).getByRole('option').first().waitFor();
  });

  let editedId = '';
  const note = 'Demo edit made with no connection';

  it('simulates no connection: offline is shown, and an edit waits as pending', async () => {
    const { page } = app;
    await page.getByRole('switch', { name: 'Simulate no connection' }).check();
    await poll(() => page.evaluate(() => window.rotor.demo.status())).toMatchObject({
      ok: true,
      data: { reachable: false },
    });
    await poll(() => connectivity(page)).toMatch(/^Offline/);

    const row = customerList(page).getByRole('option').first();
    editedId = (await row.getAttribute('data-id')) ?? '';
    await row.click();
    await editOpenCustomer(page, { Notes: note });
    await poll(() => pendingCount(page)).toBe(1);
    await poll(() => textOf(page.getByTestId('sync-state'))).toMatch(/Saved on this computer/);
    await poll(() => textOf(customerList(page).locator(`[data-id="${editedId}"]`))).toContain('Pending');
  });

  it('sends the edit once the switch is turned off', async () => {
    const { page } = app;
    await page.getByRole('switch', { name: 'Simulate no connection' }).uncheck();
    await poll(() => connectivity(page)).toBe('Online');
    await poll(() => pendingCount(page)).toBe(0);
    await poll(() => textOf(customerList(page).locator(`[data-id="${editedId}"]`))).not.toContain('Pending');
    await expect(textOf(detail(page))).resolves.toContain(note);
    // The demo server (inside the host) holds the edit.
    const stored = await page.evaluate(
      (id) => window.rotor.customers.get({ accountId: 'demo', id }),
      editedId,
    );
    expect(stored).toMatchObject({ ok: true, data: { id: editedId, notes: note } });
  });

  it('"Leave demo" returns to onboarding, and nothing was ever sent to the real Rotor', async () => {
    const { page } = app;
    await page.getByTestId('demo-banner').getByRole('button', { name: 'Leave demo' }).click();
    await page.getByRole('heading', { name: 'Connect Rotor Desk to Rotor' }).waitFor();
    await expect(statusBar(page).count()).resolves.toBe(0);
    await expect(page.evaluate(() => window.rotor.demo.status())).resolves.toMatchObject({
      ok: true,
      data: { active: false },
    });
    // Only connectivity's keyless probes (HEAD /, no key, no data) ever reached it.
    const sent = rig.server.control.requestLog();
    expect(sent.filter((e) => !(e.method === 'HEAD' && e.path === '/' && e.apiKeyHint === null))).toEqual([]);
  });
});
