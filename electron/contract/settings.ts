import { z } from 'zod';
import { baseUrlProblem } from './base-url';
import { normalizeTag, uniqueTags } from './rules';
import { MAX_WARNING_TAG_LENGTH, MAX_WARNING_TAGS, WARNING_TAG_MESSAGES } from './warning-tags';

export { baseUrlProblem } from './base-url';
export { DEFAULT_BASE_URL, DEFAULT_SETTINGS } from './settings-defaults';

export const BaseUrlSchema = z
  .string()
  .max(2000)
  .superRefine((value, ctx) => {
    const problem = baseUrlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((value) => value.replace(/\/+$/, ''));

export const THEMES = ['system', 'light', 'dark'] as const;

export const WindowBoundsSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  maximized: z.boolean(),
});
export type WindowBounds = z.infer<typeof WindowBoundsSchema>;

/** Tags shown as a red flag (warning-tags.ts); kept as the person typed them, blanks and repeats dropped. */
export const WarningTagsSchema = z
  .array(
    z
      .string()
      .max(MAX_WARNING_TAG_LENGTH, WARNING_TAG_MESSAGES.tooLong)
      .refine((t) => normalizeTag(t) !== '', WARNING_TAG_MESSAGES.empty),
  )
  .max(MAX_WARNING_TAGS, WARNING_TAG_MESSAGES.tooMany)
  .transform((tags) => uniqueTags(tags));

export const SettingsSchema = z.object({
  baseUrl: BaseUrlSchema,
  pageSize: z.number().int().min(1).max(1000),
  autoRefreshHours: z.number().min(1).max(168),
  includeArchived: z.boolean(),
  replayConcurrency: z.number().int().min(1).max(16),
  /**
   * Before an edit is sent, Rotor's copy of the customer is read again (1 request) unless it was read
   * within this many minutes, so a colleague's newer value becomes a conflict instead of being overwritten.
   */
  freshCopyMinutes: z.number().min(0).max(1440),
  theme: z.enum(THEMES),
  windowBounds: WindowBoundsSchema.nullable(),
  warningTags: WarningTagsSchema,
});
export type Settings = z.infer<typeof SettingsSchema>;

/** What the renderer may change. Window bounds belong to main alone. */
export const SettingsPatchSchema = SettingsSchema.omit({ windowBounds: true }).partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
