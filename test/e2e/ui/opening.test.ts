/**
 * A reload with a large book on this computer says what it is doing: how many customers are read of
 * how many, then that search is being prepared, instead of a bare "Opening your customers…".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason } from '../harness';
import { connectAndSync, searchBox, startRig } from './fixtures';
import type { AppPage, Rig } from './fixtures';

const skip = browserSkipReason();

describe.skipIf(skip !== null)(`opening a large cache${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let rig: Rig;
  let app: AppPage;
  beforeAll(async () => {
    rig = await startRig({ customers: 6_000, seed: 8 });
    app = await rig.open();
    await connectAndSync(app.page, rig);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('shows the customers read of the total, then the search being prepared', async () => {
    const { page } = app;
    // Every text the opening screen shows after the reload, in order, recorded by the page itself.
    await page.addInitScript(() => {
      const seen: string[] = [];
      Object.assign(window, { __openingSeen: seen });
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="opening"]')?.textContent?.trim();
        if (text && seen.at(-1) !== text) seen.push(text);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.reload();
    await searchBox(page).waitFor();
    const seen = await page.evaluate(() => (window as unknown as { __openingSeen: string[] }).__openingSeen);
    const total = seen.map((t) => /^Opening ([\d,]+) customers…/.exec(t)?.[1]).find(Boolean);
    expect(total, seen.join(' | ')).toMatch(/^[\d,]+$/);
    expect(seen).toContain(`Opening ${total} customers… 2,500 read`);
    expect(seen).toContain(`Preparing search for ${total} customers…`);
    expect(seen.indexOf(`Preparing search for ${total} customers…`)).toBeGreaterThan(
      seen.indexOf(`Opening ${total} customers… 2,500 read`),
    );
  });
});
