/**
 * Replay's lanes: the entries that must go to Rotor one after another. Rotor matches an id-less upsert
 * by phone, then email, so a create that Rotor will match to a cached customer (or to another queued
 * create) is the same customer as far as Rotor is concerned: it joins that customer's lane instead of
 * racing its edits. Grouping too much only serialises; grouping too little lets Rotor see a race, so
 * every identity a create could match by is joined.
 */
import type { EditableFields } from '../types';
import type { StoredEntry } from '../db/schema';
import { bySeq } from '../outbox/rebase';
import { digitsOnly } from '../../search/normalize';

/** The cached customer (by Rotor's values) an id-less upsert with these fields would update, if any. */
export type UpsertMatch = (fields: Pick<EditableFields, 'phone' | 'email'>) => string | undefined;

export function identityKeys(fields: { phone?: string | null; email?: string | null }): string[] {
  const keys: string[] = [];
  const digits = digitsOnly(fields.phone);
  if (digits) keys.push(`phone:${digits}`);
  const email = fields.email?.trim().toLowerCase();
  if (email) keys.push(`email:${email}`);
  return keys;
}

/**
 * Cached customers an ambiguous create without phone or email might turn out to be (adopt.ts): an edit
 * of one of them waits behind the create, so the create's search still finds it as it was sent.
 */
export type AdoptCandidates = (entry: StoredEntry) => string[];

/** Groups entries into lanes, each in queue order; lanes come in the order of their first entry. */
export function buildLanes(
  entries: readonly StoredEntry[],
  match: UpsertMatch,
  candidates: AdoptCandidates,
): StoredEntry[][] {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let root = k;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root) as string;
    parent.set(k, root);
    return root;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  const sorted = [...entries].sort(bySeq);
  for (const e of sorted) {
    find(e.customerId);
    if (e.kind === 'create') {
      const matched = match(e.changes);
      if (matched) union(e.customerId, matched);
      if (e.ambiguous) for (const id of candidates(e)) union(e.customerId, id);
    }
    // An update that gives a customer a phone or email makes it what a later create would match.
    for (const key of identityKeys(e.changes)) union(e.customerId, key);
  }
  const lanes = new Map<string, StoredEntry[]>();
  for (const e of sorted) {
    const root = find(e.customerId);
    const lane = lanes.get(root);
    if (lane) lane.push(e);
    else lanes.set(root, [e]);
  }
  return [...lanes.values()];
}

/** Runs `work` over the lanes, at most `size` at a time; `idle` each time a worker finds none left. */
export async function pool<T>(
  items: readonly T[],
  size: number,
  work: (item: T) => Promise<void>,
  idle: () => void = () => undefined,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let item = items[next++]; item !== undefined; item = items[next++]) await work(item);
    idle();
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

/** When the earliest lane head waiting for a retry is due (ms), skipping held ones; null: none waits. */
export function earliestRetry(
  lanes: readonly StoredEntry[][],
  held: (head: StoredEntry) => boolean,
): number | null {
  let next: number | null = null;
  for (const lane of lanes) {
    const head = lane[0];
    if (head?.state !== 'pending' || !head.nextAttemptAt || held(head)) continue;
    const t = Date.parse(head.nextAttemptAt);
    if (next === null || t < next) next = t;
  }
  return next;
}
