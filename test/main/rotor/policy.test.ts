import { describe, expect, it } from 'vitest';
import {
  classifyTransport,
  missingScopeOf,
  parseErrorBody,
  sanitize,
  transportCode,
} from '../../../electron/main/rotor/errors';
import {
  RATE_LIMIT_CAP_MS,
  RETRY_AFTER_CAP_MS,
  backoffDelay,
  isRetryableRead,
  parseRetryAfter,
  sleep,
} from '../../../electron/main/rotor/retry';

const NOW = Date.parse('2024-06-11T15:30:00.000Z');

describe('backoff', () => {
  it('doubles the ceiling per retry and scales it by the random draw', () => {
    expect(backoffDelay(1, () => 1)).toBe(500);
    expect(backoffDelay(2, () => 1)).toBe(1000);
    expect(backoffDelay(3, () => 1)).toBe(2000);
    expect(backoffDelay(1, () => 0)).toBe(0);
    expect(backoffDelay(2, () => 0.25)).toBe(250);
  });

  it('caps the ceiling', () => {
    expect(backoffDelay(20, () => 1)).toBe(8000);
  });
});

describe('Retry-After', () => {
  it('reads seconds', () => {
    expect(parseRetryAfter('5', NOW)).toBe(5000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter(new Date(NOW + 12_000).toUTCString(), NOW)).toBe(12_000);
    expect(parseRetryAfter(new Date(NOW - 12_000).toUTCString(), NOW)).toBe(0);
  });

  it('caps long waits and ignores what it cannot read', () => {
    expect(parseRetryAfter('99999', NOW)).toBe(RETRY_AFTER_CAP_MS);
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter('-5', NOW)).toBeUndefined();
    expect(parseRetryAfter('tomorrow', NOW)).toBeUndefined();
  });

  it('takes another cap (the burst limit’s 15 minutes)', () => {
    expect(parseRetryAfter('600', NOW, RATE_LIMIT_CAP_MS)).toBe(600_000);
    expect(parseRetryAfter('99999', NOW, RATE_LIMIT_CAP_MS)).toBe(RATE_LIMIT_CAP_MS);
    expect(RATE_LIMIT_CAP_MS).toBe(15 * 60_000);
  });
});

describe('what a read may retry', () => {
  it('transient kinds only', () => {
    expect(isRetryableRead({ kind: 'network', message: '' })).toBe(true);
    expect(isRetryableRead({ kind: 'timeout', message: '' })).toBe(true);
    expect(isRetryableRead({ kind: 'server', message: '' })).toBe(true);
    for (const kind of [
      'quota',
      'rate_limited',
      'auth',
      'forbidden',
      'not_found',
      'validation',
      'bad_response',
    ] as const) {
      expect(isRetryableRead({ kind, message: '' })).toBe(false);
    }
  });
});

describe('sleep', () => {
  it('rejects at once when aborted while waiting', async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toBeDefined();
  });

  it('rejects at once when already aborted', async () => {
    await expect(sleep(60_000, AbortSignal.abort())).rejects.toBeDefined();
  });

  it('resolves after the delay', async () => {
    await expect(sleep(0)).resolves.toBeUndefined();
  });
});

describe('error helpers', () => {
  it('parses the missing scope from Rotor’s 403 wording', () => {
    expect(missingScopeOf("Forbidden: required scope 'customers:write' not granted for this API key")).toBe(
      'customers:write',
    );
    expect(missingScopeOf('Forbidden: required scope "leads:read" not granted')).toBe('leads:read');
    expect(missingScopeOf('Forbidden')).toBeUndefined();
    expect(missingScopeOf(undefined)).toBeUndefined();
  });

  it('reads nothing from bodies that are not Rotor errors', () => {
    expect(parseErrorBody('<html>', null)).toEqual({});
    expect(parseErrorBody('[1,2]', null)).toEqual({});
    expect(parseErrorBody('{"message":42,"error_code":["x"],"errors":"no"}', null)).toEqual({});
  });

  it('sanitises server text', () => {
    expect(sanitize('a\n\tb   c', null)).toBe('a b c');
    expect(sanitize('x-api-key: abcdef', null)).toBe('x-api-key: [redacted]');
    expect(sanitize('my key is SECRET123', 'SECRET123')).toBe('my key is [redacted]');
    expect(sanitize('y'.repeat(1000), null).length).toBe(300);
  });

  it('finds an error code nested in causes and aggregate errors', () => {
    const aggregate = Object.assign(
      new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]),
      {},
    );
    expect(transportCode(new TypeError('fetch failed', { cause: aggregate }))).toBe('ECONNREFUSED');
    expect(transportCode(new Error('plain'))).toBeUndefined();
    expect(transportCode('not an object')).toBeUndefined();
  });

  it.each([
    ['ECONNRESET', /interrupted/],
    ['EAI_AGAIN', /name lookup/],
    ['ETIMEDOUT', /in time/],
    ['EHOSTUNREACH', /unreachable/],
    [undefined, /Could not reach Rotor/],
  ])('describes %s as a network failure', (code, pattern) => {
    const error = classifyTransport(
      new TypeError('fetch failed', { cause: code ? { code } : undefined }),
      'x',
    );
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(pattern);
  });
});
