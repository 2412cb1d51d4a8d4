/**
 * Hostile text from Rotor, in real Chromium through the host. Script and markup payloads in every text
 * field Rotor can return, and in Rotor's error messages, must show up as literal text wherever the app
 * shows them — list row, detail, edit form, pending changes, conflict view, notices — and never run,
 * never become elements, and never even trip the CSP (a violation would mean markup was parsed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_API_KEY, startRotorServer } from '../../../electron/main/simulation/server';
import type { RotorServer, ServerCustomer } from '../../../electron/main/simulation/server';
import { browserSkipReason, launchBrowser, startHost } from '../harness';
import type { RunningHost } from '../harness';
import { connectThroughOnboarding, eventually } from './helpers';

const skip = browserSkipReason();

const P = {
  img: '<img src=x onerror="window.__xss=1">',
  script: '<script>window.__xss=2</script>',
  svg: '"><svg onload="window.__xss=3">',
  jsUrl: 'javascript:window.__xss=4',
  svelte: "{@html '<img src=x onerror=window.__xss=5>'}",
  rtl: 'Invoice \u202Efdp.exe',
  iframe: '<iframe srcdoc="<script>parent.__xss=7</script>"></iframe>',
  anchor: '<a href="javascript:window.__xss=8">click me</a>',
  template: "{{constructor.constructor('window.__xss=9')()}}",
  textarea: '</textarea><img src=x onerror="window.__xss=10">',
  style: '<style>body{display:none}</style>',
  entity: '&lt;b&gt;not bold&lt;/b&gt; &amp; &#60;i&#62;',
  /** Passes the form's email check (no spaces, an @ and a dot), so the customer stays editable. */
  email: '"><img/src=x/onerror=window.__xss=11>@evil.test',
} as const;
const ALL = Object.values(P);

/** Three customers between them carry every payload in every kind of text field the read shape has. */
const HOSTILE: Array<Partial<ServerCustomer>> = [
  {
    first_name: P.img,
    last_name: P.svg,
    company_name: P.script,
    email: P.jsUrl,
    phone: P.jsUrl,
    notes: ALL.join('\n'),
    tags: [P.img, P.script, P.svelte, P.rtl],
    property_street1: P.textarea,
    property_street2: P.iframe,
    property_city: P.anchor,
    property_state: P.template,
    property_zip: P.rtl,
    property_country: P.style,
    source: P.svelte,
  },
  {
    first_name: P.script,
    last_name: P.rtl,
    company_name: P.anchor,
    email: P.email,
    phone: `${P.img} 555`,
    notes: P.entity,
    tags: [P.svg, P.anchor, P.template],
    property_street1: P.iframe,
    property_city: P.img,
    property_zip: P.entity,
    source: P.iframe,
  },
  {
    first_name: P.template,
    last_name: P.entity,
    company_name: P.style,
    notes: P.textarea,
    tags: [P.iframe, P.style, P.entity, P.textarea],
    property_street1: P.svelte,
    property_city: P.svelte,
    property_state: P.jsUrl,
    source: P.anchor,
  },
];

interface Violation {
  directive: string;
  blocked: string;
  source: string;
}

interface Inertness {
  xss: unknown;
  injected: string[];
  handlers: string[];
  violations: Violation[];
  dialogs: number;
}

/**
 * zod (bundled into the renderer through @contract imports) probes for eval with `new Function('')` at
 * startup; the CSP refuses it and zod carries on without. That is the app's own code, reported by its
 * own test below, not something a payload did: a payload would be inline script or markup.
 */
const isZodEvalProbe = (v: Violation): boolean =>
  v.directive === 'script-src' && v.blocked === 'eval' && /\/assets\/[^/]+\.js$/.test(v.source);

async function inertness(page: Page, dialogs: number): Promise<Inertness> {
  const inPage = await page.evaluate(() => {
    const w = window as unknown as { __xss?: unknown; __violations?: Violation[] };
    const injected = [
      ...document.querySelectorAll(
        'img[src="x"], svg[onload], iframe, script:not([src]), a[href^="javascript:" i], object, embed',
      ),
    ].map((el) => el.outerHTML.slice(0, 80));
    for (const style of document.querySelectorAll('style'))
      if (style.textContent?.includes('display:none')) injected.push(style.outerHTML.slice(0, 80));
    const handlers = [...document.querySelectorAll('*')]
      .filter((el) => [...el.attributes].some((a) => a.name.toLowerCase().startsWith('on')))
      .map((el) => el.outerHTML.slice(0, 80));
    return { xss: w.__xss, injected, handlers, violations: w.__violations ?? [] };
  });
  return { ...inPage, violations: inPage.violations.filter((v) => !isZodEvalProbe(v)), dialogs };
}

describe.skipIf(skip !== null)(
  `hostile text from Rotor stays text${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let server: RotorServer;
    let host: RunningHost;
    let browser: Browser;
    let page: Page;
    let ids: string[] = [];
    let dialogs = 0;
    let checks = 0;

    const expectInert = async (where: string): Promise<void> => {
      checks++;
      expect(await inertness(page, dialogs), where).toEqual({
        xss: undefined,
        injected: [],
        handlers: [],
        violations: [],
        dialogs: 0,
      });
    };
    /** The element's rendered text holds each payload exactly as Rotor sent it. */
    const expectLiteral = async (
      selector: string,
      texts: readonly string[],
      where: string,
    ): Promise<void> => {
      const shown = await page.locator(selector).first().innerText();
      for (const t of texts) expect(shown, `${where} shows ${JSON.stringify(t)}`).toContain(t);
    };
    const show = async (hash: string): Promise<void> => {
      await page.evaluate((h) => (location.hash = h), hash);
    };

    beforeAll(async () => {
      server = await startRotorServer({ customers: 4, seed: 8 });
      ids = HOSTILE.map((c) => server.control.addCustomer(c).id);
      host = await startHost({ rotorUrl: server.url });
      browser = await launchBrowser();
      const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC' });
      // Records CSP violations from the first byte: a payload parsed as markup would trip one.
      await context.addInitScript(() => {
        const w = window as unknown as { __violations: Violation[] };
        w.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) =>
          w.__violations.push({
            directive: e.violatedDirective,
            blocked: e.blockedURI,
            source: e.sourceFile,
          }),
        );
      });
      page = await context.newPage();
      page.on('dialog', (d) => {
        dialogs++;
        void d.dismiss();
      });
      await page.goto(host.url);
      await connectThroughOnboarding(page, DEMO_API_KEY);
    });
    afterAll(async () => {
      console.info(
        `[reliability] xss: ${ALL.length} payloads in ${HOSTILE.length} customers, ${checks} inertness checks`,
      );
      await browser?.close();
      await host?.stop();
      await server?.close();
    });

    it('list rows show names, company, phone, city and tags literally', async () => {
      for (const [i, c] of HOSTILE.entries()) {
        const row = `[data-testid="customer-row"][data-id="${ids[i]}"]`;
        await page.locator(row).waitFor();
        const parts = [c.first_name, c.last_name, c.property_city, ...(c.tags ?? []).slice(0, 2)];
        // textContent: a narrow row folds tags into "+N" (hidden, not gone), and literal is what matters here.
        const text = (await page.locator(row).first().textContent()) ?? '';
        for (const p of parts.filter((p): p is string => !!p))
          expect(text, `row ${i} shows ${JSON.stringify(p)}`).toContain(p);
      }
      await expectInert('the list');
    });

    it('the detail view shows every field literally', async () => {
      for (const [i, c] of HOSTILE.entries()) {
        await show(`#/customers/${encodeURIComponent(ids[i] ?? '')}`);
        const texts = [
          c.first_name,
          c.last_name,
          c.company_name,
          c.email,
          c.phone,
          c.property_street1,
          c.property_street2,
          c.property_city,
          c.property_state,
          c.property_zip,
          c.property_country,
          c.source,
          ...(c.tags ?? []),
          ...(c.notes ?? '').split('\n'),
        ];
        await page.getByTestId('customer-detail').waitFor();
        await eventually(
          async () => (await page.getByTestId('customer-detail').innerText()).includes(c.source ?? ''),
          `detail ${i} shows`,
        );
        await expectLiteral(
          '[data-testid="customer-detail"]',
          texts.filter((t): t is string => !!t),
          `detail ${i}`,
        );
        // Links are built from the data but never with a script scheme.
        const hrefs = await page
          .getByTestId('customer-detail')
          .locator('a[href]')
          .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).protocol));
        for (const protocol of hrefs) expect(['tel:', 'mailto:', 'https:', 'http:']).toContain(protocol);
        await expectInert(`detail ${i}`);
      }
    });

    it('the edit form holds the values literally', async () => {
      const c = HOSTILE[0] as Partial<ServerCustomer>;
      await show(`#/edit/${encodeURIComponent(ids[0] ?? '')}`);
      await page.getByTestId('customer-form').waitFor();
      const fields: Array<[string, string | null | undefined]> = [
        ['First name', c.first_name],
        ['Last name', c.last_name],
        ['Company', c.company_name],
        ['Email', c.email],
        ['Phone', c.phone],
        ['Property street', c.property_street1],
        ['Property street line 2', c.property_street2],
        ['Property city', c.property_city],
        ['Property state', c.property_state],
        ['Property ZIP', c.property_zip],
        ['Property country', c.property_country],
        ['Source', c.source],
        ['Notes', c.notes],
      ];
      for (const [label, value] of fields)
        expect(await page.getByLabel(label, { exact: true }).inputValue(), label).toBe(value);
      await expectLiteral('[data-testid="customer-form"]', c.tags ?? [], 'the tag chips');
      await expectInert('the edit form');
    });

    it('a rejected change shows Rotor’s hostile error message and field errors as text (pending view, detail, form)', async () => {
      // The user's own edit carries a payload too; Rotor answers 400 with payloads in every string.
      server.control.overrideNext(
        '/customers',
        {
          status: 400,
          body: {
            status: 'error',
            message: P.img,
            errors: [
              { field: P.svg, message: P.script },
              { field: 'notes', message: P.iframe },
            ],
          },
        },
        'POST',
      );
      await show(`#/edit/${encodeURIComponent(ids[2] ?? '')}`);
      await page.getByTestId('customer-form').waitFor();
      await page.getByLabel('Notes', { exact: true }).fill(`typed: ${P.anchor}`);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByTestId('customer-form').waitFor({ state: 'detached' });
      await show('#/pending');
      const entry = page.getByTestId('pending-entry').first();
      await eventually(async () => (await entry.innerText()).includes(P.script), 'the field error is shown');
      // With field errors the entry shows those (Rotor's top-level message is not repeated).
      await expectLiteral(
        '[data-testid="pending-entry"]',
        [P.svg, P.script, P.iframe, P.textarea, P.anchor],
        'pending',
      );
      await expectInert('the pending view');

      await show(`#/customers/${encodeURIComponent(ids[2] ?? '')}`);
      await page.getByTestId('sync-state').waitFor();
      await expectLiteral('[data-testid="sync-state"]', [P.svg, P.script], 'the sync notice');
      await expectInert('the detail with a failed change');

      await show(`#/edit/${encodeURIComponent(ids[2] ?? '')}`);
      await page.getByTestId('customer-form').waitFor();
      await expectLiteral('[data-testid="customer-form"]', [P.script], 'the form’s server messages');
      await expectInert('the form with server messages');
      await page.getByRole('button', { name: 'Cancel', exact: true }).click();
      await page.getByTestId('customer-form').waitFor({ state: 'detached' });
    });

    it('a validation error without fields shows Rotor’s message as text', async () => {
      server.control.overrideNext(
        '/customers',
        { status: 400, body: { status: 'error', message: P.svelte } },
        'POST',
      );
      const plain = server.control
        .customers()
        .find((c) => !c.archived && !ids.includes(c.id) && c.email?.includes('@'));
      await show(`#/edit/${encodeURIComponent(plain?.id ?? '')}`);
      await page.getByTestId('customer-form').waitFor();
      await page.getByLabel('Notes', { exact: true }).fill('a plain note');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByTestId('customer-form').waitFor({ state: 'detached' });
      await show('#/pending');
      await eventually(
        async () =>
          (await page.locator('[data-testid="pending-entry"]').allInnerTexts()).join('\n').includes(P.svelte),
        'Rotor’s message is shown',
      );
      await expectInert('the pending view with Rotor’s message');
    });

    it('the conflict view shows base, mine and theirs literally', async () => {
      const id = ids[1] ?? '';
      // Every change fails on Rotor's side for now, so the edit is still queued when the refresh reads
      // the customer's new company name and flags the conflict.
      server.control.injectFaults({ status5xx: 1, only: ['upsert'] });
      await show(`#/edit/${encodeURIComponent(id)}`);
      await page.getByTestId('customer-form').waitFor();
      await page.getByLabel('Company', { exact: true }).fill(`mine ${P.textarea}`);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByTestId('customer-form').waitFor({ state: 'detached' });
      server.control.updateCustomerRaw(id, { company_name: `theirs ${P.template}` });
      await page.getByRole('button', { name: /^Sync now/ }).click();
      await show('#/conflicts');
      const card = page.getByTestId('conflict-card').first();
      await card.waitFor();
      await expectLiteral(
        '[data-testid="conflict-card"]',
        [P.anchor, `mine ${P.textarea}`, `theirs ${P.template}`],
        'conflict',
      );
      await expectInert('the conflict view');
      server.control.clearFaults();
    });

    it('notices show Rotor’s hostile messages as text (refresh one customer, sync)', async () => {
      const id = ids[2] ?? '';
      await show(`#/customers/${encodeURIComponent(id)}`);
      await page.getByTestId('customer-detail').waitFor();
      server.control.overrideNext(
        `/customers/${id}`,
        { status: 400, body: { status: 'error', message: P.img } },
        'GET',
      );
      await page.getByRole('button', { name: /^Refresh from Rotor/ }).click();
      const notice = page.getByTestId('error-notice');
      await eventually(async () => (await notice.innerText()).includes(P.img), 'the refresh error notice');
      await expectInert('the refresh error notice');

      server.control.overrideNext(
        '/customers',
        { status: 400, body: { status: 'error', message: P.script } },
        'GET',
      );
      await page.getByRole('button', { name: /^Sync now/ }).click();
      await eventually(async () => (await notice.innerText()).includes(P.script), 'the sync error notice');
      await expectInert('the sync error notice');
    });

    it('the search box treats a payload as text to find', async () => {
      await show('#/customers');
      const search = page.getByLabel('Search customers');
      await search.fill(P.rtl);
      const rtlRow = page.locator(`[data-testid="customer-row"][data-id="${ids[1]}"]`);
      await eventually(
        async () => (await rtlRow.count()) === 1 && (await page.getByTestId('customer-row').count()) < 10,
        'the customer named with the RTL override is found',
      );
      await expectLiteral(`[data-testid="customer-row"][data-id="${ids[1]}"]`, [P.rtl], 'search result');
      await search.fill(P.script);
      await eventually(
        async () => (await page.getByTestId('customer-row').count()) >= 1,
        'a match for <script>',
      );
      await expectInert('search results');
      await search.fill('');
    });

    // Kept failing on purpose until fixed: see the report (zod's eval probe under the app's own CSP).
    it('the app never trips its own CSP, not even with zod’s eval probe', async () => {
      const all = await page.evaluate(
        () => (window as unknown as { __violations: Violation[] }).__violations,
      );
      expect(all.filter(isZodEvalProbe)).toEqual([]);
    });
  },
);
