/**
 * Delivery confirmed, in Chromium through the host: two customers edited in the demo with no
 * connection go out when it comes back, with exactly one toast for the run, "Sent <time>" on the
 * customer and both listed, with what changed, in Pending changes' Sent section.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSkipReason } from '../harness';
import {
  connectivity,
  customerList,
  detail,
  editOpenCustomer,
  pendingCount,
  pendingNav,
  poll,
  describeViolations,
  screenshot,
  seriousViolations,
  SMALL_VIEWPORT,
  startRig,
  textOf,
  VIEWPORT,
  waitForSynced,
} from './fixtures';
import type { AppPage, Rig } from './fixtures';

const skip = browserSkipReason();

type ToastLog = { toasts: string[] };

/** Records the text of every toast as it appears, so a test can count them after the fact. */
async function recordToasts(page: Page): Promise<void> {
  await page.evaluate(() => {
    const log = window as unknown as ToastLog;
    log.toasts = [];
    const region = document.querySelector('[data-testid="notice"]');
    if (!region) throw new Error('no notice region');
    new MutationObserver((records) => {
      for (const r of records)
        for (const node of r.addedNodes)
          if (node instanceof HTMLElement && node.classList.contains('toast'))
            log.toasts.push((node.querySelector('span')?.textContent ?? '').trim());
    }).observe(region, { childList: true, subtree: true });
  });
}

const sentToasts = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as ToastLog).toasts.filter((t) => t.includes('sent to Rotor')));

describe.skipIf(skip !== null)(`delivery confirmed${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let rig: Rig;
  let app: AppPage;

  beforeAll(async () => {
    rig = await startRig({ customers: 20, seed: 5 });
    app = await rig.open();
    const { page } = app;
    await page.getByRole('button', { name: 'Try with demo data' }).click();
    await page.getByTestId('demo-banner').waitFor();
    const listed = await page.evaluate(() =>
      window.rotor.customers.list({ accountId: 'demo', page: 1, limit: 1 }),
    );
    await waitForSynced(page, listed.ok ? listed.data.pagination.total : -1);
  });
  afterAll(async () => {
    await rig?.close();
  });

  const edited: { id: string; name: string }[] = [];

  it('two customers edited with no connection wait, and nothing is said to be sent', async () => {
    const { page } = app;
    await page.getByRole('switch', { name: 'Simulate no connection' }).check();
    await poll(() => connectivity(page)).toMatch(/^Offline/);
    await recordToasts(page);
    const edits: Record<string, string>[] = [
      { Notes: 'Gate code 4417, dog in the yard' },
      { Company: 'Lakeside Lawn Co', Notes: 'Call before arriving' },
    ];
    for (const [i, values] of edits.entries()) {
      const row = customerList(page).getByRole('option').nth(i);
      const id = (await row.getAttribute('data-id')) ?? '';
      await row.click();
      await detail(page).waitFor();
      edited.push({ id, name: await textOf(page.locator('#detail-name')) });
      await editOpenCustomer(page, values);
    }
    await poll(() => pendingCount(page)).toBe(2);
    await expect(detail(page).getByTestId('sent-at').count()).resolves.toBe(0);
    expect(await sentToasts(page)).toEqual([]);
  });

  it('coming back sends both, with one toast for the run', async () => {
    const { page } = app;
    await page.getByRole('switch', { name: 'Simulate no connection' }).uncheck();
    await poll(() => connectivity(page)).toBe('Online');
    await poll(() => pendingCount(page)).toBe(0);
    await poll(() => sentToasts(page)).toEqual(['2 changes sent to Rotor']);
    // The customer open now, and the other one, say when Rotor took their change.
    await poll(() => textOf(detail(page).getByTestId('sent-at'))).toMatch(/^✓ Sent \d{1,2}:\d{2} [AP]M$/);
    await customerList(page).locator(`[data-id="${edited[0]?.id}"]`).click();
    await poll(() => textOf(page.locator('#detail-name'))).toBe(edited[0]?.name);
    await poll(() => textOf(detail(page).getByTestId('sent-at'))).toMatch(/^✓ Sent \d{1,2}:\d{2} [AP]M$/);
  });

  it('Pending changes lists both in its Sent section, with what changed and what it cost', async () => {
    const { page } = app;
    await pendingNav(page).click();
    const sent = page.getByTestId('sent-list');
    await sent.waitFor();
    const rows = sent.getByTestId('sent-row');
    await poll(() => rows.count()).toBe(2);
    const cells = async (i: number) =>
      (await rows.nth(i).locator('th, td').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
    // Newest first: the second edit went last or alongside the first.
    const all = [await cells(0), await cells(1)].sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
    const byName = (name: string | undefined) => all.find((r) => r[0]?.startsWith(name ?? '?'));
    expect(byName(edited[0]?.name)?.slice(1, 2)).toEqual(['Notes']);
    expect(byName(edited[1]?.name)?.slice(1, 2)).toEqual(['Company, Notes']);
    for (const r of all) {
      expect(r[0]).toMatch(/Edit$/);
      expect(r[2]).toMatch(/^\d{1,2}:\d{2} [AP]M$/);
      expect(r[3]).toMatch(/^[12]$/);
    }
    await expect(textOf(sent)).resolves.toContain('2 changes on Rotor since midnight');
    expect(await sentToasts(page)).toEqual(['2 changes sent to Rotor']);
    await screenshot(page, 'pending-sent');
    for (const size of [VIEWPORT, SMALL_VIEWPORT]) {
      await page.setViewportSize(size);
      const violations = await seriousViolations(page);
      expect(violations, describeViolations(`Sent section ${size.width}`, violations)).toEqual([]);
    }
    await page.setViewportSize(VIEWPORT);
    expect(app.errors).toEqual([]);
  });
});
