/**
 * Reachability found out, not assumed: the host launched while Rotor is unreachable says Offline
 * within 5 s (footer and top banner), notices Rotor coming back within 20 s with nobody pressing
 * anything, and a window reloaded after Rotor went away does not keep saying Online. Screen readers
 * hear each change once, from the one polite region.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startRotorServer } from '../../../electron/main/simulation/server';
import type { RotorServer } from '../../../electron/main/simulation/server';
import { browserSkipReason, launchBrowser, startHost } from '../harness';
import type { RunningHost } from '../harness';
import { connectWithKey, connectivity, poll, statusBar, textOf, VIEWPORT, waitForSynced } from './fixtures';

const skip = browserSkipReason();

/** Resolves once the footer reads `state`, failing after `timeout` ms (a web-first wait, no sleep). */
async function footerSays(page: Page, state: 'Online' | 'Offline', timeout: number): Promise<void> {
  await page.waitForFunction(
    (want) =>
      (document.querySelector('[data-testid="connectivity"]')?.textContent ?? '').trim().startsWith(want),
    state,
    { timeout, polling: 50 },
  );
}

describe.skipIf(skip !== null)(`reachability${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let server: RotorServer;
  let host: RunningHost;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const profile = mkdtempSync(join(tmpdir(), 'rotor-reach-'));

  async function openPage(): Promise<void> {
    await context?.close();
    context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US', timezoneId: 'UTC' });
    context.setDefaultTimeout(20_000);
    // Every label the footer's connectivity shows, from the first paint on: it must never claim Online
    // before an answer says so.
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { seenConnectivity: string[] }).seenConnectivity = seen;
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="connectivity"]')?.textContent?.trim();
        if (text && seen.at(-1) !== text) seen.push(text);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    page = await context.newPage();
    await page.goto(host.url);
  }

  const seen = (): Promise<string[]> =>
    page.evaluate(() => (window as unknown as { seenConnectivity: string[] }).seenConnectivity);

  beforeAll(async () => {
    server = await startRotorServer({ customers: 20, seed: 31 });
    host = await startHost({ rotorUrl: server.url, profile });
    browser = await launchBrowser();
    await openPage();
    await connectWithKey(page);
    await waitForSynced(page, server.control.customerCount());
  });
  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await host?.stop();
    await server?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('launched with Rotor unreachable: Offline within 5 s, in the footer and the top banner', async () => {
    await host.stop();
    server.control.setReachable(false);
    host = await startHost({ rotorUrl: server.url, profile });
    await openPage();
    await statusBar(page).waitFor();
    await footerSays(page, 'Offline', 5_000);
    // Checking… until main's first answer, then Offline: never a green Online on the way.
    expect(await seen()).not.toContain('Online');
    const banner = page.getByTestId('top-banner');
    expect(await banner.getAttribute('data-kind')).toBe('offline');
    expect(await textOf(banner)).toContain('Offline: Rotor can’t be reached.');
    await banner.getByRole('button', { name: 'Check now' }).waitFor();
    await poll(() => textOf(page.getByTestId('connection-announcer'))).toBe(
      'Offline: Rotor can’t be reached. Changes are kept on this computer.',
    );
  });

  it('notices Rotor coming back within 20 s, with nobody pressing Check now', async () => {
    server.control.setReachable(true);
    await footerSays(page, 'Online', 20_000);
    await page.getByTestId('top-banner').waitFor({ state: 'detached' });
    expect(await textOf(page.getByTestId('connection-announcer'))).toBe('Back online: Rotor can be reached.');
  });

  it('a window reloaded after Rotor went away says Offline within 5 s, not a stale Online', async () => {
    expect(await connectivity(page)).toBe('Online');
    server.control.setReachable(false);
    await page.reload();
    await statusBar(page).waitFor();
    await footerSays(page, 'Offline', 5_000);
    server.control.setReachable(true);
    await footerSays(page, 'Online', 20_000);
  });
});
