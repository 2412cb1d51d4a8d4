/**
 * Facts about a queued change that the UI shows, decided here once so no component restates the
 * outbox's rules.
 */
import type { OutboxEntry } from '$lib/data/types';
import { errorAction } from './error-actions';

/**
 * An edit Rotor answered 404 for: the customer was deleted in Rotor after it was edited here. Sending
 * it again cannot work; it can only go back as a new customer (what the store's `recreateAsNew`
 * accepts) or be discarded. A create never reaches this state: Rotor has nothing to delete yet.
 */
export function deletedInRotor(entry: Pick<OutboxEntry, 'kind' | 'state' | 'lastError'>): boolean {
  return (
    entry.kind === 'update' &&
    entry.state === 'failed' &&
    !!entry.lastError &&
    errorAction(entry.lastError) === 'recreate'
  );
}
