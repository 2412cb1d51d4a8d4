/**
 * What the user does to customers and their queued changes: save, create, refresh one, and the
 * outbox's discard / retry / send-all / resolve / recreate / resume, each saying how it went.
 * The Session composes one and exposes its actions as its own; the store does the work.
 */
import type { ConflictPick, DataStore, EditableFields, SaveResult } from '$lib/data/api';
import { errorMessage } from './messages';
import { pausedActionMessage } from './pause';
import type { PauseContext } from './pause';
import { NO_STORE } from './session-defaults';
import type { Notify } from './session-defaults';

/** What these actions read from the session (the Session itself is one). */
export interface OutboxHost {
  readonly store: DataStore | null;
  readonly online: boolean;
  readonly pauseContext: PauseContext;
  /** Sends what is queued; never throws. */
  replay(): Promise<void>;
}

const OFFLINE_ONE = 'Offline — the change will be sent when the connection is back';
const OFFLINE_ALL = 'Offline — your changes will be sent when the connection is back';

/**
 * Actions are arrow fields so `session.discard` etc. keep their `this` when the Session re-exposes
 * them and when a component hands one straight to an event handler.
 */
export class OutboxActions {
  readonly #host: OutboxHost;
  readonly #notify: Notify;

  constructor(host: OutboxHost, notify: Notify) {
    this.#host = host;
    this.#notify = notify;
  }

  /** One customer from Rotor (1 request). */
  refreshOne = async (id: string): Promise<boolean> => {
    const store = this.#host.store;
    if (!store) return false;
    const result = await store.refreshOne(id);
    if (result.ok) this.#notify('Customer refreshed from Rotor', 'success');
    else this.#notify(`Could not refresh: ${errorMessage(result.error)}`, 'error');
    return result.ok;
  };

  /** Queues an edit; the store starts sending it right away when online. */
  saveEdit = async (customerId: string, changes: EditableFields): Promise<SaveResult> => {
    const store = this.#host.store;
    if (!store) return NO_STORE;
    return store.saveEdit(customerId, changes);
  };

  createCustomer = async (fields: EditableFields): Promise<SaveResult> => {
    const store = this.#host.store;
    if (!store) return NO_STORE;
    return store.createCustomer(fields);
  };

  /** Drops a queued change and rolls the customer back to Rotor's values. */
  discard = async (entryId: string): Promise<void> => {
    const store = this.#host.store;
    if (!store) return;
    try {
      await store.discard(entryId);
      this.#notify('Change discarded', 'success');
    } catch {
      this.#notify('The change could not be discarded. Try again.', 'error');
    }
  };

  retryNow = async (entryId: string): Promise<void> => {
    const store = this.#host.store;
    if (!store) return;
    try {
      await store.retryNow(entryId);
    } catch {
      this.#notify('The change could not be retried. Try again.', 'error');
      return;
    }
    this.#explainHeld(store, OFFLINE_ONE);
  };

  /** "Send all now": sends what is due, or says why nothing went. */
  sendAll = async (): Promise<void> => {
    const store = this.#host.store;
    if (!store) return;
    await this.#host.replay();
    this.#explainHeld(store, OFFLINE_ALL);
  };

  resolveConflict = async (entryId: string, picks: ConflictPick): Promise<boolean> => {
    const store = this.#host.store;
    if (!store) return false;
    try {
      await store.resolveConflict(entryId, picks);
    } catch {
      this.#notify('The conflict could not be resolved. Try again.', 'error');
      return false;
    }
    this.#notify(
      this.#host.online
        ? 'Conflict resolved — sending to Rotor'
        : 'Conflict resolved — will sync when online',
      'success',
    );
    return true;
  };

  /** For a change Rotor answered "not found" (deleted in Rotor): send the record as a new customer. */
  recreateAsNew = async (entryId: string): Promise<boolean> => {
    const store = this.#host.store;
    if (!store) return false;
    const result = await store.recreateAsNew(entryId);
    if (result.ok) this.#notify('Queued as a new customer', 'success');
    else this.#notify(result.error.message, 'error');
    return result.ok;
  };

  /** After fixing the key elsewhere (e.g. its permissions in Rotor): lift the pause and send. */
  resume = async (): Promise<void> => {
    const store = this.#host.store;
    if (!store) return;
    try {
      await store.resume();
    } catch {
      // Entry errors are shown per entry.
    }
    this.#explainHeld(store, OFFLINE_ALL);
  };

  /** After a send the user asked for: why nothing went, when something still holds it back. */
  #explainHeld(store: DataStore, offline: string): void {
    const paused = store.pausedReason();
    if (paused) this.#notify(pausedActionMessage(paused, this.#host.pauseContext), 'warning');
    else if (!this.#host.online) this.#notify(offline, 'warning');
  }
}
