import { describe, expect, it } from 'vitest';
import { AppFailure } from '@contract/result';
import { DEFAULT_SETTINGS } from '@contract/settings';
import type { Settings } from '@contract/settings';
import { MAX_WARNING_TAG_LENGTH, MAX_WARNING_TAGS } from '@contract/warning-tags';
import type { Logger } from '../../../electron/main/log/logger';
import { createSettings } from '../../../electron/main/settings/settings';
import type { SettingsStore } from '../../../electron/main/settings/store';

function memoryStore(initial: unknown = undefined) {
  const writes: Settings[] = [];
  let value = initial;
  const store: SettingsStore = {
    get: () => value,
    set: (next) => {
      writes.push(next);
      value = next;
    },
  };
  return { store, writes, current: () => value };
}

function recordingLog(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info: () => {}, error: () => {}, warn: (m) => warnings.push(m) };
}

function failureOf(fn: () => unknown): AppFailure {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppFailure) return error;
    throw error;
  }
  throw new Error('expected an AppFailure');
}

describe('defaults', () => {
  it('are the contract defaults for an empty store, and nothing is written', () => {
    const { store, writes } = memoryStore();
    expect(createSettings(store).get()).toEqual(DEFAULT_SETTINGS);
    expect(writes).toEqual([]);
  });

  it('fill in whatever the store lacks', () => {
    const { store } = memoryStore({ pageSize: 250, theme: 'dark' });
    expect(createSettings(store).get()).toEqual({ ...DEFAULT_SETTINGS, pageSize: 250, theme: 'dark' });
  });

  it('give a settings file from before freshCopyMinutes existed the default of 2, without rewriting it', () => {
    const older = { ...DEFAULT_SETTINGS, pageSize: 400 } as Partial<Settings>;
    delete older.freshCopyMinutes;
    const { store, writes } = memoryStore(older);
    const settings = createSettings(store);
    expect(settings.get()).toEqual({ ...DEFAULT_SETTINGS, pageSize: 400, freshCopyMinutes: 2 });
    expect(DEFAULT_SETTINGS.freshCopyMinutes).toBe(2);
    expect(writes).toEqual([]);
  });

  it('take freshCopyMinutes from a patch within 0–1440 and refuse it outside', () => {
    const { store } = memoryStore();
    const settings = createSettings(store);
    expect(settings.update({ freshCopyMinutes: 0 }).settings.freshCopyMinutes).toBe(0);
    expect(settings.update({ freshCopyMinutes: 1440 }).settings.freshCopyMinutes).toBe(1440);
    for (const bad of [-1, 1441, '5', null]) {
      const failure = failureOf(() => settings.update({ freshCopyMinutes: bad }));
      expect(failure.error.fields?.map((f) => f.field)).toEqual(['freshCopyMinutes']);
    }
    expect(settings.get().freshCopyMinutes).toBe(1440);
  });

  it('keep warning tags as typed, without blanks or repeats, and refuse too many or too long', () => {
    const { store } = memoryStore();
    const settings = createSettings(store);
    expect(DEFAULT_SETTINGS.warningTags).toContain('do-not-service');
    const saved = settings.update({ warningTags: [' dog ', 'Gate  code', 'dog', 'do-not-service'] });
    expect(saved.settings.warningTags).toEqual(['dog', 'Gate code', 'do-not-service']);
    for (const bad of [
      Array.from({ length: MAX_WARNING_TAGS + 1 }, (_, i) => `tag-${i}`),
      ['x'.repeat(MAX_WARNING_TAG_LENGTH + 1)],
      ['  '],
      'dog',
      [7],
    ]) {
      const failure = failureOf(() => settings.update({ warningTags: bad }));
      expect(failure.error.fields?.[0]?.field.split('.')[0]).toBe('warningTags');
    }
    expect(settings.get().warningTags).toEqual(['dog', 'Gate code', 'do-not-service']);
  });

  it('give a settings file from before warning tags existed the default list', () => {
    const { store, writes } = memoryStore({ pageSize: 400 });
    expect(createSettings(store).get().warningTags).toEqual(DEFAULT_SETTINGS.warningTags);
    expect(writes).toEqual([]);
  });

  it('hand out copies that cannot change the service', () => {
    const settings = createSettings(memoryStore().store);
    const got = settings.get();
    got.pageSize = 1;
    expect(settings.get().pageSize).toBe(DEFAULT_SETTINGS.pageSize);
  });
});

describe('invalid persisted values', () => {
  it('drop back to their defaults one by one, with a warning each, keeping the valid ones', () => {
    const log = recordingLog();
    const { store, writes } = memoryStore({
      baseUrl: 'http://evil.example/open-api',
      pageSize: 5000,
      autoRefreshHours: 12,
      includeArchived: 'yes',
      replayConcurrency: 2,
      theme: 'purple',
      windowBounds: { x: 0, y: 0, width: 10, height: 10, maximized: false },
    });
    const settings = createSettings(store, { log });
    expect(settings.get()).toEqual({ ...DEFAULT_SETTINGS, autoRefreshHours: 12, replayConcurrency: 2 });
    for (const key of ['baseUrl', 'pageSize', 'includeArchived', 'theme', 'windowBounds'])
      expect(log.warnings.some((w) => w.includes(`setting ${key} `))).toBe(true);
    expect(log.warnings).toHaveLength(5);
    // The repaired settings are written back, so the next start reads a clean file.
    expect(writes).toEqual([settings.get()]);
  });

  it.each([[null], [42], ['text'], [[1, 2]]])('a stored %j becomes the defaults', (raw) => {
    const log = recordingLog();
    expect(createSettings(memoryStore(raw).store, { log }).get()).toEqual(DEFAULT_SETTINGS);
    expect(log.warnings).toEqual(['Stored settings are not an object; using the defaults']);
  });

  it('ignores unknown stored keys, such as anything that looks like a key', () => {
    const { store } = memoryStore({ apiKey: 'rk_live_should_not_surface', pageSize: 10 });
    const got = createSettings(store).get();
    expect(got).toEqual({ ...DEFAULT_SETTINGS, pageSize: 10 });
    expect(JSON.stringify(got)).not.toContain('rk_live_should_not_surface');
  });

  it('survive a store that cannot be written while repairing', () => {
    const log = recordingLog();
    const store: SettingsStore = {
      get: () => ({ pageSize: -1 }),
      set: () => {
        throw new Error('EACCES: permission denied');
      },
    };
    expect(createSettings(store, { log }).get()).toEqual(DEFAULT_SETTINGS);
    expect(log.warnings).toContain('Could not write the repaired settings back');
  });
});

describe('update', () => {
  it('saves a valid patch, reports it, and keeps other settings', () => {
    const changes: Settings[] = [];
    const { store, current } = memoryStore();
    const settings = createSettings(store, { onChange: (s) => changes.push(s) });
    const result = settings.update({ pageSize: 200, theme: 'dark', includeArchived: true });
    const expected = { ...DEFAULT_SETTINGS, pageSize: 200, theme: 'dark', includeArchived: true };
    expect(result).toEqual({ settings: expected, baseUrlChanged: null });
    expect(current()).toEqual(expected);
    expect(changes).toEqual([expected]);
    expect(settings.get()).toEqual(expected);
  });

  it('does not write or notify when nothing changes', () => {
    const changes: Settings[] = [];
    const { store, writes } = memoryStore();
    const settings = createSettings(store, { onChange: (s) => changes.push(s) });
    settings.update({ pageSize: DEFAULT_SETTINGS.pageSize });
    settings.update({});
    expect(writes).toEqual([]);
    expect(changes).toEqual([]);
  });

  it('reports a base URL change so the caller can drop the old key', () => {
    const settings = createSettings(memoryStore().store);
    const result = settings.update({ baseUrl: 'http://127.0.0.1:4010/open-api/' });
    expect(result.baseUrlChanged).toEqual({
      from: DEFAULT_SETTINGS.baseUrl,
      to: 'http://127.0.0.1:4010/open-api',
    });
    expect(result.settings.baseUrl).toBe('http://127.0.0.1:4010/open-api');
    // The same URL with a trailing slash is the same URL.
    expect(settings.update({ baseUrl: 'http://127.0.0.1:4010/open-api/' }).baseUrlChanged).toBeNull();
  });

  describe('base URL rules', () => {
    it.each([
      'https://api.getrotor.com/open-api',
      'https://rotor.example:8443',
      'http://127.0.0.1:4010/open-api',
      'http://127.0.0.2:9000',
      'http://localhost:4010',
      'http://[::1]:4010/open-api',
    ])('accepts %s', (baseUrl) => {
      const settings = createSettings(memoryStore().store);
      expect(settings.update({ baseUrl }).settings.baseUrl).toBe(baseUrl);
    });

    it.each([
      ['http://api.getrotor.com/open-api', /only for this computer/],
      ['http://192.168.1.10:4010', /only for this computer/],
      ['http://localhost.evil.example', /only for this computer/],
      ['ftp://api.getrotor.com', /Only https/],
      ['api.getrotor.com/open-api', /full URL/],
      ['https://user:pw@api.getrotor.com', /user name or password/],
      ['https://api.getrotor.com/open-api?x=1', /query or fragment/],
    ])('refuses %s', (baseUrl, message) => {
      const { store, writes } = memoryStore();
      const failure = failureOf(() => createSettings(store).update({ baseUrl }));
      expect(failure.error.kind).toBe('settings');
      expect(failure.error.fields).toEqual([{ field: 'baseUrl', message: expect.stringMatching(message) }]);
      expect(writes).toEqual([]);
    });
  });

  it.each([
    [{ pageSize: 0 }, 'pageSize'],
    [{ pageSize: 1001 }, 'pageSize'],
    [{ pageSize: 10.5 }, 'pageSize'],
    [{ replayConcurrency: 0 }, 'replayConcurrency'],
    [{ replayConcurrency: 17 }, 'replayConcurrency'],
    [{ autoRefreshHours: 0.5 }, 'autoRefreshHours'],
    [{ autoRefreshHours: 169 }, 'autoRefreshHours'],
    [{ theme: 'purple' }, 'theme'],
    [{ includeArchived: 'true' }, 'includeArchived'],
  ])('refuses %j', (patch, field) => {
    const failure = failureOf(() => createSettings(memoryStore().store).update(patch));
    expect(failure.error.kind).toBe('settings');
    expect(failure.error.fields?.map((f) => f.field)).toEqual([field]);
  });

  it.each([
    [{ pageSize: 1000 }],
    [{ pageSize: 1 }],
    [{ replayConcurrency: 1 }],
    [{ replayConcurrency: 16 }],
    [{ autoRefreshHours: 168 }],
    [{ theme: 'light' }],
    [{ theme: 'system' }],
  ])('accepts the bound %j', (patch) => {
    const settings = createSettings(
      memoryStore({ pageSize: 500, replayConcurrency: 4, theme: 'dark' }).store,
    );
    expect(settings.update(patch).settings).toMatchObject(patch);
  });

  it('refuses window bounds and unknown keys from the renderer, naming each', () => {
    const failure = failureOf(() =>
      createSettings(memoryStore().store).update({
        windowBounds: { x: 0, y: 0, width: 800, height: 600, maximized: false },
        apiKey: 'x',
      }),
    );
    expect(failure.error.kind).toBe('settings');
    expect(failure.error.fields?.map((f) => f.field).sort()).toEqual(['apiKey', 'windowBounds']);
  });

  it('refuses a patch that is not an object', () => {
    expect(failureOf(() => createSettings(memoryStore().store).update('pageSize=5')).error.kind).toBe(
      'settings',
    );
  });

  it('lists every invalid field of one patch and changes none of them', () => {
    const { store, writes } = memoryStore();
    const settings = createSettings(store);
    const failure = failureOf(() => settings.update({ pageSize: 0, theme: 'neon', includeArchived: true }));
    expect(failure.error.message).toBe('Some settings are not valid');
    expect(failure.error.fields?.map((f) => f.field)).toEqual(['pageSize', 'theme']);
    expect(writes).toEqual([]);
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('says so when the store cannot save, and keeps the old settings', () => {
    const store: SettingsStore = {
      get: () => ({}),
      set: () => {
        throw new Error('ENOSPC: no space left on device');
      },
    };
    const settings = createSettings(store);
    const failure = failureOf(() => settings.update({ pageSize: 10 }));
    expect(failure.error).toMatchObject({ kind: 'settings', retryable: true });
    expect(failure.error.message).toContain('ENOSPC');
    expect(settings.get().pageSize).toBe(DEFAULT_SETTINGS.pageSize);
  });

  it('still succeeds when a change listener throws', () => {
    const log = recordingLog();
    const settings = createSettings(memoryStore().store, {
      log,
      onChange: () => {
        throw new Error('renderer gone');
      },
    });
    expect(settings.update({ pageSize: 10 }).settings.pageSize).toBe(10);
    expect(log.warnings).toContain('A settings listener failed');
  });
});

describe('setWindowBounds', () => {
  const bounds = { x: 10, y: 20, width: 1200, height: 800, maximized: false };

  it('saves valid bounds without notifying the renderer', () => {
    const changes: Settings[] = [];
    const { store, current } = memoryStore();
    const settings = createSettings(store, { onChange: (s) => changes.push(s) });
    settings.setWindowBounds(bounds);
    expect(settings.get().windowBounds).toEqual(bounds);
    expect((current() as Settings).windowBounds).toEqual(bounds);
    expect(changes).toEqual([]);
  });

  it('ignores bounds outside the allowed range', () => {
    const log = recordingLog();
    const { store, writes } = memoryStore();
    const settings = createSettings(store, { log });
    settings.setWindowBounds({ ...bounds, width: 0 });
    expect(settings.get().windowBounds).toBeNull();
    expect(writes).toEqual([]);
    expect(log.warnings).toHaveLength(1);
  });

  it('writes only when the bounds change, and can clear them', () => {
    const { store, writes } = memoryStore();
    const settings = createSettings(store);
    settings.setWindowBounds(bounds);
    settings.setWindowBounds({ ...bounds });
    settings.setWindowBounds(null);
    expect(writes.map((w) => w.windowBounds)).toEqual([bounds, null]);
  });

  it('swallows a failed save', () => {
    const store: SettingsStore = {
      get: () => ({}),
      set: () => {
        throw new Error('EROFS');
      },
    };
    const settings = createSettings(store, { log: recordingLog() });
    expect(() => settings.setWindowBounds(bounds)).not.toThrow();
    expect(settings.get().windowBounds).toBeNull();
  });
});
