import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hearMarks, markHeard } from '../page-marks';
import { MARK_MESSAGE } from '../shared/types';

/** Just enough of a Playwright page: console messages, told by `say`. */
function fakePage(): { page: Page; say: (text: string) => void } {
  const events = new EventEmitter();
  const page = { on: (name: string, fn: (m: unknown) => void) => events.on(name, fn) } as unknown as Page;
  return { page, say: (text) => events.emit('console', { text: () => text }) };
}

describe("the page's announced marks", () => {
  it('a mark announced before anyone waits for it is still heard', async () => {
    const { page, say } = fakePage();
    hearMarks(page);
    say(`${MARK_MESSAGE}firstRows`);
    await expect(markHeard(page, 'firstRows', 1_000)).resolves.toBeUndefined();
  });

  it('a wait ends when its mark is announced, and only its own mark ends it', async () => {
    const { page, say } = fakePage();
    hearMarks(page);
    let done = false;
    const waiting = markHeard(page, 'searchReady', 1_000).then(() => (done = true));
    say(`${MARK_MESSAGE}firstRows`);
    say('searchReady');
    await Promise.resolve();
    expect(done).toBe(false);
    say(`${MARK_MESSAGE}searchReady`);
    await waiting;
    expect(done).toBe(true);
  });

  it('gives up after its time with the mark named, and refuses a page nobody listens to', async () => {
    const { page } = fakePage();
    hearMarks(page);
    await expect(markHeard(page, 'syncDone', 5)).rejects.toThrow('"syncDone" within 5 ms');
    await expect(markHeard(fakePage().page, 'syncDone', 5)).rejects.toThrow('hearMarks before goto');
  });
});
