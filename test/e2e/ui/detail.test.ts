/**
 * The detail laid out for the field and the list rows, in Chromium through the host: rows at 1024×640
 * keep the whole phone however many tags a customer has, warning tags are flagged in rows, search
 * results and the detail, Copy puts the phone on the clipboard (or selects it when refused), "Add
 * phone" opens the form on the phone field, and a warning tag added in Settings flags rows at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSkipReason } from '../harness';
import {
  connectAndSync,
  customerList,
  detail,
  detailName,
  goToList,
  poll,
  screenshot,
  search,
  SMALL_VIEWPORT,
  startRig,
  textOf,
  VIEWPORT,
} from './fixtures';
import type { AppPage, Rig } from './fixtures';

const skip = browserSkipReason();

const LONG_NAME = 'Bartholomew Alexander Montgomery-Fitzwilliam of Lakeside Hts';
const PHONE = '(651) 940-1234';
const MANY_TAGS = [
  'window-cleaning',
  'gutters',
  'pressure-washing',
  'christmas-lights',
  'solar-panels',
  'dog',
  'commercial',
  'do-not-service',
];

/** Every rendered row's phone: its text, and whether it is cut (wider than its box). */
async function rowPhones(page: Page): Promise<{ text: string; cut: boolean; id: string }[]> {
  return page.$$eval('[data-testid="customer-row"]', (rows) =>
    rows.flatMap((row) => {
      const phone = row.querySelector<HTMLElement>('[data-testid="row-phone"]');
      if (!phone) return [];
      const box = phone.getBoundingClientRect();
      const rowBox = row.getBoundingClientRect();
      return [
        {
          id: row.getAttribute('data-id') ?? '',
          text: phone.textContent ?? '',
          cut: phone.scrollWidth > phone.clientWidth || box.right > rowBox.right,
        },
      ];
    }),
  );
}

/** The chips a row shows (not the ones on its hidden line): text, and whether cut or outside the row. */
async function shownChips(page: Page, id: string): Promise<{ text: string; cut: boolean }[]> {
  return page.$eval(`[data-testid="customer-row"][data-id="${id}"]`, (row) => {
    const rowBox = row.getBoundingClientRect();
    return Array.from(row.querySelectorAll<HTMLElement>('.chip'))
      .filter((chip) => !chip.closest('.gone'))
      .map((chip) => {
        const label = chip.querySelector<HTMLElement>('.chip-label');
        const box = chip.getBoundingClientRect();
        // The text's own width against its box, to the fraction of a pixel an ellipsis needs ("+N" has none).
        const range = document.createRange();
        if (label) range.selectNodeContents(label);
        const ellipsis =
          !!label && range.getBoundingClientRect().width > label.getBoundingClientRect().width + 0.01;
        return {
          text: (chip.textContent ?? '').trim(),
          cut: ellipsis || box.right > rowBox.right + 0.01 || box.left < rowBox.left - 0.01,
        };
      });
  });
}

describe.skipIf(skip !== null)(
  `the detail and rows for the field${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let rig: Rig;
    let app: AppPage;
    let manyId: string;
    let bareId: string;

    beforeAll(async () => {
      rig = await startRig({ customers: 40, seed: 14 });
      const many = rig.server.control.addCustomer({
        first_name: LONG_NAME,
        last_name: null,
        company_name: 'Lakeside Window Cleaning & Pressure Washing Co.',
        phone: PHONE,
        email: 'bart@example.com',
        property_street1: '4821 Ridge Rd',
        property_city: 'Minneapolis',
        property_state: 'MN',
        property_zip: '55401',
        tags: MANY_TAGS,
        notes: 'Gate code 4821#\nDog in backyard — please call ahead.',
      });
      manyId = many.id;
      bareId = rig.server.control.addCustomer({
        first_name: 'Zed',
        last_name: 'Bare',
        company_name: null,
        phone: null,
        email: null,
        tags: [],
      }).id;
      app = await rig.open({
        beforeLoad: (context) =>
          context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: rig.host.origin }),
      });
      await connectAndSync(app.page, rig);
    });
    afterAll(async () => {
      await rig?.close();
    });

    for (const size of [SMALL_VIEWPORT, VIEWPORT]) {
      it(`keeps every row's phone whole at ${size.width}×${size.height}, tags giving way to +N`, async () => {
        const { page } = app;
        await page.setViewportSize(size);
        await search(page, '');
        await poll(async () => (await rowPhones(page)).length).toBeGreaterThan(3);
        const byId = new Map(rig.server.control.customers().map((c) => [c.id, c]));
        // The list draws only the rows near its scroll position: step through all of it.
        const checked = new Set<string>();
        const listbox = customerList(page);
        for (let top = 0; ; top += 300) {
          const { end, last } = await listbox.evaluate((el, t) => {
            el.scrollTop = t;
            const row = el.querySelector<HTMLElement>('[role="option"]');
            const rowHeight = row?.offsetHeight || 60;
            return {
              end: el.scrollTop + el.clientHeight >= el.scrollHeight,
              // The last row in view: the previous position's rows can hold the first one.
              last: Math.ceil((el.scrollTop + el.clientHeight) / rowHeight),
            };
          }, top);
          // The rows drawn for this position, not the last one's still in the DOM, and drawn whole:
          // steps this quick skim the list, and rows drawn while skimming wait to show their phones.
          await poll(() =>
            listbox.evaluate(
              (el, n) =>
                el.querySelector(`[role="option"][aria-posinset="${n}"]`) !== null &&
                el.querySelector('.brief') === null,
              last,
            ),
          ).toBe(true);
          for (const phone of await rowPhones(page)) {
            if (checked.has(phone.id)) continue;
            checked.add(phone.id);
            expect(phone.cut, phone.text).toBe(false);
            expect(phone.text).toBe(byId.get(phone.id)?.phone?.trim());
            // Every chip a row shows is whole: none ends in "…" or runs past the row.
            await poll(async () => (await shownChips(page, phone.id)).filter((c) => c.cut)).toEqual([]);
          }
          if (end) break;
        }
        expect(checked.size).toBe([...byId.values()].filter((c) => !c.archived && c.phone?.trim()).length);
        await listbox.evaluate((el) => (el.scrollTop = 0));
        if (size === SMALL_VIEWPORT) await screenshot(page, 'list-rows');
        // The customer with eight tags: found by search, phone whole, warnings first and whole, the rest "+N".
        await search(page, 'Bartholomew');
        const row = customerList(page).getByRole('option', { name: /Bartholomew/ });
        await row.waitFor();
        const [phone] = (await rowPhones(page)).filter((p) => p.id === manyId);
        expect(phone).toEqual({ id: manyId, text: PHONE, cut: false });
        await poll(async () => textOf(row.locator('.more'))).toMatch(/^\+\d+ more tags$/);
        const chips = await shownChips(page, manyId);
        expect(chips[0]?.text).toBe('⚠Warning: dog');
        for (const chip of chips) expect(chip.cut, chip.text).toBe(false);
        const more = Number(/\+(\d+)/.exec(await textOf(row.locator('.more')))?.[1]);
        // Every tag is either shown whole or counted (the "+N" chip is one of the shown chips).
        expect(chips.length - 1 + more).toBe(MANY_TAGS.length);
      });
    }

    it('flags warning tags in the detail, puts phone, address and notes first, and keeps a long name to two lines', async () => {
      const { page } = app;
      await page.setViewportSize(SMALL_VIEWPORT);
      await search(page, 'Bartholomew');
      await customerList(page)
        .getByRole('option', { name: /Bartholomew/ })
        .click();
      await detail(page).waitFor();
      const warnings = page.getByRole('list', { name: 'Warning tags' });
      await expect(warnings.getByRole('listitem').allTextContents()).resolves.toEqual([
        '⚠Warning: dog',
        '⚠Warning: do-not-service',
      ]);
      const titles = await detail(page).locator('h3').allTextContents();
      expect(titles.slice(0, 3)).toEqual(['Contact', 'Property address', 'Notes']);
      // Billing and Service are never returned by Rotor: no card, one quiet note.
      expect(titles).not.toContain('Billing');
      await expect(page.getByTestId('write-only-note').count()).resolves.toBe(1);
      // Notes are on the first screen at 1024×640.
      const notes = await detail(page).locator('#sec-notes').boundingBox();
      expect((notes?.y ?? 9999) + (notes?.height ?? 0)).toBeLessThan(SMALL_VIEWPORT.height);
      const heading = await detailName(page).evaluate((h) => {
        const style = getComputedStyle(h);
        return {
          height: h.getBoundingClientRect().height,
          line: parseFloat(style.lineHeight),
          title: h.getAttribute('title'),
        };
      });
      expect(heading.title).toBe(LONG_NAME);
      expect(heading.height).toBeLessThanOrEqual(heading.line * 2 + 1);
      const edit = detail(page).getByRole('button', { name: 'Edit', exact: true });
      const squeezed = await edit.evaluate((b) => b.scrollWidth > b.clientWidth);
      expect(squeezed).toBe(false);
      await screenshot(page, 'detail-field');
    });

    it('copies the phone to the clipboard and says so', async () => {
      const { page } = app;
      await detail(page).getByRole('button', { name: 'Copy phone' }).click();
      await poll(() => textOf(detail(page).getByRole('status').first())).toBe('Copied');
      await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(PHONE);
    });

    it('selects the phone so Ctrl+C works when the clipboard is refused', async () => {
      const { page } = app;
      await page.evaluate(() => {
        navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
      });
      await detail(page).getByRole('button', { name: 'Copy phone' }).click();
      // The last test's "Copied" may still be up, so the message alone proves nothing: wait for the
      // selection. The old copy command may then succeed on it, so either message is right.
      await poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe(PHONE);
      await poll(() => textOf(detail(page).getByRole('status').first())).toMatch(
        /^(Copied|Selected: press Ctrl\+C to copy)$/,
      );
    });

    it('offers Add phone on a customer without one, opening the form on the phone field', async () => {
      const { page } = app;
      await search(page, 'Zed Bare');
      const row = customerList(page).getByRole('option', { name: /Zed Bare/ });
      await row.click();
      // Nothing for a second line: the row is one line, not a blank one.
      await expect(row.locator('.line').count()).resolves.toBe(1);
      await detail(page).getByRole('button', { name: 'Add phone' }).click();
      await page.getByTestId('customer-form').waitFor();
      await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('field-phone');
      await page.getByRole('button', { name: 'Cancel', exact: true }).click();
      await detail(page).waitFor();
      await expect(row.getAttribute('data-id')).resolves.toBe(bareId);
    });

    it('flags a tag added as a warning in Settings in the rows', async () => {
      const { page } = app;
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
      await page.getByLabel('Add a warning tag').fill('Commercial');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.getByRole('list', { name: 'Warning tags' }).getByText('Commercial').waitFor();
      await goToList(page);
      await search(page, 'Bartholomew');
      const row = customerList(page).getByRole('option', { name: /Bartholomew/ });
      await poll(async () => row.locator('[data-warning-tag="commercial"]').count()).toBe(1);
      await row.click();
      await poll(async () =>
        page.getByRole('list', { name: 'Warning tags' }).getByRole('listitem').allTextContents(),
      ).toEqual(['⚠Warning: dog', '⚠Warning: commercial', '⚠Warning: do-not-service']);
      expect(app.errors).toEqual([]);
    });
  },
);
