/**
 * The screens the first screen (the customer list) does not need, each in its own chunk loaded on first
 * use through Lazy.svelte, so what the window parses at start stays small (issue #12). The customer
 * detail is one too, preloaded once the window is idle (Lazy's `preloadWhenIdle`): the first click on a
 * customer finds it loaded. Each loader is a constant: Lazy remembers what it has loaded by it.
 */
export const importScreen = () => import('./ImportView.svelte');
export const pendingScreen = () => import('./PendingView.svelte');
export const conflictsScreen = () => import('./ConflictsView.svelte');
export const settingsScreen = () => import('./SettingsView.svelte');
export const bulkEditDialog = () => import('./BulkEditView.svelte');
export const customerForm = () => import('./customer/CustomerForm.svelte');
export const customerDetail = () => import('./customer/CustomerDetail.svelte');
export const onboarding = () => import('./Onboarding.svelte');

/**
 * How long a chunk may take before its screen says it could not be opened. It comes from disk or
 * loopback, so this is generous; a late arrival is not lost: Try again then renders it at once.
 */
export const LOAD_BUDGET_MS = 10_000;

/** What a screen whose chunk did not arrive says (an install replaced underneath, a disk error). */
export const LAZY_FAILED_TEXT = {
  title: (what: string): string => `${what} could not be opened`,
  body: 'Part of Rotor Desk did not load. Your customers and changes are safe on this computer.',
  retry: 'Try again',
} as const;

/** `loading`, or a rejection once `ms` have passed without it. */
export function withinBudget<T>(loading: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not loaded within ${ms} ms`)), ms);
  });
  return Promise.race([loading, late]).finally(() => clearTimeout(timer));
}
