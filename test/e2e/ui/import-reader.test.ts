/**
 * The import reader's worker as the app ships it: the production build holds it as a file of its own,
 * and Chromium runs it on the app's page under the app's CSP (header and <meta>, worker-src 'self'),
 * transferring the file's bytes and answering the rows in slices. A worker from anywhere else (a blob)
 * is refused by the same policy, so the check is not passing for want of a policy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { browserSkipReason } from '../harness';
import { connectAndSync, startRig } from './fixtures';
import type { AppPage, Rig } from './fixtures';

const assets = resolve(import.meta.dirname, '../../../out/renderer/assets');
const workerFile = existsSync(assets)
  ? readdirSync(assets).find((f) => /^read\.worker-.*\.js$/.test(f))
  : undefined;

const skip =
  browserSkipReason() ??
  (workerFile ? null : 'the build has no read.worker-*.js: nothing in the app imports read-file.ts yet');

describe.skipIf(skip !== null)(`import reader worker${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let rig: Rig;
  let app: AppPage;

  beforeAll(async () => {
    rig = await startRig({ customers: 5, seed: 3 });
    app = await rig.open();
    await connectAndSync(app.page, rig);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('runs from the built renderer under the app CSP, bytes transferred, rows back in slices', async () => {
    expect(existsSync(join(assets, workerFile ?? ''))).toBe(true);
    const answer = await app.page.evaluate(async (url) => {
      const text =
        'First name,Phone\n' + Array.from({ length: 1200 }, (_, i) => `N${i},+1 555 ${i}\n`).join('');
      const bytes = new TextEncoder().encode(text).buffer;
      const worker = new Worker(url, { type: 'module' });
      const messages: { kind: string; rows?: string[][]; result?: { ok: boolean; header?: string[] } }[] = [];
      const done = new Promise<string>((resolveDone) => {
        worker.addEventListener('message', (e: MessageEvent) => {
          messages.push(e.data);
          if (e.data.kind === 'done') resolveDone('done');
        });
        worker.addEventListener('error', () => resolveDone('error'));
      });
      worker.postMessage({ bytes }, [bytes]);
      const how = await done;
      worker.terminate();
      return {
        how,
        detached: bytes.byteLength === 0,
        kinds: messages.map((m) => m.kind),
        rows: messages.flatMap((m) => m.rows ?? []),
        result: messages.at(-1)?.result,
      };
    }, `/assets/${workerFile}`);
    expect(answer.how).toBe('done');
    expect(answer.detached).toBe(true);
    expect(answer.kinds).toEqual(['rows', 'rows', 'rows', 'done']);
    expect(answer.rows).toHaveLength(1200);
    expect(answer.rows[1199]).toEqual(['N1199', '+1 555 1199']);
    expect(answer.result).toMatchObject({ ok: true, header: ['First name', 'Phone'] });
    expect(app.errors).toEqual([]);
  });

  it('the same policy refuses a worker that is not the app own file', async () => {
    const blocked = await app.page.evaluate(async () => {
      const url = URL.createObjectURL(new Blob(['postMessage("ran")'], { type: 'text/javascript' }));
      try {
        const worker = new Worker(url);
        return await new Promise<string>((r) => {
          worker.onmessage = () => r('ran');
          worker.onerror = () => r('blocked');
          setTimeout(() => r('silent'), 3000);
        });
      } catch {
        return 'blocked';
      }
    });
    expect(blocked).toBe('blocked');
    app.errors.length = 0;
  });
});
