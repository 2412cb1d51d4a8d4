/**
 * The screens the first screen (the customer list and a customer) does not need, each in its own chunk
 * loaded on the first visit (Lazy.svelte): what the window parses at start stays small (issue #12).
 * Each loader is a constant, so Lazy can remember what it has loaded.
 */
export const importScreen = () => import('./ImportView.svelte');
export const pendingScreen = () => import('./PendingView.svelte');
export const conflictsScreen = () => import('./ConflictsView.svelte');
export const settingsScreen = () => import('./SettingsView.svelte');
export const bulkEditDialog = () => import('./BulkEditView.svelte');
export const customerForm = () => import('./customer/CustomerForm.svelte');
export const onboarding = () => import('./Onboarding.svelte');
