import { z } from 'zod';
import { SettingsSchema } from '@contract/settings';

type JsonSchema = Record<string, unknown>;

/**
 * The settings as a JSON Schema, one entry per key: the shape of electron-store's and conf's `schema`
 * option. Built from the contract so the file and the service can't drift apart. It is the input side
 * of the zod schema (what the file holds); the base URL's https/loopback rule is a refinement JSON Schema
 * can't express, so the settings service remains the authority and this is a second fence.
 */
export function settingsJsonSchema(): Record<keyof typeof SettingsSchema.shape, JsonSchema> {
  const whole = z.toJSONSchema(SettingsSchema, { io: 'input', target: 'draft-07' }) as {
    properties?: Record<string, JsonSchema>;
  };
  const properties = whole.properties ?? {};
  const out = {} as Record<keyof typeof SettingsSchema.shape, JsonSchema>;
  for (const key of Object.keys(SettingsSchema.shape) as Array<keyof typeof SettingsSchema.shape>) {
    const property = properties[key];
    if (!property) throw new Error(`No JSON Schema was generated for setting ${key}`);
    out[key] = property;
  }
  return out;
}
