/**
 * Requests are bound to their account: a call names the account its cache belongs to, main refuses it
 * unless that is the current key's, and what it sends goes with that account's key to that key's origin.
 * Each race fires a switch (another company's key, the demo, another API address) and, after a varying
 * number of event-loop turns, calls for the old and the new account; every interleaving must hold.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '@contract/result';
import { dispatch } from '../../../electron/main/ipc/dispatch';
import type { Logger } from '../../../electron/main/log/logger';
import { startRotorServer } from '../../../electron/main/simulation/server';
import type { RotorServer } from '../../../electron/main/simulation/server';
import { DEMO_CUSTOMERS } from '../../../electron/main/services/demo-account';
import { createServices } from '../../../electron/main/services/index';
import type { Services } from '../../../electron/main/services/index';

const KEY_A = 'key-of-company-a-1111';
const KEY_B = 'key-of-company-b-2222';
const HINT = { [KEY_A]: '1111', [KEY_B]: '2222' } as const;
const silent: Logger = { info() {}, warn() {}, error() {} };
const grant = (companyId: string) => ({ companyId, scopes: ['customers:read', 'customers:write'] });

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

/** Resolves at the next event main emits with this name (an `account` event: the switch took effect). */
const eventWaiters: { event: string; resolve: () => void }[] = [];
const nextEvent = (event: string) => new Promise<void>((resolve) => eventWaiters.push({ event, resolve }));
function emitted(event: string): void {
  for (const w of eventWaiters.splice(0)) {
    if (w.event === event) w.resolve();
    else eventWaiters.push(w);
  }
}

/**
 * Where in a switch the racing calls are made: just before it (same tick), at once after it started, while
 * Rotor checks the new key, the moment the switch is announced, after it finished, and after a number of
 * event-loop turns.
 */
type RacePoint = 'just before' | 'at once' | 'key check arrives' | 'announced' | 'finished' | number;
const RACE_POINTS: RacePoint[] = [
  'just before',
  'at once',
  'key check arrives',
  'announced',
  'finished',
  1,
  10,
  100,
  1000,
  3000,
];

interface Waits {
  check: Promise<unknown>;
  announced: Promise<void>;
}

/** Starts the switch and fires the calls at `point`; resolves to the switch's result and the calls'. */
async function race<T>(
  point: RacePoint,
  start: () => Promise<Result<unknown>>,
  fire: () => Promise<T>[],
  waits: Waits,
): Promise<[Result<unknown>, T[]]> {
  let calls: Promise<T>[] = [];
  if (point === 'just before') calls = fire();
  const switching = start();
  if (point === 'key check arrives') await waits.check;
  else if (point === 'announced') await waits.announced;
  else if (point === 'finished') await switching;
  else if (typeof point === 'number') await turns(point);
  if (point !== 'just before') calls = fire();
  return [await switching, await Promise.all(calls)];
}

let dir: string;
let rotor: RotorServer;
let services: Services;
const call = (channel: string, arg?: unknown) => dispatch(services.handlers, channel, arg, silent);
const accountId = async () => (await services.handlers['account.status'](undefined)).accountId;

async function open(opts: { override: boolean }) {
  services = await createServices(
    {
      shell: 'browser-host',
      version: '1',
      dataDir: dir,
      settingsStore: 'conf',
      fallbackSecrets: { kind: 'insecure-file' },
      secretBackend: 'fallback-only',
      ...(opts.override ? { rotorUrlOverride: rotor.url } : {}),
      log: silent,
    },
    (event) => emitted(event),
  );
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rotor-binding-'));
  rotor = await startRotorServer({
    customers: 30,
    seed: 5,
    apiKeys: { [KEY_A]: grant('company-a'), [KEY_B]: grant('company-b') },
  });
});
afterEach(async () => {
  await services.dispose();
  await rotor.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Refused as data (nothing sent), or answered: never anything else. */
function refusedOrOk(result: Result<unknown>, label: string): 'sent' | 'refused' {
  if (result.ok) return 'sent';
  expect(result.error.kind, `${label}: ${result.error.message}`).toBe('account');
  return 'refused';
}

describe('requests bound to their account', () => {
  it('refuses, as data and without sending, a call naming an account that is not the current key’s', async () => {
    await open({ override: true });
    await call('account.connect', { apiKey: KEY_A });
    rotor.control.clearLog();
    for (const [channel, arg] of [
      ['customers.list', { accountId: 'someone-else', page: 1, limit: 5 }],
      ['customers.get', { accountId: 'someone-else', id: 'x' }],
      [
        'customers.upsert',
        { accountId: 'someone-else', customer: { first_name: 'N' }, idempotencyKey: 'idem-0001' },
      ],
    ] as const) {
      expect(await call(channel, arg)).toMatchObject({
        ok: false,
        error: { kind: 'account', retryable: false },
      });
    }
    expect(rotor.control.requestLog()).toEqual([]);
    expect(await call('customers.list', { accountId: await accountId(), page: 1, limit: 5 })).toMatchObject({
      ok: true,
    });
  });

  it('a switch to another company’s key racing calls for both accounts: each goes with its own key or not at all', async () => {
    await open({ override: true });
    const ids = new Map<string, string | null>();
    for (const key of [KEY_B, KEY_A]) {
      await call('account.connect', { apiKey: key });
      ids.set(key, await accountId());
    }
    expect(ids.get(KEY_A)).not.toBe(ids.get(KEY_B));
    let from: typeof KEY_A | typeof KEY_B = KEY_A;
    const outcomes = new Set<string>();
    for (const [round, point] of [...RACE_POINTS, ...RACE_POINTS].entries()) {
      const to: typeof KEY_A | typeof KEY_B = from === KEY_A ? KEY_B : KEY_A;
      const oldAccount = await accountId();
      expect(oldAccount).toBe(ids.get(from));
      rotor.control.clearLog();
      const waits = { check: rotor.control.nextRequest(), announced: nextEvent('account') };
      const tag = `r${round}`;
      const fire = () => [
        call('customers.upsert', {
          accountId: oldAccount,
          customer: { first_name: `Old ${tag}` },
          idempotencyKey: `old-${tag}-idem`,
        }).then((r) => ({ r, key: from, what: 'old upsert' })),
        call('customers.list', { accountId: oldAccount, page: 1, limit: 5, search: `old-${tag}` }).then(
          (r) => ({
            r,
            key: from,
            what: 'old list',
          }),
        ),
        call('customers.upsert', {
          accountId: ids.get(to),
          customer: { first_name: `New ${tag}` },
          idempotencyKey: `new-${tag}-idem`,
        }).then((r) => ({ r, key: to, what: 'new upsert' })),
      ];
      const [connected, results] = await race(
        point,
        () => call('account.connect', { apiKey: to }),
        fire,
        waits,
      );
      expect(connected).toMatchObject({ ok: true });
      for (const { r, what } of results) outcomes.add(`${what}:${refusedOrOk(r, `${tag} ${what}`)}`);
      // What reached Rotor went with the key of the account the call named.
      for (const entry of rotor.control.requestLog()) {
        if (entry.path === '/auth/test') {
          expect(entry.apiKeyHint).toBe(HINT[to]);
          continue;
        }
        const old = entry.idempotencyKey?.startsWith('old-') || entry.query['search']?.startsWith('old-');
        expect(entry.apiKeyHint, `${tag} ${entry.method} ${entry.path}`).toBe(HINT[old ? from : to]);
      }
      from = to;
    }
    // The race really raced: old calls were both sent and refused across the interleavings.
    expect(outcomes).toContain('old upsert:sent');
    expect(outcomes).toContain('old upsert:refused');
    expect(outcomes).toContain('new upsert:sent');
    expect(outcomes).toContain('new upsert:refused');
  });

  it('demo start racing calls for the old account: they reach the old Rotor with the old key, or are refused', async () => {
    await open({ override: true });
    await call('account.connect', { apiKey: KEY_A });
    const oldAccount = await accountId();
    const outcomes = new Set<string>();
    for (const [k, point] of RACE_POINTS.filter((p) => p !== 'key check arrives').entries()) {
      rotor.control.clearLog();
      const waits = { check: Promise.resolve(), announced: nextEvent('account') };
      const [started, [list, upsert, demoList]] = await race(
        point,
        () => call('demo.start'),
        () => [
          call('customers.list', { accountId: oldAccount, page: 1, limit: 5 }),
          call('customers.upsert', {
            accountId: oldAccount,
            customer: { first_name: `Demo race ${k}` },
            idempotencyKey: `demo-race-${k}-idem`,
          }),
          call('customers.list', { accountId: 'demo', page: 1, limit: 5 }),
        ],
        waits,
      );
      if (!list || !upsert || !demoList) throw new Error('a call went missing');
      expect(started).toMatchObject({ ok: true, data: { demo: true } });
      outcomes.add(`old:${refusedOrOk(list, `k${k} old list`)}`);
      refusedOrOk(upsert, `k${k} old upsert`);
      // An old call that was sent went to the old Rotor (30-odd customers), never to the demo server (~2,000).
      if (list.ok)
        expect((list.data as { pagination: { total: number } }).pagination.total).toBeLessThan(
          DEMO_CUSTOMERS,
        );
      // A demo call was answered by the demo server or refused; never sent to the old Rotor.
      if (demoList.ok)
        expect((demoList.data as { pagination: { total: number } }).pagination.total).toBeGreaterThan(
          DEMO_CUSTOMERS / 2,
        );
      else expect(demoList.error.kind).toBe('account');
      for (const entry of rotor.control.requestLog()) expect(entry.apiKeyHint).toBe(HINT[KEY_A]);
      expect(await call('demo.stop')).toMatchObject({ ok: true, data: { demo: false } });
      expect(await accountId()).toBe(oldAccount);
    }
    expect(outcomes).toContain('old:refused');
    expect(outcomes).toContain('old:sent');
  });

  it('a change of API address racing a call: the key never goes to the new address', async () => {
    const other = await startRotorServer({ customers: 3, seed: 9, apiKeys: { [KEY_A]: grant('company-a') } });
    try {
      await open({ override: false });
      const outcomes = new Set<string>();
      for (const point of RACE_POINTS.filter((p) => p !== 'key check arrives')) {
        expect(await call('settings.update', { baseUrl: rotor.url })).toMatchObject({ ok: true });
        await call('account.connect', { apiKey: KEY_A });
        const id = await accountId();
        const waits = { check: Promise.resolve(), announced: nextEvent('account') };
        const [moved, [list]] = await race(
          point,
          () => call('settings.update', { baseUrl: other.url }),
          () => [call('customers.list', { accountId: id, page: 1, limit: 5 })],
          waits,
        );
        if (!list) throw new Error('the call went missing');
        expect(moved).toMatchObject({ ok: true });
        if (!list.ok) expect(['account', 'not_configured']).toContain(list.error.kind);
        outcomes.add(list.ok ? 'sent' : list.error.kind);
      }
      expect(other.control.requestLog()).toEqual([]);
      // Picked before the change and then refused by the session's origin guard, or unconfigured after it.
      expect(outcomes).toEqual(new Set(['account', 'not_configured']));
    } finally {
      await other.close();
    }
  });
});
