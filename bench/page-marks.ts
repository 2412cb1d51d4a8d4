/**
 * Hears the milestones a page announces as console messages (`MARK_MESSAGE` + a name): the probe's
 * marks, the cold floor's end. Waiting on them puts nothing into the page. `waitForFunction`'s polling
 * did: its first poll injects Playwright's utility script, a task of 15–30 ms (4× that with the CPU
 * throttled), right while the app starts, inside the very window a cold start measures.
 */
import type { Page } from 'playwright-core';
import { MARK_MESSAGE } from './shared/types';

interface Heard {
  seen: Set<string>;
  waiting: Map<string, (() => void)[]>;
}

const pages = new WeakMap<Page, Heard>();

/** Starts listening; call before the page navigates, so no announcement is missed. */
export function hearMarks(page: Page): void {
  if (pages.has(page)) return;
  const heard: Heard = { seen: new Set(), waiting: new Map() };
  pages.set(page, heard);
  page.on('console', (message) => {
    const text = message.text();
    if (!text.startsWith(MARK_MESSAGE)) return;
    const name = text.slice(MARK_MESSAGE.length);
    heard.seen.add(name);
    for (const wake of heard.waiting.get(name) ?? []) wake();
    heard.waiting.delete(name);
  });
}

/** Resolves once the page has announced `name` (at once if it already has); rejects after `timeoutMs`. */
export function markHeard(page: Page, name: string, timeoutMs: number): Promise<void> {
  const heard = pages.get(page);
  if (!heard) return Promise.reject(new Error(`bench: not listening for "${name}" (hearMarks before goto)`));
  if (heard.seen.has(name)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const wake = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      const left = (heard.waiting.get(name) ?? []).filter((w) => w !== wake);
      heard.waiting.set(name, left);
      reject(new Error(`bench: the page did not announce "${name}" within ${timeoutMs} ms`));
    }, timeoutMs);
    heard.waiting.set(name, [...(heard.waiting.get(name) ?? []), wake]);
  });
}
