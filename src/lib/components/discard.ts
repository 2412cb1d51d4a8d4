/**
 * The one way to discard a queued change: always confirmed, and saying exactly what is lost.
 */
import type { OutboxEntry } from '$lib/data/api';
import type { AppState } from '$lib/state/app';
import { displayName } from '$lib/format/customer';

export async function confirmDiscard(app: AppState, entry: OutboxEntry): Promise<boolean> {
  const customer = app.session.customer(entry.customerId);
  const name = customer ? displayName(customer) : 'this customer';
  const ok = await app.dialogs.confirm({
    title: entry.kind === 'create' ? 'Discard this new customer?' : 'Discard this change?',
    message:
      entry.kind === 'create'
        ? `${name} has not been sent to Rotor yet. Discarding removes it from this computer. This cannot be undone.`
        : `Your change to ${name} will be removed and the customer goes back to Rotor’s values. This cannot be undone.`,
    confirmLabel: 'Discard change',
    cancelLabel: 'Keep change',
    danger: true,
  });
  if (!ok) return false;
  await app.session.discard(entry.id);
  // A discarded new customer no longer exists; don't leave its empty detail pane open.
  if (entry.kind === 'create' && app.nav.selectedId === entry.customerId) app.nav.select(null);
  return true;
}
