import { AppFailure } from '@contract/result';
import type { FieldError } from '@contract/result';
import {
  DEFAULT_SETTINGS,
  SettingsPatchSchema,
  SettingsSchema,
  WindowBoundsSchema,
} from '@contract/settings';
import type { Settings, SettingsPatch, WindowBounds } from '@contract/settings';
import type { z } from 'zod';
import type { Logger } from '../log/logger';
import type { SettingsStore } from './store';

export interface SettingsUpdate {
  settings: Settings;
  /**
   * Set when the base URL changed. The key is the base URL's to guard, so the caller must remove the key
   * stored for the old origin and ask for one again: a key is never sent to an address it wasn't
   * entered for.
   */
  baseUrlChanged: { from: string; to: string } | null;
}

export interface SettingsService {
  get(): Settings;
  /** Validates a patch from the renderer; throws AppFailure `settings` with per-field messages. */
  update(patch: unknown): SettingsUpdate;
  /**
   * Main's own bookkeeping, so it does not call `onChange` (the renderer has no use for it). Invalid
   * bounds (a minimised window) are ignored. Each call writes the file: debounce resize events.
   */
  setWindowBounds(bounds: WindowBounds | null): void;
}

type Key = keyof Settings;
const KEYS = Object.keys(SettingsSchema.shape) as Key[];

const copy = (settings: Settings): Settings => structuredClone(settings);

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Keeps each valid stored value and puts the default in place of each invalid one. */
function repair(raw: unknown, log?: Logger): { settings: Settings; dropped: Key[] } {
  const stored =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  if (raw !== undefined && stored !== raw) log?.warn('Stored settings are not an object; using the defaults');
  const settings = copy(DEFAULT_SETTINGS);
  const dropped: Key[] = [];
  for (const key of KEYS) {
    if (!Object.hasOwn(stored, key) || stored[key] === undefined) continue;
    const parsed = SettingsSchema.shape[key].safeParse(stored[key]);
    if (parsed.success) {
      (settings as Record<Key, unknown>)[key] = parsed.data;
    } else {
      dropped.push(key);
      log?.warn(
        `Stored setting ${key} is not valid (${parsed.error.issues[0]?.message ?? 'invalid'}); using the default`,
      );
    }
  }
  return { settings, dropped };
}

function fieldErrors(error: z.ZodError): FieldError[] {
  const fields: FieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        fields.push({ field: key, message: 'This setting cannot be changed here' });
    } else {
      fields.push({ field: issue.path.map(String).join('.') || 'settings', message: issue.message });
    }
  }
  return fields;
}

/**
 * Settings: defaults merged with what is stored, validated on the way in and out. Holds no API key:
 * the schema has no field for one, and keys live with the credentials service.
 */
export function createSettings(
  store: SettingsStore,
  options: { onChange?(settings: Settings): void; log?: Logger } = {},
): SettingsService {
  const loaded = repair(store.get(), options.log);
  let current = loaded.settings;
  if (loaded.dropped.length > 0) {
    // Write the repaired file back so the next start opens it cleanly (with the store's schema on).
    try {
      store.set(copy(current));
    } catch (error) {
      options.log?.warn('Could not write the repaired settings back', error);
    }
  }

  const persist = (next: Settings) => {
    try {
      store.set(copy(next));
    } catch (error) {
      throw new AppFailure({
        kind: 'settings',
        message: `Could not save the settings: ${error instanceof Error ? error.message : String(error)}`,
        retryable: true,
      });
    }
  };

  return {
    get: () => copy(current),

    update(patch) {
      const parsed = SettingsPatchSchema.safeParse(patch);
      if (!parsed.success) {
        const fields = fieldErrors(parsed.error);
        throw new AppFailure({
          kind: 'settings',
          message: fields.length === 1 && fields[0] ? fields[0].message : 'Some settings are not valid',
          fields,
        });
      }
      const changes: SettingsPatch = parsed.data;
      const next: Settings = { ...current };
      for (const key of Object.keys(changes) as Array<keyof SettingsPatch>) {
        const value = changes[key];
        if (value !== undefined) (next as Record<Key, unknown>)[key] = value;
      }
      const baseUrlChanged =
        next.baseUrl === current.baseUrl ? null : { from: current.baseUrl, to: next.baseUrl };
      if (sameValue(next, current)) return { settings: copy(current), baseUrlChanged: null };
      persist(next);
      current = next;
      try {
        options.onChange?.(copy(current));
      } catch (error) {
        // The change is saved; a failing listener must not make the caller think it wasn't.
        options.log?.warn('A settings listener failed', error);
      }
      return { settings: copy(current), baseUrlChanged };
    },

    setWindowBounds(bounds) {
      const parsed = WindowBoundsSchema.nullable().safeParse(bounds);
      if (!parsed.success) {
        options.log?.warn('Ignoring window bounds outside the allowed range');
        return;
      }
      if (sameValue(parsed.data, current.windowBounds)) return;
      const next = { ...current, windowBounds: parsed.data };
      try {
        persist(next);
      } catch (error) {
        // Losing a window position must not break a resize handler.
        options.log?.warn('Could not save the window bounds', error);
        return;
      }
      current = next;
    },
  };
}
