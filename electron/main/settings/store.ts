import type { Settings } from '@contract/settings';
import type { Logger } from '../log/logger';
import { settingsJsonSchema } from './json-schema';

/** Where settings are kept; the settings service validates everything that goes in and comes out. */
export interface SettingsStore {
  /** The raw stored object: may be anything, including invalid values. */
  get(): unknown;
  set(value: Settings): void;
}

export type SettingsStoreKind = 'electron-store' | 'conf';

/** The part of conf (and electron-store, which extends it) used here. */
interface ConfLike {
  store: Record<string, unknown>;
}
type ConfConstructor = new (options: Record<string, unknown>) => ConfLike;

const CONFIG_NAME = 'settings';

async function constructorFor(kind: SettingsStoreKind): Promise<ConfConstructor> {
  // Dynamic: electron-store imports `electron`, which only exists inside Electron.
  const module = kind === 'conf' ? await import('conf') : await import('electron-store');
  return module.default as unknown as ConfConstructor;
}

/**
 * Opens `settings.json` in `cwd` (Electron: userData; host: the profile folder).
 *
 * The JSON Schema guards writes, but conf/electron-store refuse to even open a file that breaks it or
 * isn't JSON, and one bad value must not cost the user every setting or the app its start. So opening
 * steps down: with the schema; without it (the service then drops bad values one by one and writes the
 * repaired file back); and last, for a file that isn't JSON at all, starting over from defaults.
 */
export async function openSettingsStore(
  kind: SettingsStoreKind,
  options: { cwd?: string; log?: Logger } = {},
): Promise<SettingsStore> {
  const Store = await constructorFor(kind);
  const base: Record<string, unknown> = {
    ...(kind === 'conf' ? { projectName: 'rotor-desk', configName: CONFIG_NAME } : { name: CONFIG_NAME }),
    ...(options.cwd ? { cwd: options.cwd } : {}),
  };
  const attempts: Array<{ options: Record<string, unknown>; warning: string | null }> = [
    { options: { ...base, schema: settingsJsonSchema() }, warning: null },
    { options: base, warning: 'Settings file breaks the schema; opening it to repair value by value' },
    {
      options: { ...base, clearInvalidConfig: true },
      warning: 'Settings file is not readable; starting over from the defaults',
    },
  ];

  let store: ConfLike | null = null;
  let lastError: unknown;
  for (const attempt of attempts) {
    if (attempt.warning) options.log?.warn(attempt.warning, lastError);
    try {
      store = new Store(attempt.options);
      break;
    } catch (error) {
      lastError = error;
    }
  }
  if (!store) throw lastError;
  const opened = store;

  return {
    get() {
      try {
        return opened.store;
      } catch (error) {
        // Edited by hand while running: behave as if empty; the next update rewrites it.
        options.log?.warn('Settings file could not be read', error);
        return {};
      }
    },
    set(value) {
      opened.store = { ...value };
    },
  };
}
