export { createSettings } from './settings';
export type { SettingsService, SettingsUpdate } from './settings';
export { openSettingsStore } from './store';
export type { SettingsStore, SettingsStoreKind } from './store';
export { settingsJsonSchema } from './json-schema';
