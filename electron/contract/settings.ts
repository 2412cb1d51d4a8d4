import { z } from 'zod';
import { normalizeTag, uniqueTags } from './rules';
import { MAX_WARNING_TAG_LENGTH, MAX_WARNING_TAGS, WARNING_TAG_MESSAGES } from './warning-tags';

export { DEFAULT_BASE_URL, DEFAULT_SETTINGS } from './settings-defaults';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The key goes wherever the base URL points, so the URL is the key's guard: `https:` anywhere,
 * `http:` only to this machine (the demo and test servers). A compromised renderer can't redirect it.
 */
export function baseUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter a full URL, such as https://api.getrotor.com/open-api';
  }
  if (url.username || url.password) return 'The URL must not contain a user name or password';
  if (url.search || url.hash) return 'The URL must not contain a query or fragment';
  if (url.protocol === 'https:') return null;
  // The URL parser writes IPv4 as a dotted quad, so a DNS name like 127.0.0.1.example.com cannot pass.
  if (
    url.protocol === 'http:' &&
    (LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname))
  )
    return null;
  return url.protocol === 'http:'
    ? 'Plain http is allowed only for this computer (127.0.0.1); use https'
    : 'Only https URLs are allowed';
}

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
