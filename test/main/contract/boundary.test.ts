/**
 * Arguments are validated once, by dispatch(), before any handler runs: the Rotor client behind the
 * handlers takes them as given (moved here from the client's own tests when its second parse went).
 */
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/main/ipc/dispatch';
import type { Handlers } from '../../../electron/main/ipc/dispatch';
import type { Logger } from '../../../electron/main/log/logger';

const silent: Logger = { info() {}, warn() {}, error() {} };

function recording(): { handlers: Handlers; ran: string[] } {
  const ran: string[] = [];
  const handlers = new Proxy({} as Handlers, {
    get: (_target, channel: string) => async () => {
      ran.push(channel);
      return null;
    },
  });
  return { handlers, ran };
}

const fieldsOf = (result: unknown): string[] =>
  ((result as { error?: { fields?: { field: string }[] } }).error?.fields ?? []).map((f) => f.field).sort();

describe('arguments are checked once, at the boundary, before any request', () => {
  it('refuses an invalid list query', async () => {
    const { handlers, ran } = recording();
    const result = await dispatch(
      handlers,
      'customers.list',
      { accountId: 'acct-1', page: 0, limit: 5000 },
      silent,
    );
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_argument' } });
    expect(fieldsOf(result)).toEqual(['limit', 'page']);
    expect(ran).toEqual([]);
  });

  it('refuses an upsert body with fields Rotor does not know', async () => {
    const { handlers, ran } = recording();
    const customer = { first_name: 'Jo', favourite_colour: 'blue' };
    const result = await dispatch(
      handlers,
      'customers.upsert',
      { accountId: 'acct-1', customer, idempotencyKey: 'k-12345678' },
      silent,
    );
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_argument' } });
    expect(ran).toEqual([]);
  });

  it('refuses what the rule set refuses, with its message on the field', async () => {
    const { handlers, ran } = recording();
    const result = await dispatch(
      handlers,
      'customers.upsert',
      {
        accountId: 'acct-1',
        customer: { first_name: 'Jo', email: 'a@b..com' },
        idempotencyKey: 'k-12345678',
      },
      silent,
    );
    expect(result).toMatchObject({
      ok: false,
      error: {
        kind: 'invalid_argument',
        fields: [{ field: 'customer.email', message: expect.stringMatching(/email/) }],
      },
    });
    expect(ran).toEqual([]);
  });

  it('passes a valid call through to its handler', async () => {
    const { handlers, ran } = recording();
    const result = await dispatch(
      handlers,
      'customers.upsert',
      { accountId: 'acct-1', customer: { first_name: 'Jo', tags: ['vip'] }, idempotencyKey: 'k-12345678' },
      silent,
    );
    expect(result).toEqual({ ok: true, data: null });
    expect(ran).toEqual(['customers.upsert']);
  });
});
