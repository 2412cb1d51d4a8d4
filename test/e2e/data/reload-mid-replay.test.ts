/**
 * A page reload in the middle of replay: thirty changes queued offline (updates and creates, through
 * the form and Ctrl+S), sent over a slow connection, and the page reloaded while some are in flight.
 * Nothing may be lost, and nothing may be applied twice: Rotor ignores Idempotency-Key, so every
 * committed write per change (per idempotency key) and every created customer must be there once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSkipReason } from '../harness';
import {
  committedUpserts,
  connectAndSync,
  form,
  goOffline,
  goOnline,
  pendingCount,
  poll,
  startRig,
  statusBar,
  upserts,
} from '../ui/fixtures';
import type { AppPage, Rig } from '../ui/fixtures';

const skip = browserSkipReason();
const UPDATES = 27;
/** Queue positions of the creates; the name-only one is in the second wave, in flight at the reload. */
const CREATES: [number, Record<string, string>][] = [
  // Neither phone nor email: Rotor has nothing to deduplicate a repeated create by.
  [6, { 'First name': 'Reload', 'Last name': 'Nameonly', Company: 'Nameonly Gutters' }],
  [15, { 'First name': 'Reload', 'Last name': 'Byemail', Email: 'reload.byemail@example.com' }],
  // Area code 999 is in no seeded city, so Rotor's phone match can only find this create's own result.
  [24, { 'First name': 'Reload', 'Last name': 'Byphone', Phone: '(999) 555-0100' }],
];
/** Sends arrived before the reload: with 4 sent at a time, the first wave answered, the second in flight. */
const RELOAD_AFTER = 8;

/** Opens the form by its address (as a reload or a link would), fills it and saves with Ctrl+S. */
async function saveThroughForm(page: Page, hash: string, values: Record<string, string>): Promise<void> {
  await page.evaluate((h) => (location.hash = h), hash);
  await form(page).waitFor();
  for (const [label, value] of Object.entries(values))
    await form(page).getByLabel(label, { exact: true }).fill(value);
  await page.keyboard.press('Control+s');
  await form(page).waitFor({ state: 'detached' });
}

describe.skipIf(skip !== null)(`reload in the middle of replay${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let rig: Rig;
  let app: AppPage;

  beforeAll(async () => {
    rig = await startRig({ customers: 120, seed: 13 });
    app = await rig.open();
    await connectAndSync(app.page, rig);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('loses nothing and applies nothing twice', async () => {
    const { page } = app;
    const server = rig.server.control;
    const targets = server
      .customers()
      .filter((c) => !c.archived)
      .slice(0, UPDATES);
    const note = (i: number) => `Reload test change ${i + 1}`;

    await goOffline(rig, page);
    let next = 0;
    for (let position = 0; position < UPDATES + CREATES.length; position++) {
      const create = CREATES.find(([at]) => at === position)?.[1];
      if (create) await saveThroughForm(page, '#/new', create);
      else {
        const c = targets[next] ?? targets[0];
        await saveThroughForm(page, `#/edit/${encodeURIComponent(c?.id ?? '')}`, { Notes: note(next++) });
      }
    }
    const total = UPDATES + CREATES.length;
    await poll(() => pendingCount(page)).toBe(total);

    server.setLatency(200);
    const logStart = server.requestLog().length;
    const appliedStart = server.upsertsApplied();
    // Reload as soon as the second wave of sends has arrived: those are still being answered.
    const arrived = (async () => {
      let seen = 0;
      while (seen < RELOAD_AFTER) {
        const entry = await server.nextRequest();
        if (entry.method === 'POST' && entry.path === '/customers') seen++;
      }
    })();
    await goOnline(rig, page);
    await arrived;
    // Counted before the reload: the reloaded app starts sending at once.
    const atReload = upserts(server.requestLog().slice(logStart)).length;
    await page.reload();
    await statusBar(page).waitFor();
    expect(atReload).toBeGreaterThan(0);
    expect(atReload).toBeLessThan(total);

    await poll(() => pendingCount(page), 30_000).toBe(0);
    await poll(() => page.getByTestId('pending-count').textContent()).not.toMatch(/failed|resolve/);

    // Every change is on Rotor, each exactly once. Collected, so a failure names every problem at once.
    const problems: string[] = [];
    for (const [i, c] of targets.entries()) {
      const notes = server.getCustomer(c.id)?.notes;
      if (notes !== note(i)) problems.push(`update ${i + 1} lost: notes are ${JSON.stringify(notes)}`);
    }
    for (const [, create] of CREATES) {
      const made = server.customers().filter((c) => c.last_name === create['Last name']).length;
      if (made !== 1) problems.push(`create "${create['Last name']}" exists ${made} times`);
    }
    const perKey = new Map<string, number>();
    for (const e of committedUpserts(server.requestLog().slice(logStart))) {
      const key = e.idempotencyKey ?? '(none)';
      perKey.set(key, (perKey.get(key) ?? 0) + 1);
    }
    for (const [key, n] of perKey) if (n > 1) problems.push(`change ${key} applied ${n} times`);
    if (perKey.size !== total) problems.push(`${perKey.size} distinct changes committed, not ${total}`);
    const applied = server.upsertsApplied() - appliedStart;
    if (applied !== total) problems.push(`Rotor committed ${applied} upserts for ${total} changes`);
    expect(problems).toEqual([]);
  });
});
