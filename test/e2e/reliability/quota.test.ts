/**
 * The user-facing part of the daily quota, in Chromium through the host: when Rotor says the budget is
 * spent, the status bar says when it resets, sending pauses (visibly: the main window's banner says why,
 * how many changes are kept and when sending resumes), and nothing more is sent —
 * neither the queued edit, a new edit, a "Sync now" nor a one-customer refresh. The host has no clock
 * to move, so the resume after 00:00 UTC is proven in test/main/reliability/quota.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_API_KEY, startRotorServer } from '../../../electron/main/simulation/server';
import type { RotorServer } from '../../../electron/main/simulation/server';
import { browserSkipReason, launchBrowser, startHost } from '../harness';
import type { RunningHost } from '../harness';
import { connectThroughOnboarding, eventually, pendingCount } from './helpers';

const skip = browserSkipReason();
const DAY = 86_400_000;

describe.skipIf(skip !== null)(`the daily quota in the UI${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let server: RotorServer;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startRotorServer({ customers: 30, seed: 12 });
    host = await startHost({ rotorUrl: server.url });
    browser = await launchBrowser();
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC' });
    page = await context.newPage();
    await page.goto(host.url);
    await connectThroughOnboarding(page, DEMO_API_KEY);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await server?.close();
  });

  async function editNotes(id: string, notes: string): Promise<void> {
    await page.evaluate((hash) => (location.hash = hash), `#/edit/${encodeURIComponent(id)}`);
    await page.getByTestId('customer-form').waitFor();
    await page.getByLabel('Notes', { exact: true }).fill(notes);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByTestId('customer-form').waitFor({ state: 'detached' });
  }

  it('shows when the quota resets, pauses sending, and sends nothing more', async () => {
    const [first, second] = server.control.customers().filter((c) => !c.archived);
    if (!first || !second) throw new Error('seed too small');
    // Rotor's budget for the key is spent from the next request on.
    server.control.setQuota(server.control.quotaUsed(DEMO_API_KEY));
    server.control.clearLog();
    const spentAt = Date.now();

    await editNotes(first.id, 'sent into a spent quota');
    const quota = page.getByTestId('quota');
    await eventually(
      async () => (await quota.innerText()).includes('limit reached'),
      'the status bar shows the limit',
    );

    // The reset is the next 00:00 UTC (always within a day), and the status bar shows that moment in
    // the user's own format, with who reported the limit: Rotor, since this app sent far fewer.
    const state = await page.evaluate(() => window.rotor.quota.get());
    if (!state.ok) throw new Error(state.error.message);
    const reset = (Math.floor(spentAt / DAY) + 1) * DAY;
    expect(state.data.exhausted).toBe(true);
    expect(state.data.remaining).toBe(0);
    expect(state.data.resetsAt).toBe(new Date(reset).toISOString());
    const shown = await page.evaluate(
      (ms) => new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(ms),
      reset,
    );
    expect(await quota.innerText()).toContain(`Rotor: limit reached, resumes ${shown}`);
    await eventually(
      async () => (await page.getByTestId('top-banner').getAttribute('data-kind')) === 'quota',
      'the main window shows that sending is paused',
    );
    expect(await pendingCount(page)).toBe(1);

    // Nothing more goes out: another edit, Sync now (disabled, with the reason), refreshing one customer.
    await editNotes(second.id, 'typed while the quota is spent');
    expect(await pendingCount(page)).toBe(2);

    // The banner says why, what is kept and when it resumes; there is nothing to press.
    const banner = page.getByTestId('top-banner');
    await eventually(
      async () => (await banner.innerText()).includes('2 changes are kept'),
      'the banner counts both changes',
    );
    const bannerText = await banner.innerText();
    expect(bannerText).toContain('today’s 1,000 API requests are used up');
    expect(bannerText).toMatch(/Sending resumes at .+ \(00:00 UTC\)/);
    expect(await banner.getByRole('button').count()).toBe(0);
    const sync = page.getByRole('button', { name: /^Sync now/ });
    expect(await sync.isDisabled()).toBe(true);
    expect(await sync.getAttribute('title')).toMatch(/used up/);
    await page.evaluate((hash) => (location.hash = hash), `#/customers/${encodeURIComponent(first.id)}`);
    await page.getByRole('button', { name: /^Refresh from Rotor/ }).click();
    // One read of the error toast for both: it goes by itself.
    await eventually(async () => {
      const told = await page.getByTestId('error-notice').innerText();
      return /Could not refresh/.test(told) && told.includes('1,000 API requests are used up');
    }, 'the refresh is refused, saying why');

    const sent = server.control.requestLog().filter((e) => e.apiKeyHint !== null);
    expect(sent.map((e) => [e.method, e.path, e.status])).toEqual([['POST', '/customers', 429]]);
    expect(server.control.getCustomer(first.id)?.notes).toBe(first.notes);
  });
});
