/**
 * Delivery as the user hears of it: one toast per replay run, "Sent <time>" on the customer, the Sent
 * section on Pending changes, and a waiting change that says why it waits and when it goes.
 */
import { describe, expect, it, vi } from 'vitest';
import { createRawSnippet } from 'svelte';
import CustomerDetail from '$lib/components/customer/CustomerDetail.svelte';
import SentNote from '$lib/components/customer/SentNote.svelte';
import SyncStateNotice from '$lib/components/customer/SyncStateNotice.svelte';
import SentList from '$lib/components/pending/SentList.svelte';
import type { Delivery, OutboxEntry, PausedReason } from '$lib/data/types';
import { AppModel } from '$lib/state/app-model.svelte';
import { sentLabel, sentToast, waitingText } from '$lib/state/delivery-text';
import type { WaitContext } from '$lib/state/delivery-text';
import type { StoreOptions } from '$lib/state/model-types';
import { pauseClause, resetMoment } from '$lib/state/pause';
import { customer, entry, FakeStore, fakeApi, must, quotaState } from './fakes';
import { all, renderHtml, tagged, textOf } from './html';

const NOW = Date.parse('2025-03-12T15:00:00Z');
const LOCALE = 'en-US';
const at = (ms: number): string => new Date(ms).toISOString();
const time = (ms: number): string => new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(ms);

function delivery(overrides: Partial<Delivery> = {}): Delivery {
  return {
    id: 'e1',
    at: at(NOW - 60_000),
    customerId: 'c1',
    name: 'Ada Lovelace',
    kind: 'update',
    fields: ['phone', 'notes'],
    requests: 2,
    ...overrides,
  };
}

const reason = (kind: PausedReason['kind'], retryAt: string | null = null): PausedReason => ({
  kind,
  message: 'paused',
  retryAt,
});

function ctx(overrides: Partial<WaitContext> = {}): WaitContext {
  return { paused: null, quota: quotaState(), online: true, now: NOW, locale: LOCALE, ...overrides };
}

describe('the replay toast', () => {
  it('says how many changes a run sent, in the singular for one, and nothing for none', () => {
    expect(sentToast({ sent: 4, requests: 6 }, LOCALE)).toEqual({
      message: '4 changes sent to Rotor',
      tone: 'success',
    });
    expect(sentToast({ sent: 1, requests: 1 }, LOCALE)?.message).toBe('1 change sent to Rotor');
    expect(sentToast({ sent: 0, requests: 0 }, LOCALE)).toBeNull();
  });

  it('is told once per run the store reports, and not for a run that sent nothing', async () => {
    const fake = fakeApi();
    const stores: FakeStore[] = [];
    const notify = vi.fn();
    const model = new AppModel({
      api: fake.api,
      openStore: vi.fn(async (opts: StoreOptions) => {
        const store = new FakeStore(opts.accountId);
        stores.push(store);
        return store;
      }),
      notify,
      applyTheme: () => undefined,
    });
    await model.start();
    const store = must(stores[0]);
    notify.mockClear();
    store.replayed({ sent: 0, requests: 0 });
    expect(notify).not.toHaveBeenCalled();
    store.replayed({ sent: 2, requests: 3 });
    expect(notify.mock.calls).toEqual([['2 changes sent to Rotor', 'success']]);
    model.dispose();
    store.replayed({ sent: 1, requests: 1 });
    expect(notify).toHaveBeenCalledTimes(1);
  });
});

describe('Sent <time> on the customer', () => {
  it('gives the time alone today and the date on another day', () => {
    expect(sentLabel(at(NOW - 60_000), NOW)).toBe(`Sent ${time(NOW - 60_000)}`);
    expect(sentLabel(at(NOW - 3 * 86_400_000), NOW)).toMatch(/^Sent .*2025/);
  });

  it('shows on the detail when Rotor accepted a change, and not before', () => {
    const props = (sentAt: string | undefined) => ({
      id: 'c1',
      customer: customer({ sentAt }),
      entry: undefined,
      syncNotice: createRawSnippet(() => ({ render: () => '<p></p>' })),
      online: true,
      now: NOW,
      focusHeading: false,
      onfocused: vi.fn(),
      onedit: vi.fn(),
      onrefresh: vi.fn(async () => undefined),
      onclose: vi.fn(),
    });
    const sent = all(
      renderHtml(CustomerDetail, props(at(NOW - 60_000))),
      (e) => e.attrs['data-testid'] === 'sent-at',
    );
    expect(sent.map(textOf)).toEqual([`✓ Sent ${time(NOW - 60_000)}`]);
    const none = all(
      renderHtml(CustomerDetail, props(undefined)),
      (e) => e.attrs['data-testid'] === 'sent-at',
    );
    expect(none).toEqual([]);
    expect(textOf(renderHtml(SentNote, { sentAt: null, now: NOW }))).toBe('');
  });
});

describe('the Sent section on Pending changes', () => {
  const list = (deliveries: Delivery[]) => renderHtml(SentList, { deliveries, now: NOW, onshow: vi.fn() });

  it('lists who, what changed (by the field table’s labels), when and the requests', () => {
    const root = list([
      delivery(),
      delivery({
        id: 'e2',
        customerId: 'c2',
        name: 'Bob Moe',
        kind: 'create',
        fields: ['first_name', 'email'],
        requests: 1,
      }),
    ]);
    const rows = all(root, (e) => e.attrs['data-testid'] === 'sent-row').map((r) =>
      tagged(r, 'td').map(textOf),
    );
    expect(rows).toEqual([
      ['Phone, Notes', time(NOW - 60_000), '2'],
      ['First name, Email', time(NOW - 60_000), '1'],
    ]);
    const who = tagged(root, 'th')
      .filter((th) => th.attrs.scope === 'row')
      .map(textOf);
    expect(who).toEqual(['Ada Lovelace Edit', 'Bob Moe New customer']);
    expect(textOf(root)).toContain('2 changes on Rotor since midnight · 3 requests');
    expect(all(root, (e) => e.attrs['data-testid'] === 'sent-empty')).toEqual([]);
  });

  it('says so when nothing was sent today', () => {
    const root = list([]);
    expect(tagged(root, 'h2').map(textOf)).toEqual(['Sent today']);
    expect(textOf(all(root, (e) => e.attrs['data-testid'] === 'sent-empty')[0] ?? root)).toBe(
      'Nothing was sent to Rotor today yet.',
    );
    expect(tagged(root, 'table')).toEqual([]);
  });
});

describe('why a change waits, and when it goes', () => {
  const pending = (overrides: Partial<OutboxEntry> = {}) => entry({ state: 'pending', ...overrides });

  it('names a rejected key and the way out', () => {
    const text = waitingText(pending(), ctx({ paused: reason('auth') }));
    expect(text).toBe(
      `Paused — ${pauseClause(reason('auth'), quotaState())}. It goes as soon as Rotor accepts a new key: replace it in Settings.`,
    );
  });

  it('says when a used-up quota resets, also before any pass has seen it', () => {
    const resetsAt = '2025-03-13T00:00:00.000Z';
    const paused = waitingText(pending(), ctx({ paused: reason('quota', resetsAt) }));
    expect(paused).toContain(pauseClause(reason('quota'), quotaState()));
    expect(paused).toContain(`It goes after ${resetMoment(resetsAt, LOCALE)}.`);
    const fromMain = waitingText(pending(), ctx({ quota: quotaState({ exhausted: true, resetsAt }) }));
    expect(fromMain).toBe(paused);
  });

  it('says what Rotor’s last answer was and when the next attempt is', () => {
    const error = {
      kind: 'server' as const,
      message: 'Rotor had a problem answering the change (HTTP 503).',
    };
    const next = at(NOW + 30_000);
    expect(waitingText(pending({ lastError: error, nextAttemptAt: next }), ctx())).toBe(
      `${error.message} Next attempt ${time(NOW + 30_000)}.`,
    );
    const stopped = waitingText(
      pending({ lastError: error, nextAttemptAt: next, retryStoppedUntil: '2025-03-13T00:00:00.000Z' }),
      ctx(),
    );
    expect(stopped).toMatch(
      /Automatic retries stopped for today; the next one is .+\. Retry now sends it at once\.$/,
    );
  });

  it('says offline, and otherwise that it goes in a moment — never a bare "Waiting to be sent"', () => {
    expect(waitingText(pending(), ctx({ online: false }))).toMatch(
      /^Rotor can’t be reached right now\. It will be sent when you are back online\.$/,
    );
    expect(waitingText(pending(), ctx())).toBe('It goes to Rotor in a moment.');
  });

  it('the customer’s notice shows it, with Retry now once automatic retries stopped', () => {
    const render = (e: OutboxEntry, paused: PausedReason | null = null) =>
      renderHtml(SyncStateNotice, {
        entry: e,
        paused,
        quota: quotaState(),
        online: true,
        now: NOW,
        onresolve: vi.fn(),
        onretry: vi.fn(),
        onfix: vi.fn(),
        ondiscard: vi.fn(),
        onshowpending: vi.fn(),
      });
    const keyNotice = textOf(render(pending(), reason('auth')));
    expect(keyNotice).toContain('Saved on this computer.');
    expect(keyNotice).toContain('replace it in Settings');
    expect(keyNotice).not.toContain('Waiting to be sent');
    const buttons = (root: ReturnType<typeof render>) => tagged(root, 'button').map(textOf);
    expect(buttons(render(pending()))).not.toContain('Retry now');
    expect(buttons(render(pending({ retryStoppedUntil: '2025-03-13T00:00:00.000Z' })))).toContain(
      'Retry now',
    );
    // A change Rotor rejected is fixed, not retried (it would fail the same way), and named by label.
    const rejected = render(
      entry({
        state: 'failed',
        changes: { email: 'bad@x' },
        lastError: {
          kind: 'validation',
          message: 'Rotor rejected the customer change: Email: Invalid email format. Fix it and save again.',
          fields: [{ field: 'email', message: 'Invalid email format' }],
        },
      }),
    );
    expect(buttons(rejected)).toContain('Fix Email');
    expect(buttons(rejected)).not.toContain('Retry now');
    expect(textOf(rejected)).not.toContain('email:');
  });
});
