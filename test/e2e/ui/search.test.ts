/**
 * Search and the list, as a dispatcher uses them: a text with nothing to look for says so instead of
 * listing everyone; notes are found, after name matches; a customer the search or filters hide is never
 * left open for editing; a new customer is selected and scrolled into view; the Tags popover stays
 * inside the window and closes like a menu.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { browserSkipReason } from '../harness';
import {
  connectAndSync,
  connectWithKey,
  createCustomer,
  customerList,
  describeViolations,
  detail,
  detailName,
  form,
  poll,
  resultCount,
  screenshot,
  search,
  searchBox,
  seriousViolations,
  SMALL_VIEWPORT,
  startRig,
  textOf,
  SCREENSHOT_DIR,
  VIEWPORT,
  waitForSynced,
  dismissNotices,
  editOpenCustomer,
  field,
  goOffline,
  goOnline,
} from './fixtures';
import type { AppPage, Rig } from './fixtures';

const skip = browserSkipReason();

const options = (page: Page) => customerList(page).getByRole('option');
const notInView = (page: Page) => page.getByTestId('not-in-view');
const editButtons = (page: Page) =>
  page.getByRole('region', { name: 'Customer details' }).getByRole('button', { name: 'Edit', exact: true });

/** The names shown in the list's rows, in order (the rendered window). */
async function rowNames(page: Page): Promise<string[]> {
  return options(page).evaluateAll((rows) =>
    rows.map((r) => r.querySelector('.name, strong, h3')?.textContent?.trim() ?? r.textContent?.trim() ?? ''),
  );
}

/** Whether the selected row is fully inside the list's viewport. */
async function selectedRowInView(page: Page): Promise<boolean> {
  return customerList(page).evaluate((box) => {
    const row = box.querySelector('[aria-selected="true"]');
    if (!row) return false;
    const a = box.getBoundingClientRect();
    const b = row.getBoundingClientRect();
    return b.top >= a.top - 1 && b.bottom <= a.bottom + 1;
  });
}

describe.skipIf(skip !== null)(`search and the list${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let rig: Rig;
  let app: AppPage;

  beforeAll(async () => {
    rig = await startRig({ customers: 70, seed: 23 });
    const c = rig.server.control;
    // Sorted by name, the notes match (Abbot) comes first: ranking must still put the name match first.
    c.addCustomer({
      first_name: 'Aaron',
      last_name: 'Abbot',
      phone: '(612) 555-0142',
      notes: 'Side gate code 4821. Their dog Biscuit Quillfeather is friendly; call before arriving.',
      tags: ['dog'],
    });
    c.addCustomer({ first_name: 'Zed', last_name: 'Quillfeather', phone: '(612) 555-0143', tags: [] });
    app = await rig.open();
    await connectAndSync(app.page, rig);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it.each([
    ['@', '“@” has no letters or digits'],
    ['-', '“-” has no letters or digits'],
    ['🐕', '“🐕” has no letters or digits'],
  ])('%s matches no one and says to type letters or digits', async (text, says) => {
    const { page } = app;
    await search(page, text);
    const hint = page.getByTestId('unsearchable');
    await hint.waitFor();
    if (text === '@') {
      expect(describeViolations('unsearchable', await seriousViolations(page))).toBe('');
      await screenshot(page, 'search-unsearchable');
    }
    await expect(textOf(hint.getByRole('heading'))).resolves.toBe('Type letters or digits to search');
    await expect(textOf(hint)).resolves.toContain(says);
    expect(await options(page).count()).toBe(0);
    await expect(textOf(resultCount(page))).resolves.toMatch(/^0 of [\d,]+ customers$/);
    await hint.getByRole('button', { name: 'Clear search', exact: true }).click();
    await expect(searchBox(page).inputValue()).resolves.toBe('');
    await poll(() => options(page).count()).toBeGreaterThan(0);
  });

  it('finds a word in the notes, ranked after a customer with that name', async () => {
    const { page } = app;
    await search(page, 'quillfeather');
    await poll(() => options(page).count()).toBe(2);
    const rows = await options(page).allTextContents();
    expect(rows[0]).toContain('Zed Quillfeather');
    expect(rows[1]).toContain('Aaron Abbot');
    // A word only the notes carry.
    await search(page, 'biscuit');
    await poll(() => options(page).count()).toBe(1);
    await expect(textOf(options(page).first())).resolves.toContain('Aaron Abbot');
    await search(page, '');
  });

  it('a customer the filters hide is not left open for editing; clearing shows it again', async () => {
    const { page } = app;
    await search(page, 'zed quill');
    await options(page).first().click();
    await poll(() => textOf(detailName(page))).toBe('Zed Quillfeather');
    expect(await editButtons(page).count()).toBe(1);

    // The Zed row is active; "Inactive" leaves it out.
    await page.getByRole('combobox', { name: 'Status' }).selectOption('inactive');
    await notInView(page).waitFor();
    await expect(textOf(notInView(page))).resolves.toContain(
      'Zed Quillfeather is hidden by the search “zed quill” and the filters',
    );
    expect(await detail(page).count()).toBe(0);
    expect(await editButtons(page).count()).toBe(0);
    await screenshot(page, 'search-not-in-view');
    expect(describeViolations('not in this view', await seriousViolations(page))).toBe('');

    await notInView(page).getByRole('button', { name: 'Clear search and filters' }).click();
    await poll(() => textOf(detailName(page))).toBe('Zed Quillfeather');
    expect(await editButtons(page).count()).toBe(1);
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('detail-name');
    await expect(searchBox(page).inputValue()).resolves.toBe('');
    await poll(() => selectedRowInView(page)).toBe(true);

    // A text with nothing to look for hides it too.
    await search(page, '@');
    await notInView(page).waitFor();
    expect(await editButtons(page).count()).toBe(0);
    await notInView(page).getByRole('button', { name: 'Close' }).click();
    await page.getByRole('heading', { name: 'No customer selected' }).waitFor();
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('customer-search');
    await search(page, '');
  });

  it('an edit in progress stays open when its customer drops out of the view, and says so', async () => {
    const { page } = app;
    // A change waits (offline), so "Pending changes only" lists the customer.
    await goOffline(rig, page);
    await search(page, 'zed quill');
    await options(page).first().click();
    await editOpenCustomer(page, { Company: 'Quill Roofing' });
    await search(page, '');
    await page.getByRole('checkbox', { name: 'Pending changes only' }).check();
    await poll(() => options(page).count()).toBe(1);
    await options(page).first().click();
    await editButtons(page).click();
    await field(page, 'Notes').fill('Typed while the change was sent');
    expect(await page.getByTestId('form-not-in-view').count()).toBe(0);

    // The waiting change is delivered: Zed is no longer pending, so the filter leaves him out.
    await goOnline(rig, page);
    const note = page.getByTestId('form-not-in-view');
    await note.waitFor();
    await expect(textOf(note)).resolves.toContain('hidden in the list by the filters');
    await expect(field(page, 'Notes').inputValue()).resolves.toBe('Typed while the change was sent');
    await screenshot(page, 'search-form-not-in-view');
    await form(page).getByRole('button', { name: 'Save', exact: true }).click();
    await form(page).waitFor({ state: 'detached' });
    // Back on the list: shown while this save waits, "not in this view" once it is sent.
    await poll(() => textOf(page.getByRole('region', { name: 'Customer details' }))).toContain(
      'Zed Quillfeather',
    );
    await page.getByRole('checkbox', { name: 'Pending changes only' }).uncheck();
    await poll(() => textOf(detailName(page))).toBe('Zed Quillfeather');
  });

  it('a new customer is selected and scrolled into view; if the search hides it, the detail says so', async () => {
    const { page } = app;
    await createCustomer(page, { 'First name': 'Wanda', 'Last name': 'Zzyzx', Phone: '(612) 555-0199' });
    await poll(() => textOf(detailName(page))).toBe('Wanda Zzyzx');
    await poll(() => selectedRowInView(page)).toBe(true);
    await expect(textOf(customerList(page).locator('[aria-selected="true"]'))).resolves.toContain(
      'Wanda Zzyzx',
    );

    await search(page, 'abbot');
    await poll(() => options(page).count()).toBe(1);
    await createCustomer(page, { 'First name': 'Yolanda', 'Last name': 'Zzyzx', Phone: '(612) 555-0198' });
    await notInView(page).waitFor();
    await expect(textOf(notInView(page))).resolves.toContain('Yolanda Zzyzx is hidden by the search “abbot”');
    await notInView(page).getByRole('button', { name: 'Clear search and filters' }).click();
    await poll(() => textOf(detailName(page))).toBe('Yolanda Zzyzx');
    await poll(() => selectedRowInView(page)).toBe(true);
    expect(await form(page).count()).toBe(0);
  });

  it('the Tags popover stays inside the list column, scrolls inside itself, closes on Esc and outside', async () => {
    const { page } = app;
    const button = page.locator('.tag-filter summary');
    const popover = page.locator('.tag-filter .popover');
    await dismissNotices(page);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    for (const size of [VIEWPORT, SMALL_VIEWPORT]) {
      await page.setViewportSize(size);
      await button.click();
      await popover.waitFor();
      const box = await popover.boundingBox();
      const column = await page.locator('.list-pane').boundingBox();
      if (!box || !column) throw new Error('popover or list column not laid out');
      expect(box.x).toBeGreaterThanOrEqual(column.x);
      expect(box.x + box.width).toBeLessThanOrEqual(column.x + column.width);
      expect(box.y + box.height).toBeLessThanOrEqual(size.height);
      // More tags than fit: they scroll inside the popover, and nothing paints below it.
      const tags = popover.locator('.options');
      expect(await tags.evaluate((f) => getComputedStyle(f).overflowY)).toBe('auto');
      expect(await tags.evaluate((f) => f.scrollHeight > f.clientHeight)).toBe(true);
      const below = await page.evaluate(
        ({ x, y }) => document.elementFromPoint(x, y)?.closest('.popover') !== null,
        { x: box.x + 40, y: box.y + box.height + 12 },
      );
      expect(below).toBe(false);
      const suffix = size === VIEWPORT ? '' : `-${size.width}x${size.height}`;
      await page.screenshot({ path: resolve(SCREENSHOT_DIR, `search-tags-popover${suffix}.png`) });
      expect(describeViolations('tags popover', await seriousViolations(page))).toBe('');

      await page.keyboard.press('Escape');
      await popover.waitFor({ state: 'hidden' });
      await poll(() => button.evaluate((b) => b === document.activeElement)).toBe(true);
    }
    await page.setViewportSize(VIEWPORT);
    await button.click();
    await popover.waitFor();
    await page.getByRole('heading', { name: 'Customers', level: 1 }).click();
    await popover.waitFor({ state: 'hidden' });
  });

  it('the Tags popover is never shown before it is fitted to the column', async () => {
    const { page } = app;
    // Opening is synchronous, the measuring waits for the `toggle` event's task: in between, the
    // popover must not paint at its unfitted place.
    const between = await page.evaluate(() => {
      const details = document.querySelector<HTMLDetailsElement>('.tag-filter');
      const popover = details?.querySelector<HTMLElement>('.popover');
      if (!details || !popover) return 'no popover';
      details.open = true;
      return getComputedStyle(popover).visibility;
    });
    expect(between).toBe('hidden');
    const popover = page.locator('.tag-filter .popover');
    await popover.waitFor();
    await expect(popover.evaluate((el) => el.style.width)).resolves.toMatch(/^\d+(\.\d+)?px$/);
    await page.getByRole('heading', { name: 'Customers', level: 1 }).click();
    await popover.waitFor({ state: 'hidden' });
  });

  it('rows do not reshuffle when customers arrive under the same query', async () => {
    const { page } = app;
    await search(page, '');
    await poll(() => textOf(resultCount(page))).toMatch(/^[\d,]+ customers$/);
    // Scroll a few rows down and note the first row on screen, once the list has stayed there for two
    // frames: a reveal of the selection or a return to the top still on its way would move it again,
    // and the row noted would no longer be rendered to click.
    const firstAt = (top: number): Promise<string> =>
      customerList(page).evaluate(async (box, top) => {
        if (Math.round(box.scrollTop) !== top) box.scrollTop = top;
        await new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
        if (Math.round(box.scrollTop) !== top) return '';
        const a = box.getBoundingClientRect();
        const row = [...box.querySelectorAll('[role="option"]')].find(
          (r) => r.getBoundingClientRect().top >= a.top - 1,
        );
        return row?.getAttribute('data-id') ?? '';
      }, top);
    let firstShown = '';
    await poll(async () => (firstShown = await firstAt(5 * 60))).not.toBe('');
    const before = await rowNames(page);
    expect(before.length).toBeGreaterThan(0);
    // The user picks that row: a customer selected by an earlier test, further down, would otherwise be
    // what the list keeps in view when the selection is revealed again after the sync.
    await customerList(page).locator(`[data-id="${firstShown}"]`).click();
    // Customers that sort above it arrive (another computer added them; Sync now brings them).
    for (const last of ['Aaa', 'Aab', 'Aac'])
      rig.server.control.addCustomer({ first_name: 'New', last_name: last });
    const count = async () => Number((await textOf(resultCount(page))).replace(/\D/g, ''));
    const had = await count();
    await page
      .getByRole('button', { name: /^Sync now/ })
      .first()
      .click();
    await poll(count).toBe(had + 3);
    // The count and the restored scroll position land in successive updates: poll for the steady state.
    const offsetOfFirst = () =>
      customerList(page).evaluate((box, id) => {
        const a = box.getBoundingClientRect();
        const row = box.querySelector(`[data-id="${id}"]`);
        return row ? Math.round(row.getBoundingClientRect().top - a.top) : null;
      }, firstShown);
    await poll(offsetOfFirst).toBe(0);
  });
});

describe.skipIf(skip !== null)(`the first sync of a larger book${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let rig: Rig;
  let app: AppPage;

  beforeAll(async () => {
    // Three pages of 1,000, each answered slowly enough to look at the list between them.
    rig = await startRig({ customers: 2700, seed: 31 });
    // Rotor lists newest first: the oldest customer comes on the last page, and sorts first by name.
    rig.server.control.addCustomer({
      first_name: 'Aaron',
      last_name: 'Aardvark',
      phone: '(612) 555-0100',
      created_at: '2001-01-01T00:00:00.000Z',
    });
    app = await rig.open();
  });
  afterAll(async () => {
    await rig?.close();
  });

  /** The id of the first row on screen and its distance from the list's top edge. */
  const firstOnScreen = (page: Page) =>
    customerList(page).evaluate((box) => {
      const a = box.getBoundingClientRect();
      const row = [...box.querySelectorAll('[role="option"]')].find(
        (r) => r.getBoundingClientRect().bottom > a.top + 1,
      );
      return row
        ? { id: row.getAttribute('data-id'), top: Math.round(row.getBoundingClientRect().top - a.top) }
        : null;
    });

  it('says "Results so far: N of M" and keeps the rows on screen in place as pages arrive', async () => {
    const { page } = app;
    const total = rig.server.control.customerCount();
    expect(total).toBeGreaterThan(2000);
    const of = `of ${total.toLocaleString('en-US')} customers`;
    rig.server.control.setLatency(2000);
    await connectWithKey(page);
    await poll(() => textOf(resultCount(page))).toBe(`Results so far: 1,000 ${of}`);
    await search(page, 'a');
    await poll(() => textOf(resultCount(page))).toMatch(/^Results so far: [\d,]+ matches in 1,000 of /);
    await search(page, '');
    const first = await firstOnScreen(page);
    expect(first?.top).toBe(0);

    await poll(() => textOf(resultCount(page))).toBe(`Results so far: 2,000 ${of}`);
    // Page 2 put customers all over the order: the row at the top has not moved.
    await expect(firstOnScreen(page)).resolves.toEqual(first);
    await page.screenshot({ path: resolve(SCREENSHOT_DIR, 'search-results-so-far.png') });

    rig.server.control.setLatency(0);
    await waitForSynced(page, total);
    await expect(textOf(resultCount(page))).resolves.toBe(`${total.toLocaleString('en-US')} customers`);
    // The last page put Aardvark above it: still in place, with Aardvark above the viewport.
    await expect(firstOnScreen(page)).resolves.toEqual(first);
    expect(await customerList(page).evaluate((box) => box.scrollTop)).toBeGreaterThan(0);
    await customerList(page).evaluate((box) => (box.scrollTop = 0));
    await poll(() => textOf(options(page).first())).toContain('Aaron Aardvark');
  });
});
