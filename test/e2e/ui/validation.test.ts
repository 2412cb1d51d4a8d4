/**
 * A change Rotor rejects: the entry fails with Rotor's field message, the message shows on that field
 * when the form is opened again, and the corrected value is sent and lands on the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason } from '../harness';
import {
  committedUpserts,
  connectAndSync,
  customerList,
  detail,
  field,
  form,
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

      // Failed, with Rotor's message, in the detail pane, the status bar and the pending list.
      const state = page.getByTestId('sync-state');
      await poll(() => textOf(state)).toContain('Rotor did not accept this change.');
      await expect(textOf(state)).resolves.toContain('email: Invalid email format');
      await poll(() => textOf(statusBar(page))).toMatch(/0 pending · 1 failed/);
      await pendingNav(page).click();
      const entry = page.getByTestId('pending-entry');
      await poll(() => textOf(entry)).toContain('Failed');
      await expect(textOf(entry)).resolves.toContain('Email: Invalid email format');
      expect(server.getCustomer(target.id)?.email).toBe(target.email);

      // The form names the field and keeps Rotor's message on it until the value changes.
      await entry.getByRole('button', { name: 'Edit', exact: true }).click();
      await form(page).waitFor();
      await form(page).getByText('Rotor rejected this change when it was sent.').waitFor();
      const email = field(page, 'Email');
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
  },
);
