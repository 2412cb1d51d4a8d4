/**
 * A big import against the real day's budget: real main (its quota ledger and its midnight wake-up),
 * the real data layer and scheduler, the Rotor double, a virtual clock. The import sends until main's
 * remaining quota reaches the edit reserve, then sleeps — no wake-up loop, no requests — while a
 * technician's edit still goes at once; after 00:00 UTC main's quota event wakes replay and the rest goes,
 * every row exactly once.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { EDIT_RESERVE } from '../../../src/lib/data/budget';
import type { ImportRowPlan } from '../../../src/lib/data/types';
import { firesPerHour, HOUR } from './clock';
import { T0, World } from './world';

vi.mock('conf', () => import('./conf-double'));
vi.mock(import('../../../electron/main/rotor/retry'), async (original) => {
  const retry = await original();
  const sim = await import('./sleep');
  return { ...retry, sleep: sim.simSleep, backoffDelay: sim.seededBackoff(retry.backoffDelay) };
});

/** Data-layer wake-ups allowed in one hour while the import waits for the reset (it should need none). */
const DATA_WAKEUPS_PER_HELD_HOUR = 6;
const ROWS = 1000;
const DAY = 24 * HOUR;

const open: World[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

it('a 1,000-row import stops at the edit reserve, sleeps without spinning, lets an edit through, and finishes after the reset', async () => {
  const w = await World.create({ seed: 13, customers: { A: 3, B: 0 }, settings: { autoRefreshHours: 24 } });
  open.push(w);
  const store = w.app.store;
  if (!store) throw new Error('no store open');
  const company = w.server.control.company('company-a');
  const before = company.customers().length;
  const rows: ImportRowPlan[] = Array.from({ length: ROWS }, (_, i) => ({
    row: i + 1,
    target: null,
    changes: { first_name: `Lead${i + 1}`, email: `lead${i + 1}@door.example` },
  }));
  const queued = await w.until(store.queueImport({ fileName: 'leads.csv', rows }));
  expect(queued).toMatchObject({ ok: true, data: { queued: ROWS } });
  await w.advance(HOUR);

  // Held at the reserve: main still has (about: its own requests are not the replayer's to count) the
  // reserve for edits today.
  const held = store.importGroups()[0];
  expect(w.app.quota.remaining).toBeGreaterThanOrEqual(EDIT_RESERVE - 2);
  expect(w.app.quota.remaining).toBeLessThanOrEqual(EDIT_RESERVE + 5);
  expect(held?.waiting).toBeGreaterThan(0);
  expect(held?.sent).toBeGreaterThan(800);

  // The rest of the day: the data layer sleeps and sends nothing of the import.
  const from = w.clock.fires.length;
  const sentBefore = w.sent.filter((r) => r.apiKey !== null).length;
  const start = w.clock.now;
  await w.advance(6 * HOUR);
  const fires = w.clock.fires.slice(from).filter((f) => f.at > start);
  for (const n of firesPerHour(fires, ['data'], false).values())
    expect(n, 'data-layer wake-ups in an hour while held').toBeLessThanOrEqual(DATA_WAKEUPS_PER_HELD_HOUR);
  expect(w.sent.filter((r) => r.apiKey !== null).length - sentBefore, 'requests while held').toBe(0);
  expect(store.importGroups()[0]?.sent).toBe(held?.sent);

  // A technician's edit is never held by the import.
  const target = company.customers()[0];
  if (!target) throw new Error('no customer');
  expect(await w.until(store.saveEdit(target.id, { notes: 'gate code 4411' }))).toMatchObject({ ok: true });
  await w.advance(60_000);
  expect(company.getCustomer(target.id)?.notes).toBe('gate code 4411');
  expect(store.importGroups()[0]?.sent).toBe(held?.sent);

  // Rotor counted the day's requests the same way: the reserve (less the edit and the sign-in and first sync main made) is still there.
  expect(w.server.control.quotaUsed(w.accounts.A.key)).toBeLessThanOrEqual(1000 - EDIT_RESERVE + 3);

  // 00:00 UTC: main rolls the day over and its quota event wakes replay; the rest goes.
  const midnight = (Math.floor(T0 / DAY) + 1) * DAY;
  await w.advance(midnight - w.clock.now + HOUR);
  expect(store.importGroups()[0]).toMatchObject({ sent: ROWS, waiting: 0, done: true });
  expect(company.customers().length).toBe(before + ROWS);
  // Each row once: no email twice in Rotor.
  const emails = company.customers().map((c) => c.email);
  expect(new Set(emails).size).toBe(emails.length);
});
