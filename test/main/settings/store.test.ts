import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SettingsSchema } from '@contract/settings';
import { createCredentials, originOf } from '../../../electron/main/credentials/credentials';
import { createInsecureFileBackend } from '../../../electron/main/credentials/file-backends';
import type { Logger } from '../../../electron/main/log/logger';
import { settingsJsonSchema } from '../../../electron/main/settings/json-schema';
import { createSettings } from '../../../electron/main/settings/settings';
import { openSettingsStore } from '../../../electron/main/settings/store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rotor-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const settingsFile = () => join(dir, 'settings.json');
const readSettingsFile = async () => JSON.parse(await readFile(settingsFile(), 'utf8')) as unknown;

function recordingLog(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info: () => {}, error: () => {}, warn: (m) => warnings.push(m) };
}

describe('settingsJsonSchema', () => {
  it('has one entry per setting with the contract bounds', () => {
    const schema = settingsJsonSchema();
    expect(Object.keys(schema).sort()).toEqual(Object.keys(SettingsSchema.shape).sort());
    expect(schema.pageSize).toMatchObject({ type: 'integer', minimum: 1, maximum: 1000 });
    expect(schema.replayConcurrency).toMatchObject({ type: 'integer', minimum: 1, maximum: 16 });
    expect(schema.freshCopyMinutes).toMatchObject({ type: 'number', minimum: 0, maximum: 1440 });
    expect(schema.theme).toMatchObject({ enum: ['system', 'light', 'dark'] });
    expect(schema.baseUrl).toMatchObject({ type: 'string', maxLength: 2000 });
    expect(schema.warningTags).toMatchObject({ type: 'array', maxItems: 30, items: { maxLength: 200 } });
  });

  it('is a schema conf (and so electron-store) compiles, accepting valid settings and refusing bad ones', () => {
    const conf = new Conf<Record<string, unknown>>({
      projectName: 'rotor-desk',
      cwd: dir,
      configName: 'schema-check',
      schema: settingsJsonSchema(),
    });
    conf.store = {
      ...DEFAULT_SETTINGS,
      windowBounds: { x: 0, y: 0, width: 800, height: 600, maximized: true },
    };
    expect(conf.store.pageSize).toBe(1000);
    expect(() => {
      conf.store = { ...DEFAULT_SETTINGS, pageSize: 5000 };
    }).toThrow(/pageSize/);
    expect(() => {
      conf.store = { ...DEFAULT_SETTINGS, theme: 'neon' };
    }).toThrow(/theme/);
    expect(() => {
      conf.store = {
        ...DEFAULT_SETTINGS,
        windowBounds: { x: 0, y: 0, width: 1, height: 1, maximized: true },
      };
    }).toThrow(/windowBounds/);
  });
});

describe('openSettingsStore (conf)', () => {
  it('persists across reopening, in settings.json under cwd', async () => {
    const first = createSettings(await openSettingsStore('conf', { cwd: dir }));
    first.update({ pageSize: 300, theme: 'dark' });
    first.setWindowBounds({ x: 5, y: 6, width: 900, height: 700, maximized: false });

    expect(await readSettingsFile()).toMatchObject({ pageSize: 300, theme: 'dark' });
    const second = createSettings(await openSettingsStore('conf', { cwd: dir }));
    expect(second.get()).toEqual({
      ...DEFAULT_SETTINGS,
      pageSize: 300,
      theme: 'dark',
      windowBounds: { x: 5, y: 6, width: 900, height: 700, maximized: false },
    });
  });

  it('opens a file the schema refuses and repairs it value by value', async () => {
    await writeFile(settingsFile(), JSON.stringify({ pageSize: 5000, theme: 'dark', replayConcurrency: 99 }));
    const log = recordingLog();
    const settings = createSettings(await openSettingsStore('conf', { cwd: dir, log }), { log });
    expect(settings.get()).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' });
    expect(log.warnings[0]).toMatch(/breaks the schema/);
    // Repaired on disk, so the next start opens it with the schema on.
    expect(await readSettingsFile()).toMatchObject({ pageSize: 1000, theme: 'dark', replayConcurrency: 4 });
    const reopenLog = recordingLog();
    await openSettingsStore('conf', { cwd: dir, log: reopenLog });
    expect(reopenLog.warnings).toEqual([]);
  });

  it('opens a file written before freshCopyMinutes existed with the schema on, and gives it the default', async () => {
    const older: Record<string, unknown> = { ...DEFAULT_SETTINGS, pageSize: 300, theme: 'light' };
    delete older['freshCopyMinutes'];
    await writeFile(settingsFile(), JSON.stringify(older));
    const log = recordingLog();
    const settings = createSettings(await openSettingsStore('conf', { cwd: dir, log }), { log });
    expect(log.warnings).toEqual([]);
    expect(settings.get()).toEqual({
      ...DEFAULT_SETTINGS,
      pageSize: 300,
      theme: 'light',
      freshCopyMinutes: 2,
    });
    // The first change writes the whole set, the new field included.
    settings.update({ freshCopyMinutes: 10 });
    expect(await readSettingsFile()).toMatchObject({ pageSize: 300, freshCopyMinutes: 10 });
  });

  it('starts over from the defaults when the file is not JSON', async () => {
    await writeFile(settingsFile(), '{"pageSize": ');
    const log = recordingLog();
    const settings = createSettings(await openSettingsStore('conf', { cwd: dir, log }));
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
    expect(log.warnings.some((w) => /not readable/.test(w))).toBe(true);
    settings.update({ pageSize: 20 });
    expect(await readSettingsFile()).toMatchObject({ pageSize: 20 });
  });

  it('reads as empty when the file breaks while the app runs', async () => {
    const store = await openSettingsStore('conf', { cwd: dir, log: recordingLog() });
    await writeFile(settingsFile(), 'not json');
    expect(store.get()).toEqual({});
  });

  it('never writes the API key into the settings file, through a whole connect and change flow', async () => {
    const key = 'rk_live_9f8e7d6c5b4a3210ZYXW';
    const newKey = 'rk_live_0000111122223333VUTS';
    const settings = createSettings(await openSettingsStore('conf', { cwd: dir }));
    const secrets = createInsecureFileBackend(join(dir, 'secrets.json'));
    const credentials = createCredentials({
      backends: async () => ({ backend: secrets, note: 'test' }),
    });

    await credentials.set(settings.get().baseUrl, key);
    settings.update({ pageSize: 250, includeArchived: true });
    settings.setWindowBounds({ x: 0, y: 0, width: 1024, height: 768, maximized: false });
    const { baseUrlChanged } = settings.update({ baseUrl: 'http://127.0.0.1:4010/open-api' });
    if (!baseUrlChanged) throw new Error('expected a base URL change');
    await credentials.remove(baseUrlChanged.from);
    await credentials.set(baseUrlChanged.to, newKey);

    const text = await readFile(settingsFile(), 'utf8');
    for (const secret of [key, newKey]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(-4));
    }
    expect(JSON.stringify(settings.get())).not.toContain(key);
    // The key for the old origin is gone; only the new origin has one.
    expect(await credentials.get(originOf(DEFAULT_SETTINGS.baseUrl))).toBeNull();
    expect(await credentials.get('http://127.0.0.1:4010')).toBe(newKey);
  });
});
