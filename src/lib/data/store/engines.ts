/**
 * What the first screen does not run, as one chunk loaded on first use by lazy-engines.ts (never
 * imported statically by the window): replay, the full sync, one customer's refresh, and the outbox
 * writers (an edit, an import, settling or resolving a change). The first screen only reads.
 */
export { Replayer } from '../replay/replay';
export { refreshOneCustomer, runFullSync } from '../sync/sync';
export {
  createCustomerTx,
  discardTx,
  recreateAsNewTx,
  retryNowTx,
  saveEditsTx,
  saveEditTx,
} from '../outbox/outbox';
export { resolveConflictsTx } from '../outbox/resolve';
export { cancelImportTx, dismissImportTx, pauseImportTx } from '../outbox/import-groups';
export { queueImportTx } from '../outbox/import-queue';
