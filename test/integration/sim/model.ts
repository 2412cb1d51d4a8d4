/**
 * What the simulated user typed, and what others did in Rotor, per account: the model the invariants
 * hold the real system to. A customer is known by an identity that survives id rewrites and reloads:
 * `id:<Rotor id>` for a customer Rotor had, `mk:<marker>` for one created here (every create carries a
 * unique last name, its marker; edits never touch names).
 */
import type { LocalCustomer, OutboxEntry } from '$lib/data/types';
import type { AccountTag } from './world';

export type TextField = 'notes' | 'phone' | 'email';

export interface Typed {
  value: string;
  seq: number;
  /** The outbox entry the value went into; a discard of that entry releases the expectation. */
  entryId: string | null;
  discarded: boolean;
}

export interface CreateTyped {
  marker: string;
  seq: number;
  /** What Rotor matches it by: the phone's digits, else the email lower-cased; null for neither. */
  contact: string | null;
  hasContact: boolean;
  /** The cached customer it was meant to match (same phone), if any. */
  matches: string | null;
  entryId: string | null;
  /** The `local:` id the create was given; the store's rewrites lead from it to the Rotor id it became. */
  localId: string;
  discarded: boolean;
}

export class AccountModel {
  readonly fields = new Map<string, Map<TextField, Typed>>();
  readonly tags = new Map<string, Map<string, Typed>>();
  readonly creates = new Map<string, CreateTyped>();
  /** Values colleagues wrote in Rotor, per Rotor id and field. */
  readonly colleague = new Map<string, Map<string, string[]>>();
  /** Markers whose Rotor copy a colleague edited, archived or deleted (the documented duplicate rule). */
  readonly touchedMarkers = new Set<string>();
  readonly deletedIds = new Set<string>();
  readonly deletedMarkers = new Set<string>();
}

export const MARKER = /^Sim\d+$/;

export function identityOf(c: Pick<LocalCustomer, 'id' | 'last_name'>): string {
  return c.id.startsWith('local:') && c.last_name && MARKER.test(c.last_name)
    ? `mk:${c.last_name}`
    : `id:${c.id}`;
}

export class UserModel {
  seq = 0;
  readonly accounts: Record<AccountTag, AccountModel> = { A: new AccountModel(), B: new AccountModel() };
  /** Accounts the run opened (their caches must be drained and checked at the end). */
  readonly used = new Set<AccountTag>(['A']);
  /** Records served broken on purpose (repaired when the run heals). */
  readonly spoiled = new Set<string>();
  /** What the run did, for the failure report. */
  readonly events: string[] = [];

  next(): number {
    return ++this.seq;
  }

  typed(tag: AccountTag, identity: string, field: TextField, value: string, entryId: string | null): void {
    const map = this.accounts[tag].fields.get(identity) ?? new Map<TextField, Typed>();
    map.set(field, { value, seq: this.seq, entryId, discarded: false });
    this.accounts[tag].fields.set(identity, map);
  }

  taggedWith(tag: AccountTag, identity: string, value: string, entryId: string | null): void {
    const map = this.accounts[tag].tags.get(identity) ?? new Map<string, Typed>();
    map.set(value, { value, seq: this.seq, entryId, discarded: false });
    this.accounts[tag].tags.set(identity, map);
  }

  /**
   * The user discarded `entry`: whatever went into it is no longer owed to Rotor. Discarding a create
   * discards the new customer, later edits to it included (the data layer drops them with it).
   */
  discarded(tag: AccountTag, entry: OutboxEntry): void {
    const m = this.accounts[tag];
    for (const map of [...m.fields.values(), ...m.tags.values()])
      for (const t of map.values()) if (t.entryId === entry.id) t.discarded = true;
    for (const c of m.creates.values()) {
      if (c.entryId !== entry.id) continue;
      c.discarded = true;
      const identity = `mk:${c.marker}`;
      for (const t of m.fields.get(identity)?.values() ?? []) t.discarded = true;
      for (const t of m.tags.get(identity)?.values() ?? []) t.discarded = true;
    }
  }

  colleagueWrote(
    tag: AccountTag,
    rotorId: string,
    field: string,
    value: string,
    lastName: string | null,
  ): void {
    const m = this.accounts[tag];
    const map = m.colleague.get(rotorId) ?? new Map<string, string[]>();
    map.set(field, [...(map.get(field) ?? []), value]);
    m.colleague.set(rotorId, map);
    if (lastName && MARKER.test(lastName)) m.touchedMarkers.add(lastName);
  }

  removedInRotor(tag: AccountTag, rotorId: string, lastName: string | null, deleted: boolean): void {
    const m = this.accounts[tag];
    if (deleted) m.deletedIds.add(rotorId);
    if (lastName && MARKER.test(lastName)) {
      m.touchedMarkers.add(lastName);
      if (deleted) m.deletedMarkers.add(lastName);
    }
  }
}
