import { describe, expect, it } from 'vitest';
import type { UpsertResult } from '@contract/customer';
import { createWriteOnce } from '../../../electron/main/rotor/write-once';

function deferred() {
  let resolve!: (r: UpsertResult) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<UpsertResult>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
const answer = (id: string): UpsertResult => ({ customer: { id }, created: false });

describe('createWriteOnce (idempotency keys honoured in main)', () => {
  it('shares an in-flight send with a resend of the same key and body', async () => {
    const once = createWriteOnce();
    const first = deferred();
    let sends = 0;
    const send = () => {
      sends++;
      return first.promise;
    };
    const a = once('k-1', { first_name: 'Ann' }, send);
    const b = once('k-1', { first_name: 'Ann' }, send);
    first.resolve(answer('c-1'));
    expect(await a).toEqual(answer('c-1'));
    expect(await b).toEqual(answer('c-1'));
    expect(sends).toBe(1);
  });

  it('answers a resend after success from memory until it expires', async () => {
    let t = 0;
    const once = createWriteOnce({ now: () => t, keepMs: 1000 });
    let sends = 0;
    const send = async () => answer(`c-${++sends}`);
    await once('k', { notes: 'x' }, send);
    t = 999;
    expect(await once('k', { notes: 'x' }, send)).toEqual(answer('c-1'));
    t = 2001;
    expect(await once('k', { notes: 'x' }, send)).toEqual(answer('c-2'));
  });

  it('really retries after a failure', async () => {
    const once = createWriteOnce();
    let sends = 0;
    const failing = async (): Promise<UpsertResult> => {
      sends++;
      throw new Error('reset');
    };
    await expect(once('k', { phone: '1' }, failing)).rejects.toThrow('reset');
    await expect(once('k', { phone: '1' }, failing)).rejects.toThrow('reset');
    expect(sends).toBe(2);
  });

  it('sends again when the same key carries another body', async () => {
    const once = createWriteOnce();
    let sends = 0;
    const send = async () => answer(`c-${++sends}`);
    await once('k', { email: 'a@example.com' }, send);
    expect(await once('k', { email: 'b@example.com' }, send)).toEqual(answer('c-2'));
  });

  it('keeps memory bounded without dropping writes in flight', async () => {
    const once = createWriteOnce({ max: 3 });
    const pending = deferred();
    let sends = 0;
    once('in-flight', { notes: 'p' }, () => {
      sends++;
      return pending.promise;
    });
    for (let i = 0; i < 10; i++) await once(`done-${i}`, { notes: String(i) }, async () => answer(String(i)));
    once('in-flight', { notes: 'p' }, () => {
      sends++;
      return pending.promise;
    });
    expect(sends).toBe(1);
    pending.resolve(answer('p'));
  });
});
