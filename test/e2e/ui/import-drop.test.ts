/**
 * The import page's drop highlight in Chromium through the host: it shows while a file is dragged over
 * any part of the page and goes when the drag leaves the window or is cancelled, wherever the pointer
 * was (a drag event comes from the element under it, not from the page). Its own rig: it first ran in
 * import.test.ts's shared page, where the keyboard test after it then failed in two clean-clone CI runs
 * of three (2026-12-04), focus stuck on the Customers heading. The likely cause was found later and
 * fixed in focus-request.ts (focus taken back from the user after a navigation); a rig of its own
 * still keeps this test from depending on what ran before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason } from '../harness';
import { connectAndSync, goToList, startRig } from './fixtures';
import type { AppPage, Rig } from './fixtures';

const skip = browserSkipReason();

describe.skipIf(skip !== null)(`import drop highlight${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let rig: Rig;
  let app: AppPage;

  beforeAll(async () => {
    rig = await startRig({ customers: 5, seed: 11 });
    app = await rig.open();
    await connectAndSync(app.page, rig);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('goes when a drag leaves the window or is cancelled over any part of the page', async () => {
    const { page } = app;
    await goToList(page);
    await page.getByTestId('import-open').click();
    const view = page.getByTestId('import-view');
    const heading = page.getByRole('heading', { name: 'Import customers', level: 1 });
    const highlighted = (): Promise<boolean> => view.evaluate((el) => el.classList.contains('dragging'));
    /** A drag event from the heading, going to the text under it (`intro`) or out of the window. */
    const drag = (type: string, into: 'outside' | 'intro'): Promise<void> =>
      heading.evaluate(
        (el, [type, into]) => {
          const related = into === 'intro' ? el.closest('.wrap')?.querySelector('.intro') : null;
          el.dispatchEvent(
            new DragEvent(type as string, {
              bubbles: true,
              cancelable: true,
              relatedTarget: related ?? null,
            }),
          );
        },
        [type, into],
      );

    await drag('dragover', 'intro');
    expect(await highlighted()).toBe(true);
    // From the heading onto the text under it: still over the page, so no flicker.
    await drag('dragleave', 'intro');
    expect(await highlighted()).toBe(true);
    // Out of the window (or Escape) while over the heading: the page itself never sees a dragleave.
    await drag('dragleave', 'outside');
    expect(await highlighted()).toBe(false);
  });
});
