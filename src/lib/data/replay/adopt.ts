/**
 * AMBIGUOUS CREATES
 * Rotor deduplicates a create by phone, then email. A create with neither has no such guard: if an
 * attempt failed in a way that may have reached Rotor (network, timeout, 5xx, unreadable answer, no
 * answer from main at all, a window that died mid-send), sending it again could create a second
 * customer. Such an entry is marked `ambiguous` (as is every entry after such a failure, so later edits
 * queue behind it: see outbox.ts), and before the next send of a create without phone or email, replay
 * spends ONE request to look for the first attempt's result:
 *   GET /customers?page=1&limit=50&search=<last name, else first name, else company>
 * (one field, because Rotor's search matches within a field: a "first last" string could miss; the
 * list is newest first, so a just-created customer is on page 1). It adopts a listed customer only if
 *   1. it was created at or after the first attempt's time (minus 60 s for clock skew between this
 *      computer and Rotor; anything older existed before we sent), and
 *   2. every field that was sent and that list returns equals what was sent (text compared trimmed;
 *      every sent tag present), and
 *   3. no other create sent from this cache became it (the ids creates became are kept with the
 *      outbox, `SyncMeta.createdIds`, so this holds across reloads and windows).
 * Several candidates: the earliest created is adopted. None: the create is sent again. Adopting
 * counts as success (same transaction, id rewrite, merge) and the search request's own failure is
 * handled like any other attempt failure.
 */
import type { AppError } from '@contract/result';
import type { RotorCustomer } from '@contract/customer';
import type { RotorApi } from '@contract/surface';
import type { EditableField, EditableFields } from '../types';
import { callRotor } from '../call-rotor';
import type { RotorDb, StoredEntry } from '../db/schema';
import { readMeta } from '../db/schema';
import { fieldValue, fromRead, WRITE_ONLY_FIELDS } from '../mapping';
import type { CustomerData } from '../mapping';

export const ADOPT_SKEW_MS = 60 * 1000;
export const ADOPT_SEARCH_LIMIT = 50;
/** How many created ids the cache remembers: far more than creates that can be ambiguous at once. */
export const CREATED_IDS_KEPT = 2000;

/** Rotor matches an id-less upsert by phone, then email: such a create can be repeated safely. */
export function hasContact(changes: EditableFields): boolean {
  return !!changes.phone?.trim() || !!changes.email?.trim();
}

/** A create that may already exist in Rotor, with nothing to match it by: searched for before it sends. */
export function searchesFirst(entry: StoredEntry): boolean {
  return entry.kind === 'create' && entry.ambiguous && !hasContact(entry.changes);
}

export async function findEarlierAttempt(
  db: RotorDb,
  api: RotorApi,
  accountId: string,
  entry: StoredEntry,
): Promise<{ ok: true; customer: RotorCustomer | null } | { ok: false; error: AppError }> {
  const c = entry.changes;
  const term = [c.last_name, c.first_name, c.company_name].map((v) => v?.trim()).find((v) => !!v);
  if (!term || !entry.firstAttemptAt) return { ok: true, customer: null };
  const res = await callRotor(() =>
    api.customers.list({ accountId, page: 1, limit: ADOPT_SEARCH_LIMIT, search: term.slice(0, 200) }),
  );
  if (!res.ok) return res;
  const taken = new Set((await readMeta(db)).createdIds ?? []);
  const candidates = res.data.customers.filter((cust) => mayBeResultOf(entry, fromRead(cust, null), taken));
  candidates.sort(
    (a, b) => Date.parse(a.created_at ?? '') - Date.parse(b.created_at ?? '') || (a.id < b.id ? -1 : 1),
  );
  return { ok: true, customer: candidates[0] ?? null };
}

/** Adds `id` to the created ids kept with the outbox (call inside a transaction that covers meta). */
export async function rememberCreated(db: RotorDb, id: string): Promise<void> {
  const meta = await readMeta(db);
  const ids = (meta.createdIds ?? []).filter((x) => x !== id);
  ids.push(id);
  await db.meta.put({ ...meta, createdIds: ids.slice(-CREATED_IDS_KEPT) });
}

/** Rules 1–3 above: could `c` (Rotor's values) be what an earlier attempt of this create made? */
export function mayBeResultOf(entry: StoredEntry, c: CustomerData, taken: ReadonlySet<string>): boolean {
  if (entry.kind !== 'create' || !entry.ambiguous || hasContact(entry.changes) || !entry.firstAttemptAt)
    return false;
  const since = Date.parse(entry.firstAttemptAt) - ADOPT_SKEW_MS;
  return (
    c.created_at !== null &&
    Date.parse(c.created_at) >= since &&
    !taken.has(c.id) &&
    sentFieldsMatch(c, entry.changes)
  );
}

function sentFieldsMatch(data: CustomerData, sent: EditableFields): boolean {
  for (const [key, value] of Object.entries(sent) as [EditableField, unknown][]) {
    if (WRITE_ONLY_FIELDS.has(key)) continue;
    const have = fieldValue(data, key);
    if (key === 'tags') {
      if (!(value as string[]).every((t) => (have as string[]).includes(t))) return false;
    } else if (typeof value === 'string') {
      if ((typeof have === 'string' ? have.trim() : '') !== value.trim()) return false;
    } else if (have !== value) return false;
  }
  return true;
}
