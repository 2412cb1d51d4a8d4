/**
 * A change Rotor rejects: the entry fails with Rotor's field message under the field's label, keeps it
 * through a refresh, offers "Fix Email" (not Retry) which opens the form on that field with the message
 * on it, and the corrected value is sent and lands on the server. Rejected and then changed in Rotor too,
 * it becomes a conflict that still says why and does not preselect the rejected value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason } from '../harness';
import {
  committedUpserts,
  connectAndSync,
  customerList,
  detail,
  dismissNotices,
  editOpenCustomer,
  field,
  form,
  goToList,
  pendingCount,
  pendingNav,
  pickCustomer,
  poll,
  search,
  startRig,
  statusBar,
  textOf,
  upserts,
} from './fixtures';
import type { AppPage, Rig } from './fixtures';

const skip = browserSkipReason();

describe.skipIf(skip !== null)(
  `a validation failure, fixed and resent${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let rig: Rig;
    let app: AppPage;
    const used: string[] = [];

    beforeAll(async () => {
      rig = await startRig({ customers: 60, seed: 11 });
      app = await rig.open();
      await connectAndSync(app.page, rig);
    });
    afterAll(async () => {
      await rig?.close();
    });

    it('marks the change failed with Rotor’s message, shows it on the field, and sends the fix', async () => {
      const { page } = app;
      const server = rig.server.control;
      const target = pickCustomer(rig);
      used.push(target.id);
      const rejected = 'billing@lakeside-windows.example';
      const fixed = 'billing@lakeside-windows.example.com';
      const logStart = server.requestLog().length;

      // Rotor's own validator is stricter than ours here: its answer is the documented 400 shape.
      server.overrideNext(
        '/customers',
        {
          status: 400,
          body: {
            status: 'error',
            message: 'Validation failed',
            errors: [{ field: 'email', message: 'Invalid email format' }],
          },
        },
        'POST',
      );

      await search(page, target.email ?? '');
      await customerList(page).getByRole('option').first().click();
      await detail(page).getByRole('button', { name: 'Edit', exact: true }).click();
      await field(page, 'Email').fill(rejected);
      await form(page).getByRole('button', { name: 'Save', exact: true }).click();
      await form(page).waitFor({ state: 'detached' });
      // The search was for the old email, which the customer no longer has: the detail would say
      // "Not in this view". Search by the new one, as a user would.
      await search(page, rejected);

      // Failed, with Rotor's message, in the detail pane, the status bar and the pending list.
      const state = page.getByTestId('sync-state');
      await poll(() => textOf(state)).toContain('Rotor did not accept this change.');
      // Named by the form's label, not Rotor's field name.
      await expect(textOf(state)).resolves.toContain(
        'Rotor rejected the customer change: Email: Invalid email',
      );
      await poll(() => textOf(statusBar(page))).toMatch(/0 pending · 1 failed/);

      // A refresh keeps the reason: still failed, nothing sent again.
      await dismissNotices(page);
      await statusBar(page)
        .getByRole('button', { name: /^Sync now/ })
        .click();
      await page
        .getByText(/^Sync complete/)
        .first()
        .waitFor();
      await poll(() => textOf(statusBar(page))).toMatch(/0 pending · 1 failed/);
      await pendingNav(page).click();
      const entry = page.getByTestId('pending-entry');
      await poll(() => textOf(entry)).toContain('Failed');
      await expect(textOf(entry)).resolves.toContain('Email: Invalid email format');
      await expect(textOf(entry)).resolves.not.toMatch(/\bemail:/);
      expect(server.getCustomer(target.id)?.email).toBe(target.email);

      // One way out, first: fix the field. Retry would be rejected the same way, so it isn't offered.
      const actions = await entry.getByRole('button').allInnerTexts();
      expect(actions[0]).toBe('Fix Email');
      expect(actions).not.toContain('Retry now');
      await entry.getByRole('button', { name: 'Fix Email' }).click();
      await form(page).waitFor();
      await form(page).getByText('Rotor rejected this change when it was sent.').waitFor();
      const email = field(page, 'Email');
      await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('field-email');
      await expect(email.inputValue()).resolves.toBe(rejected);
      await expect(email.getAttribute('aria-invalid')).resolves.toBe('true');
      const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
      await expect(
        textOf(page.locator(`#${describedBy.split(' ').find((id) => id.endsWith('-error'))}`)),
      ).resolves.toBe('Invalid email format');

      await email.fill(fixed);
      await poll(() => email.getAttribute('aria-invalid')).toBeNull();
      await form(page).getByRole('button', { name: 'Save', exact: true }).click();
      await form(page).waitFor({ state: 'detached' });

      await poll(() => server.getCustomer(target.id)?.email).toBe(fixed);
      await poll(() => pendingCount(page)).toBe(0);
      await poll(() => textOf(statusBar(page))).not.toContain('failed');
      await poll(() => page.getByTestId('sync-state').count()).toBe(0);
      await expect(textOf(detail(page))).resolves.toContain(fixed);

      // Two attempts in all: the rejected one, then the fix; only the fix committed.
      const sent = upserts(server.requestLog().slice(logStart));
      expect(sent.map((e) => e.status)).toEqual([400, 200]);
      expect(committedUpserts(sent)).toHaveLength(1);
    });

    it('rejected and then changed in Rotor: a conflict that keeps the reason and preselects nothing', async () => {
      const { page } = app;
      const server = rig.server.control;
      const target = pickCustomer(rig, used);
      const rejected = 'office@lakeside-windows.example';
      const colleague = 'front-desk@lakeside.example.com';
      const fixed = 'office@lakeside-windows.example.com';
      server.overrideNext(
        '/customers',
        {
          status: 400,
          body: {
            status: 'error',
            message: 'Validation failed',
            errors: [{ field: 'email', message: 'Invalid email format' }],
          },
        },
        'POST',
      );
      await goToList(page);
      await search(page, target.email ?? '');
      await customerList(page).getByRole('option').first().click();
      await editOpenCustomer(page, { Email: rejected });
      await poll(() => textOf(statusBar(page))).toMatch(/1 failed/);

      server.updateCustomerRaw(target.id, { email: colleague });
      await statusBar(page)
        .getByRole('button', { name: /^Sync now/ })
        .click();
      await poll(() => textOf(statusBar(page))).toContain('1 to resolve');

      await pendingNav(page).click();
      const entry = page.getByTestId('pending-entry');
      await poll(() => textOf(entry)).toContain('Email: Invalid email format');
      await entry.getByRole('button', { name: 'Resolve conflict' }).click();
      const card = page.getByTestId('conflict-card');
      await card.waitFor();
      await expect(textOf(card)).resolves.toContain('Rotor did not accept this change when it was sent.');
      const email = card.getByRole('group', { name: 'Email' });
      await expect(textOf(email)).resolves.toContain('Rotor rejected this value: Invalid email format');
      for (const radio of await email.getByRole('radio').all()) {
        await expect(radio.isChecked()).resolves.toBe(false);
      }
      // Nothing chosen: the card says so on the field instead of sending the rejected value.
      const before = upserts(server.requestLog()).length;
      await card.getByRole('button', { name: 'Resolve and send' }).click();
      await email.getByText('Choose Rotor’s value, yours, or type a new one.').waitFor();
      expect(upserts(server.requestLog())).toHaveLength(before);

      await email.getByRole('radio', { name: /^Type a new value/ }).check();
      await email.getByLabel('New email').fill(fixed);
      await card.getByRole('button', { name: 'Resolve and send' }).click();
      await poll(() => server.getCustomer(target.id)?.email).toBe(fixed);
      await poll(() => pendingCount(page)).toBe(0);
    });
  },
);
