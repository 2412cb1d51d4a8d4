/**
 * The promises of issue 10, checked at quiescence (after healing, draining and a completed refresh):
 * nothing typed is lost, no duplicate beyond docs/reliability.md's rule, the cache equals Rotor, the
 * budget and every retry cap hold, nothing wakes the app while offline, and no request ever went out
 * under another account's key. Each check returns sentences; an empty list is a pass.
 */
import type { LocalDataStore } from '$lib/data/store/store';
import { MAX_AUTO_ATTEMPTS_PER_DAY, MAX_AUTO_REFRESH_FAILURES_PER_DAY } from '$lib/data/budget';
import type { CompanyControl, ServerCustomer } from '../../../electron/main/simulation/server';
import { DAY, firesPerHour, HOUR } from './clock';
import type { AccountModel, TextField, Typed } from './model';
import type { AccountTag, World } from './world';

export const ROTOR_DAILY_BUDGET = 1000;
export const DATA_WAKEUPS_PER_OFFLINE_HOUR = 6;
/** Main's keyless probe runs after 2, 4, 8 s, then every 15 s while offline: at most 244 in an hour. */
export const MAIN_WAKEUPS_PER_OFFLINE_HOUR = 245;
export const MAIN_WAKEUPS_PER_ACTION = 3;

const digits = (v: string | null | undefined): string => (v ?? '').replace(/\D+/g, '');

function holds(field: TextField, rotor: ServerCustomer, value: string): boolean {
  if (field === 'phone') return digits(rotor.phone) === digits(value);
  if (field === 'email') return (rotor.email ?? '').trim().toLowerCase() === value.trim().toLowerCase();
  return rotor.notes === value;
}

interface Scope {
  tag: AccountTag;
  model: AccountModel;
  store: LocalDataStore;
  company: CompanyControl;
}

/** The cached records an identity names: a Rotor id (followed through rewrites), or a marker. */
function recordsOf(s: Scope, identity: string): string[] {
  if (identity.startsWith('id:')) return [s.store.resolveId(identity.slice(3))];
  const marker = identity.slice(3);
  const named = s.store.search({ text: '' }).ids.filter((id) => s.store.get(id)?.last_name === marker);
  const became = becameOf(s, marker);
  return became && !named.includes(became) ? [...named, became] : named;
}

/**
 * The Rotor id a create became, by the store's own id rewrites: a create Rotor matched to an existing
 * customer (or that a later create's name overwrote) no longer carries its marker as last name.
 */
function becameOf(s: Scope, marker: string): string | null {
  const local = s.model.creates.get(marker)?.localId;
  if (!local) return null;
  const id = s.store.resolveId(local);
  return id.startsWith('local:') ? null : id;
}

function rotorOf(s: Scope, identity: string, all: ServerCustomer[]): ServerCustomer[] {
  if (identity.startsWith('id:')) {
    const c = s.company.getCustomer(identity.slice(3));
    return c ? [c] : [];
  }
  const named = all.filter((c) => c.last_name === identity.slice(3));
  const became = becameOf(s, identity.slice(3));
  const extra = became && !named.some((c) => c.id === became) ? s.company.getCustomer(became) : undefined;
  return extra ? [...named, extra] : named;
}

function visible(
  s: Scope,
  identity: string,
  pending: (changes: Record<string, unknown>) => boolean,
): boolean {
  const ids = new Set(recordsOf(s, identity));
  return s.store.outbox().some((e) => ids.has(e.customerId) && pending(e.changes as Record<string, unknown>));
}

/** Every typed change is on Rotor, or visible in the outbox, or was discarded, or lost to a colleague's. */
export function typedChangesKept(s: Scope): string[] {
  const out: string[] = [];
  const all = s.company.customers();
  // Per Rotor customer and field, the latest value typed for it under any identity that became it.
  const latest = new Map<string, { typed: Typed; identity: string; field: TextField }>();
  for (const [identity, fields] of s.model.fields) {
    for (const rotor of rotorOf(s, identity, all))
      for (const [field, typed] of fields) {
        const key = `${rotor.id} ${field}`;
        const seen = latest.get(key);
        if (!seen || seen.typed.seq < typed.seq) latest.set(key, { typed, identity, field });
      }
  }
  for (const [key, { typed, identity, field }] of latest) {
    if (typed.discarded) continue;
    const rotor = s.company.getCustomer(key.split(' ')[0] ?? '');
    if (!rotor) continue; // deleted in Rotor by a colleague
    if (holds(field, rotor, typed.value)) continue;
    if (visible(s, identity, (c) => field in c)) continue;
    const theirs = s.model.colleague.get(rotor.id)?.get(field) ?? [];
    if (theirs.includes(String(rotor[field]))) continue;
    out.push(
      `${s.tag}: ${field} "${typed.value}" typed for ${identity} is not on Rotor (${rotor.id} has "${rotor[field]}") nor pending`,
    );
  }
  for (const [identity, tags] of s.model.tags)
    for (const t of tags.values()) {
      if (t.discarded) continue;
      const copies = rotorOf(s, identity, all);
      if (copies.length === 0 && identity.startsWith('id:')) continue;
      if (copies.some((c) => (c.tags ?? []).includes(t.value))) continue;
      if (visible(s, identity, (c) => Array.isArray(c.tags) && c.tags.includes(t.value))) continue;
      out.push(`${s.tag}: tag "${t.value}" added to ${identity} is not on Rotor nor pending`);
    }
  const onRotor = (marker: string): boolean => all.some((c) => c.last_name === marker);
  for (const create of s.model.creates.values()) {
    if (create.discarded || s.model.deletedMarkers.has(create.marker)) continue;
    // Rotor matches creates with the same phone (or email) to one customer: the last typed must win.
    const later = [...s.model.creates.values()].filter(
      (c) => c.contact !== null && c.contact === create.contact && c.seq > create.seq && !c.discarded,
    );
    if (onRotor(create.marker)) {
      const lost = later.filter((c) => !onRotor(c.marker) && !visible(s, `mk:${c.marker}`, () => true));
      if (lost.length > 0)
        out.push(
          `${s.tag}: ${create.marker} is on Rotor but ${lost.map((c) => c.marker).join(', ')}, typed later with the same ${create.contact?.includes('@') ? 'email' : 'phone'}, is not: sent out of order`,
        );
      continue;
    }
    if (later.some((c) => onRotor(c.marker))) continue;
    if (visible(s, `mk:${create.marker}`, () => true)) continue;
    out.push(`${s.tag}: customer ${create.marker} was created here but is neither on Rotor nor pending`);
  }
  return out;
}

/** One Rotor customer per create, except docs/reliability.md's case (no contact, changed in Rotor). */
export function noDuplicates(s: Scope): string[] {
  const out: string[] = [];
  const all = s.company.customers();
  for (const create of s.model.creates.values()) {
    const copies = all.filter((c) => c.last_name === create.marker);
    if (copies.length <= 1) continue;
    if (!create.hasContact && s.model.touchedMarkers.has(create.marker)) continue;
    out.push(
      `${s.tag}: ${copies.length} Rotor customers for the create ${create.marker} (${create.hasContact ? 'with' : 'without'} phone/email${create.matches ? `, meant to match ${create.matches}` : ''})`,
    );
  }
  return out;
}

const SAME = ['first_name', 'last_name', 'company_name', 'email', 'phone', 'notes', 'status'] as const;

/** After a completed refresh: every synced cached record is Rotor's, and every active Rotor customer is cached. */
export function cacheEqualsRotor(s: Scope, pageSize: number): string[] {
  const out: string[] = [];
  const active = s.company.customers().filter((c) => !c.archived);
  for (const c of active) {
    const rec = s.store.get(c.id);
    if (!rec) {
      out.push(
        `${s.tag}: Rotor customer ${c.id} (${c.last_name}) is not in the cache after a completed refresh`,
      );
      continue;
    }
    if (rec.syncState !== 'synced') continue;
    for (const f of SAME)
      if ((rec[f] ?? null) !== (c[f] ?? null))
        out.push(`${s.tag}: cached ${f} of ${c.id} is "${rec[f]}", Rotor has "${c[f]}"`);
    const tags = (t: readonly string[] | null) => [...(t ?? [])].sort().join(',');
    if (tags(rec.tags) !== tags(c.tags))
      out.push(`${s.tag}: cached tags of ${c.id} are [${tags(rec.tags)}], Rotor has [${tags(c.tags)}]`);
  }
  const ids = new Set(active.map((c) => c.id));
  for (const id of s.store.search({ text: '' }).ids) {
    const rec = s.store.get(id);
    if (!rec || rec.syncState !== 'synced' || id.startsWith('local:') || ids.has(id)) continue;
    if (!vouched(active, pageSize, Date.parse(rec.created_at ?? ''))) continue;
    // Sweep rule 1: what was read or answered after the pass began (a resumed pass: its first start) stays.
    const passStart = Date.parse(s.store.meta().lastFullSyncAt ?? '');
    if (rec.fetchedAt && Date.parse(rec.fetchedAt) >= passStart) continue;
    out.push(
      `${s.tag}: cached customer ${id} (${rec.last_name}) is gone from Rotor (deleted or archived) but still cached as synced`,
    );
  }
  return out;
}

/**
 * sync.ts's sweep rule: a page vouches for the times strictly between its newest and oldest customer
 * (page 1 up from its oldest, the last page down from its newest). A removed customer whose time no
 * page vouches for (between two pages, or tying a page's end) may stay cached until a later pass: the
 * documented price. `active` is Rotor's list in its order (newest first), as the last pass read it.
 */
function vouched(active: readonly ServerCustomer[], pageSize: number, t: number): boolean {
  if (Number.isNaN(t)) return false;
  const pages = Math.max(1, Math.ceil(active.length / pageSize));
  for (let p = 0; p < pages; p++) {
    const rows = active.slice(p * pageSize, (p + 1) * pageSize);
    const newest = rows.length ? Date.parse(rows[0]?.created_at ?? '') : Infinity;
    const oldest = rows.length ? Date.parse(rows.at(-1)?.created_at ?? '') : -Infinity;
    if ((p === 0 || t < newest) && (p === pages - 1 || t > oldest)) return true;
  }
  return false;
}

export function scopeOf(world: World, model: AccountModel, tag: AccountTag): Scope | null {
  const store = world.app.store;
  if (!store || world.current !== tag) return null;
  return { tag, model, store, company: world.server.control.company(world.accounts[tag].grant.companyId) };
}

const utcDay = (t: number): string => new Date(Math.floor(t / DAY) * DAY).toISOString().slice(0, 10);

function countBy<T>(items: readonly T[], key: (t: T) => string | null): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

/** Across the whole run: budget per key and UTC day, retry caps, offline wake-ups, account binding. */
export function wholeRun(world: World): string[] {
  const out: string[] = [...world.violations, ...world.mainErrors.map((e) => `main logged an error: ${e}`)];
  const log = world.server.control.requestLog();
  for (const [k, n] of countBy(log, (e) => (e.apiKeyHint ? `${e.apiKeyHint} ${utcDay(e.at)}` : null)))
    if (n > ROTOR_DAILY_BUDGET)
      out.push(`key …${k}: ${n} requests in one UTC day (budget ${ROTOR_DAILY_BUDGET})`);
  const posts = log.filter((e) => e.method === 'POST' && e.idempotencyKey);
  for (const [k, n] of countBy(posts, (e) => `${e.idempotencyKey} ${utcDay(e.at)}`))
    if (n > MAX_AUTO_ATTEMPTS_PER_DAY)
      out.push(`change ${k}: sent ${n} times in one UTC day (cap ${MAX_AUTO_ATTEMPTS_PER_DAY})`);
  const hours = world.app.settings.autoRefreshHours;
  const refreshCap = Math.ceil(24 / hours) + MAX_AUTO_REFRESH_FAILURES_PER_DAY + 2;
  const starts = world.calls.filter((c) => {
    const arg = c.arg as { page?: number; search?: string };
    return c.channel === 'customers.list' && c.cause === 'auto' && arg.page === 1 && !arg.search;
  });
  for (const [k, n] of countBy(starts, (c) => `${world.tagOf(c.accountId)} ${utcDay(c.at)}`))
    if (n > refreshCap)
      out.push(`account ${k}: ${n} automatic refreshes started in one UTC day (bound ${refreshCap})`);
  for (const [hour, n] of firesPerHour(world.clock.fires, ['data'], true))
    if (n > DATA_WAKEUPS_PER_OFFLINE_HOUR)
      out.push(`${n} data-layer wake-ups in the offline hour from ${new Date(hour * HOUR).toISOString()}`);
  // Each action may cost main a few (a failed read is retried twice; main learns it is offline and
  // starts its probe backoff again at 2 s): the bound is for an hour left alone.
  const actions = countBy(world.actions, (t) => String(Math.floor(t / HOUR)));
  for (const [hour, n] of firesPerHour(world.clock.fires, ['main'], true)) {
    const bound = MAIN_WAKEUPS_PER_OFFLINE_HOUR + MAIN_WAKEUPS_PER_ACTION * (actions.get(String(hour)) ?? 0);
    if (n > bound)
      out.push(
        `${n} main wake-ups in the offline hour from ${new Date(hour * HOUR).toISOString()} (bound ${bound})`,
      );
  }
  return out;
}
