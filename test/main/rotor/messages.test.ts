/**
 * Main's messages are what the user reads: the renderer shows them as is. So each names the real cause
 * (the daily limit Rotor states or the ledger counts, not a fixed 1,000), and only a retryable error may
 * say that trying again can help.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppError } from '@contract/result';
import { createQuotaLedger } from '../../../electron/main/quota/ledger';
import { DEMO_API_KEY } from '../../../electron/main/simulation/server';
import { wire } from '../reliability/wiring';
import type { Wired } from '../reliability/wiring';
import { T0, failure, harness } from './harness';
import { json, startScriptedServer, text } from './scripted-server';
import type { ScriptedServer } from './scripted-server';

const RETRY_PROMISE = /tried again|try again|trying again|tries again/i;

describe('messages written in main', () => {
  let server: ScriptedServer;
  beforeEach(async () => {
    server = await startScriptedServer();
  });
  afterEach(async () => {
    await server.close();
  });

  const upsert = (h = harness(server)) =>
    failure(h.client.upsertCustomer({ first_name: 'Jo' }, { idempotencyKey: 'k-00000001' }));

  it('a quota answer names the limit Rotor states', async () => {
    server.reply(
      json(429, {
        status: 'error',
        message: 'Daily API key request limit of 250 exceeded',
        error_code: 'RATE_LIMIT_EXCEEDED',
      }),
    );
    const e = await upsert();
    expect(e.kind).toBe('quota');
    expect(e.message).toMatch(/^Today’s 250 API requests are used up/);
    expect(e.message).not.toContain('1,000');
  });

  it('without a stated limit, the quota message names the ledger’s limit', async () => {
    server.reply(json(429, { status: 'error', message: 'Too many', error_code: 'RATE_LIMIT_EXCEEDED' }));
    const ledger = createQuotaLedger({
      load: () => undefined,
      save: () => {},
      now: () => T0,
      dailyLimit: 40,
    });
    const e = await upsert(harness(server, { ledger }));
    expect(e.message).toMatch(/^Today’s 40 API requests are used up/);
    // Refused locally from then on, in the same words.
    const local = await upsert(harness(server, { ledger }));
    expect(local.message).toBe(e.message);
    expect(server.requests).toHaveLength(1);
  });

  it('the ledger’s own count names its limit too', async () => {
    const ledger = createQuotaLedger({ load: () => undefined, save: () => {}, now: () => T0, dailyLimit: 2 });
    server.reply(json(500, {}), json(500, {}));
    const h = harness(server, { ledger });
    await upsert(h);
    await upsert(h);
    const e = await upsert(h);
    expect(e).toMatchObject({ kind: 'quota' });
    expect(e.message).toMatch(/^Today’s 2 API requests are used up/);
  });

  it('a bad_response marked not retryable promises no retry; a retryable one says trying again may work', async () => {
    const cases: [ReturnType<typeof json>, boolean][] = [
      [json(418, { status: 'error', message: 'teapot' }), false],
      [json(201, { status: 'success', data: 'not a customer' }), false],
      [text(200, '<html>proxy</html>', 'text/html'), true],
      [text(200, ''), true],
    ];
    for (const [reply, retryable] of cases) {
      server.reply(reply);
      const e = await upsert();
      expect(e).toMatchObject({ kind: 'bad_response', retryable });
      if (retryable) expect(e.message).toMatch(RETRY_PROMISE);
      else expect(e.message).not.toMatch(RETRY_PROMISE);
    }
  });

  it('a key being checked is told apart from the key in Settings', async () => {
    server.reply(
      json(401, { status: 'error', message: 'no' }),
      json(401, { status: 'error', message: 'no' }),
    );
    const h = harness(server);
    const checking = await failure(h.client.testAuth({ apiKey: 'rk_candidate_0000' }));
    expect(checking.message).toMatch(/did not accept this key\. Check that you copied the whole key/);
    const stored = await failure(h.client.testAuth());
    expect(stored.message).toMatch(/Replace it in Settings/);
  });
});

describe('the renderer’s data layer hands on main’s message, through the contract', () => {
  let w: Wired | undefined;
  afterEach(async () => {
    await w?.close();
  });

  it('a spent day reaches the store with Rotor’s stated limit, word for word as main wrote it', async () => {
    w = await wire({ server: { customers: 5, seed: 4 }, seed: 4 });
    // Rotor's budget for the key ends with the requests already sent.
    const used = w.server.control.quotaUsed(DEMO_API_KEY);
    w.server.control.setQuota(used);
    const outcome = await w.store.fullRefresh();
    expect(outcome).toMatchObject({ kind: 'failed', error: { kind: 'quota', status: 429 } });
    const error = (outcome as { error: AppError }).error;
    expect(error.message).toMatch(new RegExp(`^Today’s ${used} API requests are used up`));
    // Refused locally from then on: the ledger's words, with its own limit.
    const again = await w.store.refreshOne(w.server.control.customers()[0]?.id ?? 'none');
    expect(again).toMatchObject({ ok: false, error: { kind: 'quota' } });
    expect(again.ok ? '' : again.error.message).toMatch(/^Today’s 1,000 API requests are used up/);
  });

  it('a rejected key is told in main’s words, through dispatch', async () => {
    w = await wire({ server: { customers: 1, seed: 5 }, seed: 5 });
    const wrong = await w.api.account.connect({ apiKey: 'not-a-real-key-1' });
    expect(wrong).toMatchObject({ ok: false, error: { kind: 'auth' } });
    expect(wrong.ok ? '' : wrong.error.message).toBe(
      'Rotor did not accept this key. Check that you copied the whole key, or create a new one in Rotor.',
    );
  });
});
