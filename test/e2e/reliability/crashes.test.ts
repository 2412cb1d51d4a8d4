/**
 * Crashes in real Chromium through the browser host. The renderer is killed (a real renderer crash, or
 * an abrupt close) at seeded random points while the outbox is being sent and while a full refresh pages
 * through Rotor; in a second run the host process itself is SIGKILLed and restarted on the same profile.
 * After each crash the app is reopened and carries on by itself. In the end Rotor holds every edit exactly
 * once, no customer is duplicated, and the cache equals Rotor's list.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { mulberry32 } from '../../../electron/main/simulation/prng';
import { DEMO_API_KEY, startRotorServer } from '../../../electron/main/simulation/server';
import type { RequestLogEntry, RotorServer } from '../../../electron/main/simulation/server';
import { browserSkipReason } from '../harness';
import {
  connectThroughOnboarding,
  eventually,
  killPage,
  launchPersistent,
  openApp,
  pendingCount,
  readCache,
  requestsArrived,
  startHostOn,
} from './helpers';
import type { KillableHost } from './helpers';

const skip = browserSkipReason();
const PAGE_SIZE = 20;

const isPost = (e: RequestLogEntry): boolean => e.method === 'POST' && e.path === '/customers';
/** What replay sends: upserts, and the search an ambiguous create spends before it is sent again. */
const isReplay = (e: RequestLogEntry): boolean =>
  isPost(e) || (e.method === 'GET' && e.path === '/customers' && !!e.query.search);
const isPage = (e: RequestLogEntry): boolean =>
  e.method === 'GET' && e.path === '/customers' && !e.query.search;

interface Expected {
  /** Seeded customer id → the notes the user typed last. */
  notes: Map<string, string>;
  /** Unique last names of customers created in the app. */
  created: string[];
}

async function editNotes(page: Page, id: string, notes: string): Promise<void> {
  await page.evaluate((hash) => (location.hash = hash), `#/edit/${encodeURIComponent(id)}`);
  const form = page.getByTestId('customer-form');
  await form.waitFor();
  await page.getByLabel('Notes', { exact: true }).fill(notes);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await form.waitFor({ state: 'detached' });
}

async function createCustomer(
  page: Page,
  fields: { first: string; last: string; phone?: string },
): Promise<void> {
  await page.evaluate(() => (location.hash = '#/new'));
  const form = page.getByTestId('customer-form');
  await form.waitFor();
  await page.getByLabel('First name', { exact: true }).fill(fields.first);
  await page.getByLabel('Last name', { exact: true }).fill(fields.last);
  if (fields.phone) await page.getByLabel('Phone', { exact: true }).fill(fields.phone);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await form.waitFor({ state: 'detached' });
}

/** Queues edits while Rotor is unreachable, through the edit and create forms. */
async function queueEdits(
  page: Page,
  server: RotorServer,
  expected: Expected,
  opts: { tag: string; updates: string[]; withPhone: number; withoutContact: number },
): Promise<number> {
  server.control.setReachable(false);
  let n = 0;
  for (const [i, id] of opts.updates.entries()) {
    const notes = `${opts.tag} edit ${i}`;
    await editNotes(page, id, notes);
    expected.notes.set(id, notes);
    n++;
  }
  for (let k = 0; k < opts.withPhone; k++) {
    const last = `${opts.tag}Phone${k}`;
    // Unique per run and tag: Rotor would match a repeated phone to the earlier customer.
    const phone = `(999) ${500 + opts.tag.charCodeAt(0)}-${String(1000 + k)}`;
    await createCustomer(page, { first: 'Cara', last, phone });
    expected.created.push(last);
    n++;
  }
  for (let k = 0; k < opts.withoutContact; k++) {
    const last = `${opts.tag}Nocontact${k}`;
    await createCustomer(page, { first: 'Nell', last });
    expected.created.push(last);
    n++;
  }
  await expect.poll(() => pendingCount(page)).toBe(n);
  server.control.setReachable(true);
  return n;
}

/** Everything sent, and Rotor holds exactly what was typed: last notes per customer, each create once. */
async function expectRotorHolds(server: RotorServer, expected: Expected, seeded: Set<string>): Promise<void> {
  for (const [id, notes] of expected.notes) expect(server.control.getCustomer(id)?.notes, id).toBe(notes);
  const all = server.control.customers();
  for (const last of expected.created)
    expect(
      all.filter((c) => c.last_name === last),
      last,
    ).toHaveLength(1);
  expect(all.filter((c) => !seeded.has(c.id) && !c.last_name?.startsWith('Office'))).toHaveLength(
    expected.created.length,
  );
}

/** After a completed refresh the cache is Rotor's list, row for row, with nothing left to send. */
async function expectCacheIsRotor(page: Page, server: RotorServer): Promise<void> {
  const cache = await readCache(page);
  const listed = server.control.customers().filter((c) => !c.archived);
  expect(cache.outbox).toEqual([]);
  expect(cache.meta?.cursor ?? null).toBeNull();
  expect(cache.customers).toHaveLength(listed.length);
  const byId = new Map(cache.customers.map((c) => [c.id, c]));
  for (const c of listed) {
    const row = byId.get(c.id);
    expect(row, c.id).toBeDefined();
    expect({ notes: row?.notes, last_name: row?.last_name, syncState: row?.syncState }).toEqual({
      notes: c.notes,
      last_name: c.last_name,
      syncState: 'synced',
    });
  }
}

/** Pages the next "Sync now" will request: the rest of an interrupted pass, or a whole new one. */
async function pagesToGo(page: Page, server: RotorServer): Promise<number> {
  const total = Math.ceil(server.control.customerCount() / PAGE_SIZE);
  const cursor = (await readCache(page)).meta?.cursor;
  return cursor ? total - cursor.nextPage + 1 : total;
}

async function syncNow(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Sync now/ }).click();
}

async function syncToCompletion(page: Page): Promise<void> {
  const before = (await readCache(page)).meta?.lastFullSyncAt ?? null;
  await syncNow(page);
  await eventually(async () => {
    const meta = (await readCache(page)).meta;
    return meta?.cursor === null && meta.lastFullSyncAt !== before;
  }, 'a full refresh completed');
}

describe.skipIf(skip !== null)(`crashes in Chromium via the host${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let server: RotorServer;
  let host: KillableHost;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  let userData: string;
  let seeded: Set<string>;
  const expected: Expected = { notes: new Map(), created: [] };
  const rng = mulberry32(0xc4a54);
  const tally = { rendererKills: 0, hostKills: 0, duringReplay: 0, duringRefresh: 0 };

  beforeAll(async () => {
    server = await startRotorServer({ customers: 260, seed: 77, latencyMs: 15 });
    seeded = new Set(server.control.customers().map((c) => c.id));
    profile = mkdtempSync(join(tmpdir(), 'rotor-crash-profile-'));
    userData = mkdtempSync(join(tmpdir(), 'rotor-crash-chromium-'));
    host = await startHostOn({ rotorUrl: server.url, profile });
    context = await launchPersistent(userData);
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(host.url);
    await connectThroughOnboarding(page, DEMO_API_KEY);
    // Small pages, so a full refresh is many requests and a crash can land between any two of them.
    const set = await page.evaluate((pageSize) => window.rotor.settings.update({ pageSize }), PAGE_SIZE);
    expect(set.ok).toBe(true);
    await syncToCompletion(page);
  });
  afterAll(async () => {
    console.info(`[reliability] crashes: ${JSON.stringify(tally)}`);
    await context?.close();
    await host?.stop();
    await server?.close();
    for (const dir of [profile, userData]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const reopen = async (): Promise<void> => {
    page = await context.newPage();
    await openApp(page, host.url);
  };
  const outboxEmpty = async (): Promise<boolean> => (await readCache(page)).outbox.length === 0;
  const listedIds = (): string[] =>
    server.control
      .customers()
      .filter((c) => !c.archived && seeded.has(c.id))
      .map((c) => c.id);

  it('survives renderer crashes during replay and during a full refresh', async () => {
    const ids = listedIds();
    const queued = await queueEdits(page, server, expected, {
      tag: 'R',
      updates: ids.slice(0, 24),
      withPhone: 5,
      withoutContact: 6,
    });
    expect(queued).toBe(35);

    // Replay: each crash lands the moment one more change reaches Rotor, before its answer is back.
    server.control.clearLog();
    await page.evaluate(() => window.rotor.connectivity.check());
    for (let i = 0; i < 6; i++) {
      const target = server.control.requestLog().filter(isReplay).length + 1 + Math.floor(rng() * 2);
      if (!(await requestsArrived(server, isReplay, target, { done: outboxEmpty }))) break;
      await killPage(page, i % 2 === 0 ? 'crash' : 'close');
      tally.rendererKills++;
      tally.duringReplay++;
      await reopen();
      // Nothing typed is lost: every change is either in Rotor or still queued.
      const cache = await readCache(page);
      for (const [id, notes] of expected.notes) {
        const queuedFor = cache.outbox.some((e) => e.customerId === id);
        if (!queuedFor) expect(server.control.getCustomer(id)?.notes, id).toBe(notes);
      }
    }
    expect(tally.duringReplay).toBeGreaterThanOrEqual(5);
    await expect.poll(() => pendingCount(page), { timeout: 30_000 }).toBe(0);
    await expect.poll(async () => (await readCache(page)).outbox.length, { timeout: 30_000 }).toBe(0);
    await expectRotorHolds(server, expected, seeded);

    // Rotor changes behind the app's back, then a refresh is crashed between random pages.
    for (let k = 0; k < 5; k++) server.control.addCustomer({ first_name: 'Olga', last_name: `Office${k}` });
    for (const id of ids.slice(100, 110))
      server.control.updateCustomerRaw(id, { notes: `changed in the office ${id}` });
    let lastCount = (await readCache(page)).customers.length;
    let lastNextPage = 1;
    for (let i = 0; i < 6; i++) {
      const toGo = await pagesToGo(page, server);
      if (toGo < 3) break;
      server.control.clearLog();
      await syncNow(page);
      await requestsArrived(server, isPage, Math.min(toGo - 1, 1 + Math.floor(rng() * 3)));
      await killPage(page, i % 2 === 0 ? 'close' : 'crash');
      tally.rendererKills++;
      tally.duringRefresh++;
      await reopen();
      // No torn pages: nothing swept mid-pass, and the cursor only moves forward.
      const cache = await readCache(page);
      expect(cache.customers.length).toBeGreaterThanOrEqual(lastCount);
      lastCount = cache.customers.length;
      const nextPage = cache.meta?.cursor?.nextPage ?? Infinity;
      expect(nextPage).toBeGreaterThanOrEqual(lastNextPage);
      lastNextPage = nextPage === Infinity ? 1 : nextPage;
    }
    await syncToCompletion(page);
    await expectCacheIsRotor(page, server);
  }, 120_000);

  it('survives the host being SIGKILLed during replay and during a refresh, restarted on the same profile', async () => {
    const ids = listedIds();
    const queued = await queueEdits(page, server, expected, {
      tag: 'H',
      updates: ids.slice(30, 42),
      withPhone: 2,
      withoutContact: 3,
    });
    expect(queued).toBe(17);
    const restartHost = async (): Promise<void> => {
      await host.kill();
      tally.hostKills++;
      host = await startHostOn({ rotorUrl: server.url, profile, port: host.port });
      await openApp(page, host.url);
    };

    server.control.clearLog();
    await page.evaluate(() => window.rotor.connectivity.check());
    for (let i = 0; i < 3; i++) {
      const target = server.control.requestLog().filter(isReplay).length + 1 + Math.floor(rng() * 2);
      if (!(await requestsArrived(server, isReplay, target, { done: outboxEmpty }))) break;
      await restartHost();
      tally.duringReplay++;
    }
    await expect.poll(async () => (await readCache(page)).outbox.length, { timeout: 30_000 }).toBe(0);
    await expectRotorHolds(server, expected, seeded);

    for (let i = 0; i < 2; i++) {
      const toGo = await pagesToGo(page, server);
      if (toGo < 3) break;
      server.control.clearLog();
      await syncNow(page);
      await requestsArrived(server, isPage, Math.min(toGo - 1, 1 + Math.floor(rng() * 4)));
      await restartHost();
      tally.duringRefresh++;
    }
    await syncToCompletion(page);
    await expectCacheIsRotor(page, server);
  }, 90_000);
});
