/**
 * Pending changes with imports, in Chromium through the host. There is no import screen on this branch,
 * so the groups are written into the page's cache the way the store stores them (schema v5: an
 * `imports` row and entries carrying its `importId`), offline, and the page reloaded: the card reads
 * them as it would after a real import. Screenshots at 1280×800 and 1024×640.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason } from '../harness';
import {
  connectAndSync,
  goOffline,
  pendingNav,
  pickCustomer,
  screenshot,
  startRig,
  textOf,
} from './fixtures';
import type { AppPage, Rig } from './fixtures';

const skip = browserSkipReason();

describe.skipIf(skip !== null)(`imports in Pending changes${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let rig: Rig;
  let app: AppPage;

  beforeAll(async () => {
    rig = await startRig({ customers: 40, seed: 21 });
    app = await rig.open();
    await connectAndSync(app.page, rig);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('shows one card per import above the single changes, with its failed rows marked by file and row', async () => {
    const { page } = app;
    await goOffline(rig, page);
    const a = pickCustomer(rig);
    const b = pickCustomer(rig, [a.id]);
    const c = pickCustomer(rig, [a.id, b.id]);
    const d = pickCustomer(rig, [a.id, b.id, c.id]);
    await page.evaluate(
      async ({ ids }) => {
        const name = (await indexedDB.databases()).find((x) => x.name?.startsWith('rotor-desk-'))?.name;
        if (!name) throw new Error('no cache');
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open(name);
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        const now = new Date().toISOString();
        const tx = db.transaction(['imports', 'outbox'], 'readwrite');
        const group = (id: string, fileName: string, total: number, sent: number) => ({
          id,
          fileName,
          createdAt: now,
          total,
          joined: 0,
          sent,
          dropped: 0,
          paused: false,
          cancelledAt: null,
        });
        tx.objectStore('imports').put(group('imp-1', 'leads.csv', 1240, 340));
        tx.objectStore('imports').put({
          ...group('imp-2', 'fall-mailing.csv', 120, 120),
          createdAt: '2020-01-01T00:00:00Z',
        });
        const entry = (i: number, customerId: string, rows: number[], failed: string | null) => ({
          id: `e${i}`,
          customerId,
          idempotencyKey: `k${i}`,
          kind: 'update',
          changes: { notes: `imported ${i}` },
          base: { notes: null },
          state: failed ? 'failed' : 'pending',
          attempts: failed ? 1 : 0,
          nextAttemptAt: null,
          lastError: failed ? { kind: 'validation', message: failed } : null,
          conflicts: null,
          createdAt: now,
          updatedAt: now,
          seq: 100_000 + i,
          firstAttemptAt: null,
          ambiguous: false,
          importId: 'imp-1',
          importRows: rows,
        });
        const waiting = Array.from({ length: 897 }, (_, k) => 344 + k);
        tx.objectStore('outbox').put(entry(1, ids[0] ?? '', waiting, null));
        tx.objectStore('outbox').put(entry(2, ids[1] ?? '', [12], 'Phone must have 10 digits'));
        tx.objectStore('outbox').put(entry(3, ids[2] ?? '', [57], 'Email is not a valid address'));
        tx.objectStore('outbox').put(entry(4, ids[3] ?? '', [301], 'Zip/Postal code is too long'));
        await new Promise((resolve, reject) => {
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        });
        db.close();
      },
      { ids: [a.id, b.id, c.id, d.id] },
    );
    await page.reload();
    await pendingNav(page).click();
    const cards = page.getByTestId('import-card');
    await expect.poll(() => cards.count()).toBe(2);
    expect(await textOf(cards.nth(0).getByRole('heading'))).toBe('fall-mailing.csv: all 120 sent');
    expect(await textOf(cards.nth(1).getByRole('heading'))).toBe('leads.csv: 340 of 1,240 sent · 3 failed');
    const entries = page.getByTestId('pending-entry');
    expect(await entries.count()).toBe(3);
    expect(await textOf(entries.nth(0))).toContain('From leads.csv, row 12');
    await cards.nth(1).getByRole('button', { name: 'Cancel unsent' }).click();
    const dialog = page.getByRole('dialog');
    expect(await textOf(dialog)).toContain('897 rows not yet sent will be discarded');
    await dialog.getByRole('button', { name: 'Keep importing' }).click();
    await screenshot(page, 'pending-imports.png');
  });
});
