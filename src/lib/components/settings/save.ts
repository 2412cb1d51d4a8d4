/**
 * How a settings section saves one setting: the view does the saving and the announcing; the section
 * shows the answer by its field.
 */
import type { SettingsPatch } from '@contract/settings';

/** Saves a patch and announces `done`; answers the message for the field, or null when it was saved. */
export type SaveSetting = (patch: SettingsPatch, done: string) => Promise<string | null>;

/** Each field's message, by setting; a field with none has no key. */
export type FieldErrors = Partial<Record<keyof SettingsPatch, string>>;

export function withError(
  errors: FieldErrors,
  key: keyof SettingsPatch,
  message: string | null,
): FieldErrors {
  const { [key]: _cleared, ...rest } = errors;
  return message === null ? rest : { ...rest, [key]: message };
}
