import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../electron/main/ipc/dispatch';
import type { Logger } from '../../../electron/main/log/logger';
import { createServices } from '../../../electron/main/services/index';
import type { Platform } from '../../../electron/main/services/platform';
import { createSaveFile } from '../../../electron/main/window/save-file';

const silent: Logger = { info() {}, warn() {}, error() {} };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function servicesWith(saveFile?: Platform['saveFile']) {
  const dir = mkdtempSync(join(tmpdir(), 'rotor-save-'));
  dirs.push(dir);
  const services = await createServices(
    {
      shell: saveFile ? 'electron' : 'browser-host',
      version: '0.0.0',
      dataDir: dir,
      settingsStore: 'conf',
      fallbackSecrets: { kind: 'insecure-file' },
      secretBackend: 'fallback-only',
      log: silent,
      ...(saveFile ? { saveFile } : {}),
    },
    () => {},
  );
  return {
    call: (arg: unknown) => dispatch(services.handlers, 'files.saveCsv', arg, silent),
    dispose: () => services.dispose(),
  };
}

const good = { suggestedName: 'customers-2026-12-03.csv', text: '\uFEFFRotor ID\r\n' };

describe('files.saveCsv', () => {
  it('Electron: the save dialog in Documents, then the file written where the user chose', async () => {
    const writeFile = vi.fn(async () => {});
    const showSaveDialog = vi.fn(async () => ({ canceled: false, filePath: '/home/me/Desktop/out.csv' }));
    const save = createSaveFile({ showSaveDialog, writeFile, documentsDir: () => '/home/me/Documents' });
    expect(await save('c.csv', 'text')).toBe('/home/me/Desktop/out.csv');
    expect(showSaveDialog).toHaveBeenCalledWith(
      expect.objectContaining({ defaultPath: join('/home/me/Documents', 'c.csv') }),
    );
    expect(writeFile).toHaveBeenCalledWith('/home/me/Desktop/out.csv', 'text');

    const noDocuments = createSaveFile({
      showSaveDialog,
      writeFile,
      documentsDir: () => {
        throw new Error('unknown path documents');
      },
    });
    await noDocuments('d.csv', 'text');
    expect(showSaveDialog).toHaveBeenLastCalledWith(expect.objectContaining({ defaultPath: 'd.csv' }));

    showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    expect(await save('c.csv', 'text')).toBeNull();
    expect(writeFile).toHaveBeenCalledTimes(2);
  });

  it('answers as data: the path, null when cancelled, a file error when writing fails', async () => {
    const saveFile = vi
      .fn<NonNullable<Platform['saveFile']>>()
      .mockResolvedValueOnce('/x/c.csv')
      .mockResolvedValueOnce(null)
      .mockRejectedValueOnce(Object.assign(new Error('denied /x/secret'), { code: 'EACCES' }));
    const s = await servicesWith(saveFile);
    expect(await s.call(good)).toEqual({ ok: true, data: { path: '/x/c.csv' } });
    expect(await s.call(good)).toEqual({ ok: true, data: { path: null } });
    const failed = await s.call(good);
    expect(failed).toMatchObject({ ok: false, error: { kind: 'file' } });
    if (!failed.ok) {
      expect(failed.error.message).toContain('EACCES');
      expect(failed.error.message).not.toContain('/x/secret');
    }
    await s.dispose();
  });

  it('refuses names that are paths or not CSV, and the browser host (it downloads) as data', async () => {
    const saveFile = vi.fn<NonNullable<Platform['saveFile']>>();
    const s = await servicesWith(saveFile);
    for (const suggestedName of ['../evil.csv', 'a/b.csv', 'c.exe', 'x.csv\n'])
      expect(await s.call({ ...good, suggestedName })).toMatchObject({
        ok: false,
        error: { kind: 'invalid_argument' },
      });
    expect(saveFile).not.toHaveBeenCalled();
    await s.dispose();
    const host = await servicesWith();
    expect(await host.call(good)).toMatchObject({ ok: false, error: { kind: 'file' } });
    await host.dispose();
  });
});
