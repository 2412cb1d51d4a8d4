/**
 * What the user does to customers and their queued changes: save, create, refresh one, and the
 * outbox's discard / retry / send-all / resolve / recreate / resume, each saying how it went.
 * The app model exposes them as its own; the store does the work, behind the one guard (guard.ts).
 */
import type { ConflictPick, DataStore, EditableFields, ResolveResult, SaveResult } from '$lib/data/types';
import { rejectedFields } from '$lib/data/outbox/rejection';
import { displayName } from '$lib/format/customer';
import { resolvedMessage } from './failure-actions';
import { guard } from './guard';
import type { StoreHost } from './guard';
import type { Notify } from './notify';
import { pausedActionMessage } from './pause';
import type { PauseContext } from './pause';

/** What these actions read from the app (the app model is one). */
export interface OutboxHost extends StoreHost {
  readonly online: boolean;
  readonly pauseContext: PauseContext;
  /** Sends what is queued; never throws. */
  replay(): Promise<void>;
}

const NO_STORE: SaveResult = {
  ok: false,
  error: { kind: 'validation', message: 'No account is open, so the change could not be saved.' },
};

/** No cache open, or the store threw: the card shows this (nothing was changed). */
const RESOLVE_FAILED: ResolveResult = {
  ok: false,
  error: { kind: 'storage', message: 'The conflict could not be resolved: nothing was changed. Try again.' },
};

const OFFLINE_ONE = 'Offline — the change will be sent when the connection is back';
const OFFLINE_ALL = 'Offline — your changes will be sent when the connection is back';

/** Plain functions (no `this`), so a component can hand one straight to an event handler. */
export function outboxActions(host: OutboxHost, notify: Notify) {
  const onStore = guard(host, notify);
  const saveBatch = onStore(
    { closed: null as SaveResult[] | null },
    (store, edits: readonly { customerId: string; changes: EditableFields }[]) => store.saveEdits(edits),
  );

  /** After a send the user asked for: why nothing went, when something still holds it back. */
  const explainHeld = (store: DataStore, offline: string): void => {
    const paused = store.pausedReason();
    if (paused) notify(pausedActionMessage(paused, host.pauseContext), 'warning');
    else if (!host.online) notify(offline, 'warning');
  };

  return {
    /** One customer from Rotor (1 request). */
    refreshOne: onStore({ closed: false }, async (store, id: string) => {
      const result = await store.refreshOne(id);
      if (result.ok) notify('Customer refreshed from Rotor', 'success');
      else notify(`Could not refresh: ${result.error.message}`, 'error');
      return result.ok;
    }),

    /** Queues an edit; the store starts sending it right away when online. */
    saveEdit: onStore({ closed: NO_STORE }, (store, customerId: string, changes: EditableFields) =>
      store.saveEdit(customerId, changes),
    ),

    /** A bulk action's batch: one transaction, one answer per edit (no cache open: each says so). */
    saveEdits: async (edits: readonly { customerId: string; changes: EditableFields }[]) =>
      (await saveBatch(edits)) ?? edits.map(() => NO_STORE),

    createCustomer: onStore({ closed: NO_STORE }, (store, fields: EditableFields) =>
      store.createCustomer(fields),
    ),

    /** Drops a queued change and rolls the customer back to Rotor's values. */
    discard: onStore(
      { closed: undefined, failed: 'The change could not be discarded. Try again.' },
      async (store, entryId: string) => {
        await store.discard(entryId);
        notify('Change discarded', 'success');
      },
    ),

    retryNow: onStore(
      { closed: undefined, failed: 'The change could not be retried. Try again.' },
      async (store, entryId: string) => {
        await store.retryNow(entryId);
        explainHeld(store, OFFLINE_ONE);
      },
    ),

    /** "Send all now": sends what is due, or says why nothing went. */
    sendAll: onStore({ closed: undefined }, async (store) => {
      await host.replay();
      explainHeld(store, OFFLINE_ALL);
    }),

    /** Settles a conflict; says only what really happens next (nothing to send, paused, offline, sending). */
    resolveConflict: onStore(
      { closed: RESOLVE_FAILED, failed: '' },
      async (store, entryId: string, picks: ConflictPick): Promise<ResolveResult> => {
        const entry = store.outbox().find((e) => e.id === entryId);
        const customer = entry ? store.get(entry.customerId) : undefined;
        const result = await store.resolveConflict(entryId, picks);
        // A typed value the rules refuse is shown on its field by the card.
        if (!result.ok) {
          if (!result.error.fields?.length) notify(result.error.message, 'error');
          return result;
        }
        const paused = store.pausedReason();
        const message = resolvedMessage(
          result.data.left,
          customer ? displayName(customer) : 'the customer',
          { paused: paused ? pausedActionMessage(paused, host.pauseContext) : null, online: host.online },
          entry ? rejectedFields(entry) : [],
        );
        const done = result.data.left === null || (result.data.left === 'pending' && !paused && host.online);
        notify(message, done ? 'success' : 'warning');
        return result;
      },
    ),

    /** For a change Rotor answered "not found" (deleted in Rotor): send the record as a new customer. */
    recreateAsNew: onStore({ closed: false }, async (store, entryId: string) => {
      const result = await store.recreateAsNew(entryId);
      if (result.ok) notify('Queued as a new customer', 'success');
      else notify(result.error.message, 'error');
      return result.ok;
    }),

    /** After fixing the key elsewhere (e.g. its permissions in Rotor): lift the pause and send. */
    resume: onStore({ closed: undefined }, async (store) => {
      // Entry errors are shown per entry.
      await store.resume().catch(() => undefined);
      explainHeld(store, OFFLINE_ALL);
    }),
  };
}

export type OutboxActions = ReturnType<typeof outboxActions>;
