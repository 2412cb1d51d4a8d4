/**
 * The whole story, in real Chromium through the browser host: onboard with a key, a paged first sync
 * with its progress bar, search three ways, open a customer, lose the connection, edit two customers
 * and create one, reload, get the connection back, and watch the outbox reach Rotor exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason } from '../harness';
import {
  committedUpserts,
  connectWithKey,
  connectivity,
  counts,
  createCustomer,
  customerList,
  detail,
  detailName,
  displayName,
  editOpenCustomer,
  goOffline,
  goOnline,
  pendingCount,
  pendingNav,
  pickCustomer,
  poll,
  search,
  searchBox,
  startRig,
  statusBar,
  textOf,
  upserts,
  waitForSynced,
} from './fixtures';
import type { AppPage, Rig } from './fixtures';

const skip = browserSkipReason();
const CUSTOMERS = 3000;
const PAGE_SIZE = 250;

/** The search index's notion of text: accents dropped, lower case, punctuation runs to one space. */
function normalize(value: string | null | undefined): string {
  return (value ?? '')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

describe.skipIf(skip !== null)(`the whole story${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let rig: Rig;
  let app: AppPage;

  beforeAll(async () => {
    rig = await startRig({ customers: CUSTOMERS, seed: 7, latencyMs: 150 });
    app = await rig.open();
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('onboards with a key and shows a determinate progress bar while the first sync pages in', async () => {
    const { page } = app;
    const settings = await page.evaluate((pageSize) => window.rotor.settings.update({ pageSize }), PAGE_SIZE);
    expect(settings).toMatchObject({ ok: true, data: { pageSize: PAGE_SIZE } });
    const live = rig.server.control.customerCount();
    const pages = Math.ceil(live / PAGE_SIZE);

    // The app's first screen may still be the cache opening: wait for onboarding, then ask for one.
    const onboarding = page.getByRole('heading', { name: 'Connect Rotor Desk to Rotor' });
    await onboarding.waitFor();
    await expect(onboarding.count()).resolves.toBe(1);
    await page.getByLabel('API key', { exact: true }).fill('demo-key-0000');
    await page.getByRole('button', { name: 'Show key' }).click();
    await expect(page.getByLabel('API key', { exact: true }).getAttribute('type')).resolves.toBe('text');
    await connectWithKey(page);

    // Part-way through: a determinate bar (value of max), and "done/total" pages beside it.
    const midway = await page.waitForFunction(
      (total) => {
        const bar = document.querySelector<HTMLProgressElement>('progress[data-testid="sync-progress"]');
        const slot = bar?.closest('.progress-slot');
        const text = slot?.querySelector('.progress-text')?.textContent?.trim() ?? '';
        const m = /^(\d+)\/(\d+)$/.exec(text);
        if (!bar || !slot || slot.classList.contains('idle') || !bar.hasAttribute('value') || !m) return null;
        const done = Number(m[1]);
        if (done < 1 || done >= total || Number(m[2]) !== total) return null;
        return { value: bar.value, max: bar.max, done, total: Number(m[2]) };
      },
      pages,
      { polling: 'raf' },
    );
    const seen = (await midway.jsonValue()) as { value: number; max: number; done: number; total: number };
    expect(seen.max).toBe(100);
    expect(seen.value).toBe(Math.round((seen.done / seen.total) * 100));
    expect(seen.value).toBeGreaterThan(0);
    expect(seen.value).toBeLessThan(100);

    await waitForSynced(page, live);

    // The key went to the live keychain when the run has one (scripts/with-keychain.mjs), else to the
    // host's 0600 file, with a warning; the page only ever sees its last four characters.
    const account = await page.evaluate(() => window.rotor.account.status());
    expect(account).toMatchObject({ ok: true, data: { configured: true, hint: '0000', demo: false } });
    const backend = account.ok ? account.data.backend : 'none';
    if (process.env.ROTOR_KEYCHAIN_LIVE === '1') expect(backend).toBe('keychain');
    else expect(['keychain', 'insecure-file']).toContain(backend);
    if (backend !== 'keychain')
      await page.getByText('Your API key is not protected by the system keychain.').waitFor();
    expect(rig.host.output()).not.toContain('demo-key-0000');

    // Every page asked for once, at the page size the settings named.
    const lists = rig.server.control
      .requestLog()
      .filter((e) => e.method === 'GET' && e.path === '/customers');
    expect(lists.map((e) => Number(e.query.page)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: pages }, (_, i) => i + 1),
    );
    expect(new Set(lists.map((e) => e.query.limit))).toEqual(new Set([String(PAGE_SIZE)]));
    await poll(() => textOf(statusBar(page))).toMatch(/Last full sync: (now|\d+ seconds? ago)/);
  });

  it('finds customers by name, by phone digits and by tag', async () => {
    const { page } = app;
    const all = rig.server.control.customers().filter((c) => !c.archived);
    const target = pickCustomer(rig);

    // By name: every word must appear in one of the searchable fields, accents and case ignored.
    const query = `${target.first_name} ${target.last_name}`;
    const tokens = normalize(query).split(' ');
    const hay = (c: (typeof all)[number]) =>
      normalize(
        [
          c.first_name,
          c.last_name,
          c.company_name,
          c.email,
          c.phone,
          (c.phone ?? '').replace(/\D/g, ''),
          c.property_street1,
          c.property_street2,
          c.property_city,
          c.property_state,
          c.property_zip,
          c.property_country,
          ...(c.tags ?? []),
        ]
          .filter(Boolean)
          .join(' '),
      );
    const byName = all.filter((c) => tokens.every((t) => hay(c).includes(t))).length;
    await search(page, query);
    await poll(() => counts(page)).toEqual({ shown: byName, of: all.length });
    await customerList(page)
      .getByRole('option', { name: new RegExp(query) })
      .first()
      .waitFor();

    // By phone: digits only find "(612) 555-0100".
    const digits = (target.phone ?? '').replace(/\D/g, '');
    await search(page, digits);
    await poll(() => counts(page)).toEqual({ shown: 1, of: all.length });
    const row = customerList(page).getByRole('option');
    await poll(() => textOf(row)).toContain(target.phone ?? '?');

    // By tag, through the Tags filter.
    const tag = (target.tags ?? [])[0] ?? '';
    const tagged = all.filter((c) => (c.tags ?? []).includes(tag)).length;
    await search(page, '');
    await page.getByText('Tags', { exact: true }).click();
    await page
      .getByRole('group', { name: 'Show customers with these tags' })
      .getByLabel(tag, { exact: true })
      .check();
    await poll(() => counts(page)).toEqual({ shown: tagged, of: all.length });
    await page.getByRole('button', { name: `Remove tag filter ${tag}` }).click();
    await poll(() => counts(page)).toEqual({ shown: all.length, of: null });
  });

  it('opens a customer’s detail', async () => {
    const { page } = app;
    const target = pickCustomer(rig);
    await search(page, target.email ?? '');
    await customerList(page)
      .getByRole('option', { name: new RegExp(displayName(target)) })
      .click();
    await poll(() => textOf(detailName(page))).toBe(displayName(target));
    await expect(textOf(detail(page))).resolves.toContain(target.phone ?? '?');
    await expect(textOf(detail(page))).resolves.toContain(target.email ?? '?');
  });

  const edits = {
    company: 'Lakeside Window Co-op',
    notes: 'Edited offline in the truck.\nSecond line.',
    phone: '(612) 555-0199',
    created: { first: 'Zed', last: 'Quimby', email: 'zed.quimby@example.com', phone: '(651) 555-0142' },
  };
  let first: ReturnType<typeof pickCustomer>;
  let second: ReturnType<typeof pickCustomer>;
  let upsertsBefore = 0;
  let logBefore = 0;

  it('keeps working offline: two edits and a new customer are saved here', async () => {
    const { page } = app;
    first = pickCustomer(rig);
    second = pickCustomer(rig, [first.id]);
    upsertsBefore = rig.server.control.upsertsApplied();
    logBefore = rig.server.control.requestLog().length;

    await goOffline(rig, page);
    await expect(
      statusBar(page)
        .getByRole('button', { name: /^Sync now/ })
        .isDisabled(),
    ).resolves.toBe(true);

    await search(page, first.email ?? '');
    await customerList(page).getByRole('option').first().click();
    await editOpenCustomer(page, { Company: edits.company, Notes: edits.notes });
    await poll(() => textOf(page.getByTestId('sync-state'))).toContain(
      'It will be sent when you are back online',
    );

    await search(page, second.email ?? '');
    await customerList(page).getByRole('option').first().click();
    await editOpenCustomer(page, { Phone: edits.phone });

    await createCustomer(page, {
      'First name': edits.created.first,
      'Last name': edits.created.last,
      Email: edits.created.email,
      Phone: edits.created.phone,
    });
    await poll(() => pendingCount(page)).toBe(3);
    // Not one request reached Rotor while it was unreachable.
    expect(rig.server.control.requestLog().length).toBe(logBefore);
  });

  it('still has every change after a reload, with badges and the pending count', async () => {
    const { page } = app;
    await page.reload();
    await statusBar(page).waitFor();
    await poll(() => connectivity(page)).toMatch(/^Offline/);
    await poll(() => pendingCount(page)).toBe(3);
    await poll(() => textOf(pendingNav(page))).toBe('Pending changes 3');

    await searchBox(page).fill('');
    await page.getByLabel('Pending changes only').check();
    await poll(() => counts(page)).toMatchObject({ shown: 3 });
    const rows = customerList(page).getByRole('option');
    for (const name of [
      displayName(first),
      displayName(second),
      `${edits.created.first} ${edits.created.last}`,
    ]) {
      await poll(() => textOf(rows.filter({ hasText: name }))).toMatch(/Pending/);
    }
    await rows.filter({ hasText: displayName(first) }).click();
    await poll(() => textOf(detail(page))).toContain(edits.company);
    await page.getByLabel('Pending changes only').uncheck();
  });

  it('sends every change once when the connection returns, and Rotor holds the edits', async () => {
    const { page } = app;
    await goOnline(rig, page);
    await poll(() => pendingCount(page)).toBe(0);
    await poll(() => textOf(pendingNav(page))).toBe('Pending changes 0');

    const server = rig.server.control;
    expect(server.getCustomer(first.id)).toMatchObject({ company_name: edits.company, notes: edits.notes });
    expect(server.getCustomer(second.id)).toMatchObject({ phone: edits.phone });
    const made = server.customers().filter((c) => c.email === edits.created.email);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({
      first_name: edits.created.first,
      last_name: edits.created.last,
      phone: edits.created.phone,
    });

    // Exactly one committed upsert per change, each with its own idempotency key.
    const sent = upserts(server.requestLog().slice(logBefore));
    expect(committedUpserts(sent)).toHaveLength(3);
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((e) => e.idempotencyKey)).size).toBe(3);
    expect(server.upsertsApplied() - upsertsBefore).toBe(3);

    // Badges clear: nothing is pending any more, and the new customer has Rotor's id.
    await page.getByLabel('Pending changes only').check();
    await poll(() => counts(page)).toMatchObject({ shown: 0 });
    await page.getByLabel('Pending changes only').uncheck();
    await search(page, edits.created.email);
    await customerList(page).getByRole('option').first().click();
    await poll(() => textOf(detail(page))).toContain(made[0]?.id ?? '?');
    await expect(textOf(customerList(page))).resolves.not.toMatch(/Pending|Failed|Conflict/);
    expect(page.url()).toContain(encodeURIComponent(made[0]?.id ?? '?'));
  });

  it('left no errors in the page', () => {
    expect(app.errors.filter((e) => !/Failed to load resource|net::ERR/.test(e))).toEqual([]);
  });
});
