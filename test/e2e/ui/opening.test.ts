/**
 * A reload with a large book on this computer shows the list's first screen at once and reads the
 * rest behind it: the count line says how many customers are read of how many, a search typed
 * meanwhile answers over what is read and says so, and the plain count returns once all are in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason } from '../harness';
import { connectAndSync, poll, resultCount, searchBox, startRig, textOf } from './fixtures';
import type { AppPage, Rig } from './fixtures';

const skip = browserSkipReason();

interface Seen {
  text: string;
  rows: boolean;
}

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

  it('shows the first rows while the rest is read, and a search meanwhile says it is partial', async () => {
    const { page } = app;
    const total = await textOf(resultCount(page));
    // Every count line the page shows after the reload, recorded by the page itself with whether rows
    // were in the list; a search is typed the moment the first row shows (as a user would).
    await page.addInitScript(() => {
      const seen: { text: string; rows: boolean }[] = [];
      let typed = false;
      Object.assign(window, { __countSeen: seen });
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="result-count"]')?.textContent?.trim();
        const rows = !!document.querySelector('#customer-listbox [role="option"]');
        if (text && seen.at(-1)?.text !== text) seen.push({ text, rows });
        const input = document.getElementById('customer-search') as HTMLInputElement | null;
        if (rows && input && !typed) {
          typed = true;
          input.value = 'a';
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }
      }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await page.reload();
    await searchBox(page).waitFor();
    await poll(() => textOf(resultCount(page))).toMatch(/^[\d,]+ of [\d,]+ customers$/);
    const seen = await page.evaluate(() => (window as unknown as { __countSeen: Seen[] }).__countSeen);
    const log = seen.map((s) => `${s.text}${s.rows ? ' [rows]' : ''}`).join(' | ');
    const n = /^([\d,]+) customers$/.exec(total)?.[1] ?? '';
    expect(n, total).toMatch(/^[\d,]+$/);
    // Rows were on screen before every customer was read.
    const partial = seen.find(
      (s) => s.rows && /^Results so far: [\d,]+ match(es)? in [\d,]+ of /.test(s.text),
    );
    expect(partial, log).toBeDefined();
    expect(partial?.text, log).toMatch(new RegExp(`in [\\d,]+ of ${n} customers \\(still opening\\)$`));
    const readSoFar = Number(/in ([\d,]+) of/.exec(partial?.text ?? '')?.[1]?.replace(/,/g, ''));
    expect(readSoFar).toBeLessThan(Number(n.replace(/,/g, '')));
    expect(seen.at(-1)?.text, log).toMatch(new RegExp(`^[\\d,]+ of ${n} customers$`));
    await searchBox(page).fill('');
    await poll(() => textOf(resultCount(page))).toBe(total);
  });
});
