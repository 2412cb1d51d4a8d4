import { describe, expect, it, vi } from 'vitest';
import { readImportFile, readInWorker } from '../../../../src/lib/transfer/import/read-file';
import type { ReaderWorker } from '../../../../src/lib/transfer/import/read-file';
import { answersOf, readBytes } from '../../../../src/lib/transfer/import/read-bytes';
import type { ReadRequest } from '../../../../src/lib/transfer/import/read-bytes';
import { PARSE_MESSAGES } from '../../../../src/lib/transfer/import/parse-messages';

const bytesOf = (text: string): ArrayBuffer => new TextEncoder().encode(text).buffer as ArrayBuffer;

/** A Worker stand-in: records what it was sent and lets the test answer, fail or die. */
class FakeWorker extends EventTarget implements ReaderWorker {
  sent: { message: ReadRequest; transfer: Transferable[] }[] = [];
  terminated = 0;
  constructor(private readonly onPost?: (w: FakeWorker, m: ReadRequest) => void) {
    super();
  }
  postMessage(message: ReadRequest, transfer: Transferable[]): void {
    this.sent.push({ message, transfer });
    this.onPost?.(this, message);
  }
  terminate(): void {
    this.terminated++;
  }
}

describe('readImportFile', () => {
  it('reads in-thread where there is no Worker (this Node)', async () => {
    expect(typeof Worker).toBe('undefined');
    const r = await readImportFile(bytesOf('Name,Phone\nAl,555\n'));
    expect(r).toMatchObject({
      ok: true,
      encoding: 'utf-8',
      header: ['Name', 'Phone'],
      rows: [['Al', '555']],
    });
  });
});

describe('readInWorker', () => {
  it('transfers the bytes (no copy), answers with what the worker read, and ends the worker', async () => {
    const worker = new FakeWorker((w, m) => {
      const answer = readBytes(m.bytes, m.encoding ? { encoding: m.encoding } : {});
      queueMicrotask(() => {
        for (const data of answersOf(answer)) w.dispatchEvent(new MessageEvent('message', { data }));
      });
    });
    const bytes = bytesOf('A;B\n1;2\n');
    const r = await readInWorker(worker, bytes, { encoding: 'windows-1252' });
    expect(r).toMatchObject({ ok: true, encoding: 'windows-1252', header: ['A', 'B'] });
    expect(worker.sent[0]?.transfer).toEqual([bytes]);
    expect(worker.sent[0]?.message.encoding).toBe('windows-1252');
    expect(worker.terminated).toBe(1);
  });

  it('puts the rows back together from the slices of the answer, in file order', async () => {
    const text = 'N\n' + Array.from({ length: 5 }, (_, i) => `r${i}\n`).join('');
    const answer = readBytes(bytesOf(text));
    const messages = answersOf(answer, 2);
    expect(messages.map((m) => m.kind)).toEqual(['rows', 'rows', 'rows', 'done']);
    const worker = new FakeWorker((w) =>
      queueMicrotask(() => {
        for (const data of messages) w.dispatchEvent(new MessageEvent('message', { data }));
      }),
    );
    const r = await readInWorker(worker, bytesOf(text), {});
    expect(r).toEqual(answer);
  });

  it.each([
    ['error', () => new Event('error')],
    ['messageerror', () => new MessageEvent('messageerror')],
  ])('a worker that fails (%s) answers as data and is ended', async (_name, event) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const worker = new FakeWorker((w) => queueMicrotask(() => w.dispatchEvent(event())));
    const r = await readInWorker(worker, bytesOf('A\n1\n'), {});
    expect(r).toEqual({ ok: false, error: { kind: 'reader_failed', message: PARSE_MESSAGES.reader_failed } });
    expect(worker.terminated).toBe(1);
    warn.mockRestore();
  });

  it('a buffer that cannot be sent answers as data', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const worker = new FakeWorker(() => {
      throw new DOMException('detached', 'DataCloneError');
    });
    await expect(readInWorker(worker, bytesOf('A\n'), {})).resolves.toMatchObject({
      ok: false,
      error: { kind: 'reader_failed' },
    });
    expect(worker.terminated).toBe(1);
    warn.mockRestore();
  });
});
