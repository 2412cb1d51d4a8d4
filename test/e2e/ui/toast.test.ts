/**
 * A toast goes by itself after a few seconds, but never while it is being read: it waits while the
 * pointer is over it or focus is in it, and goes on once both have left. The page's clock is paused,
 * so "a few seconds" and "a minute" are exact, whatever the machine's speed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shownMs } from '../../../src/lib/components/dismiss-timer';
import { browserSkipReason } from '../harness';
import { connectAndSync, startRig, statusBar } from './fixtures';
import type { AppPage, Rig } from './fixtures';

const skip = browserSkipReason();
/** A success toast's time on screen. */
const SHOWN_MS = shownMs('success');
const A_MINUTE = 60_000;

describe.skipIf(skip !== null)(`a toast being read${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let rig: Rig;
  let app: AppPage;

  beforeAll(async () => {
    rig = await startRig({ customers: 20, seed: 23 });
    app = await rig.open({
      beforeLoad: async (context) => {
        await context.clock.install({ time: Date.parse('2026-03-02T09:00:00Z') });
        await context.clock.pauseAt(Date.parse('2026-03-02T09:00:01Z'));
      },
    });
    await connectAndSync(app.page, rig);
  });
  afterAll(async () => {
    await rig?.close();
  });

  const toast = () => app.page.getByTestId('notice').locator('.toast');

  /** "Sync complete", freshly shown, with the pointer left on the Sync button. */
  async function freshToast(): Promise<void> {
    const { page } = app;
    // The first sync's toast is still up (the clock stands still): its timer must not be the one run.
    if (await toast().count()) {
      await toast().getByRole('button', { name: 'Dismiss' }).click();
      await toast().waitFor({ state: 'detached' });
    }
    await statusBar(page)
      .getByRole('button', { name: /^Sync now/ })
      .click();
    await toast().filter({ hasText: 'Sync complete' }).waitFor();
  }

  it('goes after its time when nobody reads it', async () => {
    await freshToast();
    await app.page.clock.runFor(SHOWN_MS - 1);
    expect(await toast().count()).toBe(1);
    await app.page.clock.runFor(1);
    await toast().waitFor({ state: 'detached' });
  });

  it('stays while the pointer is over it, then goes on with what it had left', async () => {
    await freshToast();
    await app.page.clock.runFor(1_000);
    await toast().hover();
    await app.page.clock.runFor(A_MINUTE);
    expect(await toast().count()).toBe(1);
    await app.page.mouse.move(1, 1);
    await app.page.clock.runFor(SHOWN_MS - 1_000 - 1);
    expect(await toast().count()).toBe(1);
    await app.page.clock.runFor(1);
    await toast().waitFor({ state: 'detached' });
  });

  it('stays while focus is on its Dismiss button, and goes once focus moves on', async () => {
    await freshToast();
    await toast().getByRole('button', { name: 'Dismiss' }).focus();
    await app.page.clock.runFor(A_MINUTE);
    expect(await toast().count()).toBe(1);
    await app.page.getByRole('searchbox', { name: 'Search customers' }).focus();
    await app.page.clock.runFor(SHOWN_MS - 1);
    expect(await toast().count()).toBe(1);
    await app.page.clock.runFor(1);
    await toast().waitFor({ state: 'detached' });
  });
});
