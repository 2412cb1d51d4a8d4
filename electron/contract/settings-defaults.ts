/**
 * The settings a new profile starts with. Kept free of zod so the renderer can show them before main
 * answers without loading the schemas (settings.ts re-exports them beside the schema).
 */
import type { Settings } from './settings';
import { DEFAULT_WARNING_TAGS } from './warning-tags';

export const DEFAULT_BASE_URL = 'https://api.getrotor.com/open-api';

export const DEFAULT_SETTINGS: Settings = {
  baseUrl: DEFAULT_BASE_URL,
  pageSize: 1000,
  autoRefreshHours: 6,
  includeArchived: false,
  replayConcurrency: 4,
  freshCopyMinutes: 2,
  theme: 'system',
  windowBounds: null,
  warningTags: [...DEFAULT_WARNING_TAGS],
};
