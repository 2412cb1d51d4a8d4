/**
 * A jump down the list (the scrollbar dragged, End): every row is new, so only the rows in view are
 * drawn in that frame, and the rows beyond the edges come back once the list is still. The rows a jump
 * leaves are refilled with the customers it lands on, showing nothing of whom they showed before.
 * Skimming (a screenful a frame, frame after frame) draws the rows it lands on by their first line, and
 * a jump is a skim from its first frame. While the list scrolls its rows ignore the pointer, and a
 * row pressed then is still found, by where it is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason } from '../harness';
import { connectAndSync, customerList, detailName, poll, SMALL_VIEWPORT, startRig } from './fixtures';
import type { AppPage, Rig } from './fixtures';

const skip = browserSkipReason();

describe.skipIf(skip !== null)(`list jump${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let rig: Rig;
  let app: AppPage;

  beforeAll(async () => {
    rig = await startRig({ customers: 300, seed: 23 });
    app = await rig.open();
    await connectAndSync(app.page, rig);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('makes only the rows in view on a jump, and the overscan once the list is still', async () => {
    const listbox = customerList(app.page);
    await listbox.getByRole('option').first().waitFor();
    // The rows drawn in the frame the jump lands in, as aria-posinset, and the rows in view.
    const jumped = await listbox.evaluate(async (el) => {
      el.scrollTop = Math.floor(el.scrollHeight / 2);
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const row = el.querySelector<HTMLElement>('[role="option"]');
      const h = row?.offsetHeight || 60;
      const positions = [...el.querySelectorAll('[role="option"]')].map((o) =>
        Number(o.getAttribute('aria-posinset')),
      );
      const first = Math.floor(el.scrollTop / h) + 1;
      const last = Math.ceil((el.scrollTop + el.clientHeight) / h);
      const rows = [...el.querySelectorAll<HTMLElement>('[role="option"]')];
      return {
        positions,
        first,
        last,
        phones: el.querySelectorAll('[data-testid="row-phone"]').length,
        named: rows.every((r) => (r.textContent ?? '').trim().length > 0),
        pointer: rows.map((r) => getComputedStyle(r).pointerEvents),
      };
    });
    expect(jumped.first).toBeGreaterThan(50);
    // Names only, in the frame it lands in; and no row takes the pointer while the list moves.
    expect(jumped).toMatchObject({ phones: 0, named: true });
    expect(new Set(jumped.pointer)).toEqual(new Set(['none']));
    expect(Math.min(...jumped.positions)).toBe(jumped.first);
    expect(Math.max(...jumped.positions)).toBeLessThanOrEqual(jumped.last + 1);
    expect(jumped.positions).toContain(jumped.last);

    // Still: the rows beyond both edges are there again, for the next wheel notch.
    const around = (): Promise<{ above: number; below: number }> =>
      listbox.evaluate((el, { first, last }) => {
        const positions = [...el.querySelectorAll('[role="option"]')].map((o) =>
          Number(o.getAttribute('aria-posinset')),
        );
        return {
          above: positions.filter((p) => p < first).length,
          below: positions.filter((p) => p > last + 1).length,
        };
      }, jumped);
    await poll(async () => (await around()).above).toBe(2);
    expect((await around()).below).toBeGreaterThan(0);
    await poll(() => listbox.evaluate((el) => el.querySelector('[data-testid="row-phone"]') !== null)).toBe(
      true,
    );
    await poll(() =>
      listbox.evaluate(
        (el) => getComputedStyle(el.querySelector('[role="option"]') as Element).pointerEvents,
      ),
    ).toBe('auto');
    expect(app.errors).toEqual([]);
  });

  it('opens the customer whose row is pressed while the list scrolls', async () => {
    const listbox = customerList(app.page);
    // A wheel notch's move, then a click in the same frame, as the rows ignore the pointer.
    const pressed = await listbox.evaluate(async (el) => {
      el.scrollTop += 200;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const rows = [...el.querySelectorAll<HTMLElement>('[role="option"]')];
      const box = el.getBoundingClientRect();
      const row = rows.find((r) => r.getBoundingClientRect().top >= box.top + 60);
      if (!row) return null;
      const rect = row.getBoundingClientRect();
      const x = rect.left + 40;
      const y = rect.top + rect.height / 2;
      const hit = document.elementFromPoint(x, y);
      // Dispatched where the browser would: on what is under the pointer.
      hit?.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: x, clientY: y }));
      return { id: row.dataset.id, name: row.querySelector('.name')?.textContent, hitRow: row.contains(hit) };
    });
    expect(pressed).not.toBeNull();
    expect(pressed?.hitRow).toBe(false);
    await poll(() => detailName(app.page).textContent()).toBe(pressed?.name);
    await poll(() => listbox.locator('[aria-selected="true"]').getAttribute('data-id')).toBe(pressed?.id);
    expect(app.errors).toEqual([]);
  });

  it('refills the rows it leaves with the customers it lands on, none of their chips carried over', async () => {
    // Narrow, so some rows have more tags than fit and show "+N".
    await app.page.setViewportSize(SMALL_VIEWPORT);
    const listbox = customerList(app.page);
    await listbox.evaluate((el) => (el.scrollTop = 0));
    const fitted = (): Promise<number> => listbox.evaluate((el) => el.querySelectorAll('.more').length);
    await poll(fitted).toBeGreaterThan(0);
    const landed = await listbox.evaluate(async (el) => {
      const before = new Set(el.querySelectorAll('[role="option"]'));
      el.scrollTop = Math.floor(el.scrollHeight * 0.75);
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const rows = [...el.querySelectorAll<HTMLElement>('[role="option"]')];
      return {
        rows: rows.length,
        rebuilt: rows.filter((r) => !before.has(r)).length,
        // Measured only once the list is still: until then, no row keeps an earlier customer's "+N",
        // hidden chips or fitted width.
        more: el.querySelectorAll('.more').length,
        gone: el.querySelectorAll('.gone').length,
        narrowed: [...el.querySelectorAll<HTMLElement>('.box')].filter((b) => b.style.maxWidth).length,
        first: Number(rows[0]?.getAttribute('aria-posinset')),
      };
    });
    expect(landed).toMatchObject({ rebuilt: 0, more: 0, gone: 0, narrowed: 0 });
    expect(landed.rows).toBeGreaterThan(3);
    expect(landed.first).toBeGreaterThan(150);
    // Still: the refilled rows are measured for their own customers, and those with too many tags say so.
    await poll(fitted).toBeGreaterThan(0);
    expect(app.errors).toEqual([]);
  });

  it('draws the rows a skim lands on by their names, and their details once the list is still', async () => {
    const listbox = customerList(app.page);
    const details = (): Promise<{ brief: number; phones: number }> =>
      listbox.evaluate((el) => ({
        brief: el.querySelectorAll('.brief').length,
        phones: el.querySelectorAll('[data-testid="row-phone"]').length,
      }));
    await listbox.evaluate((el) => (el.scrollTop = 0));
    // Still (that move was a jump): the overscan's rows below the last in view are back.
    await poll(() =>
      listbox.evaluate(
        (el) => el.querySelectorAll('[role="option"]').length - Math.ceil(el.clientHeight / 60),
      ),
    ).toBeGreaterThanOrEqual(2);
    await poll(details).toMatchObject({ brief: 0 });
    // A screenful a frame, as a dragged scrollbar moves it, until a frame draws rows brief. The first
    // move alone is a Page Down, not a skim (list-viewport.test.ts), but on a loaded machine its rows
    // beyond the frame's fill allowance are brief too (row-detail.svelte.ts): either way, names only.
    const skim = await listbox.evaluate(async (el) => {
      for (let frame = 1; frame <= 60; frame++) {
        el.scrollTop = (frame * el.clientHeight) % (el.scrollHeight - el.clientHeight);
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const rows = [...el.querySelectorAll<HTMLElement>('[role="option"]')];
        const brief = rows.filter((r) => r.querySelector('.brief'));
        if (brief.length)
          return {
            frame,
            rows: rows.length,
            brief: brief.length,
            names: brief.every((r) => (r.textContent ?? '').trim().length > 0),
            phones: brief.filter((r) => r.querySelector('[data-testid="row-phone"]')).length,
            ids: rows.map((r) => r.dataset.id),
          };
      }
      return null;
    });
    expect(skim).not.toBeNull();
    expect(skim).toMatchObject({ names: true, phones: 0 });
    // Still: the same rows, whole.
    await poll(details).toMatchObject({ brief: 0 });
    expect((await details()).phones).toBeGreaterThan(0);
    const ids = await listbox.evaluate((el) =>
      [...el.querySelectorAll<HTMLElement>('[role="option"]')].map((r) => r.dataset.id),
    );
    expect(ids).toEqual(expect.arrayContaining(skim?.ids ?? []));
    expect(app.errors).toEqual([]);
  });
});
