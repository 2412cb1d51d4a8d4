/**
 * The one way to discard a queued change: always confirmed, and saying exactly what is lost — or,
 * when Rotor may already have it, that discarding only removes it from this computer.
 */
import type { OutboxEntry } from '$lib/data/types';
import type { AppState } from '$lib/state/app';
import { discardDialog } from '$lib/state/confirm-text';
import { displayName } from '$lib/format/customer';

export async function confirmDiscard(app: AppState, entry: OutboxEntry): Promise<boolean> {
  const customer = app.model.customer(entry.customerId);
  const name = customer ? displayName(customer) : 'this customer';
  if (!(await app.dialogs.confirm(discardDialog(entry, name)))) return false;
  await app.model.discard(entry.id);
  // A discarded new customer no longer exists; don't leave its empty detail pane open.
  if (entry.kind === 'create' && app.nav.selectedId === entry.customerId) app.nav.select(null);
  return true;
}
