import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CHANNELS, EVENTS } from '@contract/channels';
import { browserSkipReason, launchBrowser, startHost } from './harness';
import type { RunningHost } from './harness';

const skip = browserSkipReason();

describe.skipIf(skip !== null)(
  `foundation in Chromium via the host${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let host: RunningHost;
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      host = await startHost();
      browser = await launchBrowser();
      page = await browser.newPage();
      await page.goto(host.url);
    });
    afterAll(async () => {
      await browser?.close();
      await host?.stop();
    });

    it('loads the app and exposes window.rotor with the contract’s surface', async () => {
      await page.waitForFunction(() => document.querySelector('#app')?.childElementCount);
      const surface = await page.evaluate(() =>
        Object.fromEntries(
          Object.entries(window.rotor).map(([k, v]) => [
            k,
            typeof v === 'function' ? 'fn' : Object.keys(v as object),
          ]),
        ),
      );
      for (const channel of CHANNELS) {
        const [ns, method] = channel.split('.') as [string, string];
        expect(surface[ns]).toContain(method);
      }
      for (const event of EVENTS)
        expect(surface[`on${event.charAt(0).toUpperCase()}${event.slice(1)}`]).toBe('fn');
    });

    it('round-trips a call through the contract', async () => {
      const result = await page.evaluate(() => window.rotor.app.info());
      expect(result).toMatchObject({ ok: true, data: { shell: 'browser-host' } });
    });

    it('returns a validation error as data', async () => {
      // A wrong type crosses the boundary on purpose: the renderer's types would not allow it.
      const result = await page.evaluate(() =>
        (window.rotor.customers.get as (arg: unknown) => Promise<unknown>)({ id: 42 }),
      );
      expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_argument' } });
    });

    it('refuses an unknown channel', async () => {
      const result = await page.evaluate(async () => {
        const response = await fetch('/__rotor/call/secrets.dump', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        return response.json();
      });
      expect(result).toMatchObject({ ok: false, error: { kind: 'unknown_channel' } });
    });

    it('refuses requests without the token', async () => {
      const call = await fetch(`${host.origin}/__rotor/call/app.info`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(call.status).toBe(403);
      const pageLoad = await fetch(`${host.origin}/`);
      expect(pageLoad.status).toBe(403);
      const events = await fetch(`${host.origin}/__rotor/events`);
      expect(events.status).toBe(403);
      const wrong = await fetch(
        `${host.origin}/__rotor/call/app.info?token=${'x'.repeat(host.token.length)}`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        },
      );
      expect(wrong.status).toBe(403);
    });

    it('refuses calls from another origin even with the cookie’s token', async () => {
      const response = await fetch(`${host.origin}/__rotor/call/app.info`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-rotor-token': host.token,
          origin: 'http://evil.test',
        },
        body: '{}',
      });
      expect(response.status).toBe(403);
    });

    it('sends the strict CSP with the page', async () => {
      const response = await fetch(host.url);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("connect-src 'self'");
      expect(csp).not.toContain('unsafe-eval');
    });
  },
);
