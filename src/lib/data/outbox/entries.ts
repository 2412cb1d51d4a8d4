/**
 * The pieces every outbox write shares: ids, the write context, and how an entry is made, copied and
 * changed field by field. The rules live with the writes (outbox.ts, outbox-settle.ts).
 */
import type { EditableField, OutboxEntry, SaveResult } from '../types';
import type { Changes } from './changes';
import type { RotorDb, StoredEntry } from '../db/schema';
import { bySeq } from './rebase';
import { validationMessage } from './validate';

export const LOCAL_PREFIX = 'local:';
export const isLocalId = (id: string): boolean => id.startsWith(LOCAL_PREFIX);

export interface WriteContext {
  db: RotorDb;
  nowIso: () => string;
  uuid: () => string;
}

/**
 * A write's answer and what it changed. The write functions never catch IndexedDB errors: a refused
 * transaction rejects, so the caller (the store) can report it and memory never shows a rolled-back write.
 */
export interface WriteOutcome<T> {
  result: T;
  changes: Changes;
}

/** What the store answers when IndexedDB refuses a write: the form keeps what was typed. */
export const STORAGE_FAILED: SaveResult = {
  ok: false,
  error: {
    kind: 'storage',
    message:
      'Not saved on this computer: its storage refused the change (the disk may be full). What you typed is ' +
      'still here — try Save again. If it keeps failing, free up disk space or restart Rotor Desk.',
  },
};

export async function entriesFor(db: RotorDb, customerId: string): Promise<StoredEntry[]> {
  const list = await db.outbox.where('customerId').equals(customerId).toArray();
  return list.sort(bySeq);
}

export async function nextSeq(db: RotorDb): Promise<number> {
  const last = await db.outbox.orderBy('seq').last();
  return (last?.seq ?? 0) + 1;
}

export function newEntry(
  ctx: Pick<WriteContext, 'uuid'>,
  seq: number,
  customerId: string,
  kind: OutboxEntry['kind'],
  now: string,
): StoredEntry {
  return {
    id: ctx.uuid(),
    customerId,
    idempotencyKey: `rotor-desk-${ctx.uuid()}`,
    kind,
    changes: {},
    base: {},
    state: 'pending',
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    conflicts: null,
    createdAt: now,
    updatedAt: now,
    seq,
    firstAttemptAt: null,
    ambiguous: false,
  };
}

export function cloneEntry(e: StoredEntry): StoredEntry {
  return {
    ...e,
    changes: { ...e.changes },
    base: { ...e.base },
    conflicts: e.conflicts ? { ...e.conflicts } : null,
  };
}

export const validationError = (errors: Record<string, string>): SaveResult => ({
  ok: false,
  error: {
    kind: 'validation',
    message: validationMessage(errors),
    fields: Object.entries(errors).map(([field, message]) => ({ field, message })),
  },
});

export const setChange = (e: StoredEntry, field: EditableField, value: unknown): void => {
  (e.changes as Record<string, unknown>)[field] = value;
};

export const dropChange = (e: StoredEntry, field: EditableField): void => {
  Reflect.deleteProperty(e.changes, field);
  Reflect.deleteProperty(e.base, field);
};

export const isEmptyValue = (v: unknown): boolean =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** Fields, sending or possibly already in Rotor: such an entry's fields stay exactly as they were sent. */
export const isFrozen = (e: StoredEntry): boolean => e.state === 'sending' || e.ambiguous;
