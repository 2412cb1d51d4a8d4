/** What the simulated user does: edits, creates, discards, keys, account switches, reloads, Sync now. */
import fc from 'fast-check';
import type { EditableFields } from '$lib/data/types';
import { cmd, company, latestEntry, phone, pick } from './command';
import { identityOf } from './model';
import { causeContext } from './net';

export const edit = cmd(
  fc.tuple(
    pick,
    fc.constantFrom('notes', 'phone', 'email', 'tags') as fc.Arbitrary<'notes' | 'phone' | 'email' | 'tags'>,
  ),
  ([at, field]) => `edit #${at} ${field}`,
  ([at, field]) =>
    async (m, w, store) => {
      const ids = store.search({ text: '' }).ids;
      const rec = ids.length ? store.get(ids[at % ids.length] ?? '') : undefined;
      if (!rec) return;
      const n = m.next();
      const tag = `tag${n % 4}`;
      if (field === 'tags' && rec.tags.includes(tag)) return;
      const values = { notes: `note ${n}`, phone: phone(n), email: `user${n}@sim.example` };
      const changes: EditableFields =
        field === 'tags' ? { tags: [...rec.tags, tag] } : { [field]: values[field] };
      const saved = await w.until(store.saveEdit(rec.id, changes));
      if (!saved.ok) return;
      const entry = latestEntry(store, saved.data.id)?.id ?? null;
      if (field === 'tags') m.taggedWith(w.current, identityOf(rec), tag, entry);
      else m.typed(w.current, identityOf(rec), field, values[field], entry);
      // A new phone on a created customer is what Rotor matches it by from now on.
      const created = rec.last_name ? m.accounts[w.current].creates.get(rec.last_name) : undefined;
      if (created && field === 'phone') created.contact = values.phone.replace(/\D+/g, '');
    },
);

export const create = cmd(
  fc.tuple(
    fc.constantFrom('phone', 'email', 'none', 'match') as fc.Arbitrary<'phone' | 'email' | 'none' | 'match'>,
    pick,
  ),
  ([kind, at]) => `create (${kind}${kind === 'match' ? ` #${at}` : ''})`,
  ([kind, at]) =>
    async (m, w, store) => {
      const n = m.next();
      const marker = `Sim${n}`;
      const fields: EditableFields = { first_name: 'Ann', last_name: marker, notes: `made ${n}` };
      let matches: string | null = null;
      if (kind === 'match') {
        // A customer with changes waiting, by the phone Rotor has for it (Rotor will match the create).
        const pendingIds = [...new Set(store.outbox().map((e) => e.customerId))].filter(
          (id) => !id.startsWith('local:'),
        );
        const target = pendingIds.length
          ? company(w).getCustomer(pendingIds[at % pendingIds.length] ?? '')
          : undefined;
        if (target?.phone) {
          fields.phone = target.phone;
          matches = target.id;
        } else fields.phone = phone(n);
      }
      if (kind === 'phone') fields.phone = phone(n);
      if (kind === 'email') fields.email = `sim${n}@sim.example`;
      const saved = await w.until(store.createCustomer(fields));
      if (!saved.ok) return;
      const entry = latestEntry(store, saved.data.id)?.id ?? null;
      const a = m.accounts[w.current];
      const contact = fields.phone ? fields.phone.replace(/\D+/g, '') : (fields.email?.toLowerCase() ?? null);
      a.creates.set(marker, {
        marker,
        seq: n,
        contact,
        hasContact: contact !== null,
        matches,
        entryId: entry,
        localId: saved.data.id,
        discarded: false,
      });
      m.typed(w.current, `mk:${marker}`, 'notes', fields.notes ?? '', entry);
      if (fields.phone) m.typed(w.current, `mk:${marker}`, 'phone', fields.phone, entry);
      if (fields.email) m.typed(w.current, `mk:${marker}`, 'email', fields.email, entry);
    },
);

export const discard = cmd(
  pick,
  (at) => `discard #${at}`,
  (at) => async (m, w, store) => {
    const entries = store.outbox();
    const entry = entries[at % Math.max(1, entries.length)];
    if (!entry) return;
    m.discarded(w.current, entry);
    await w.until(store.discard(entry.id));
  },
);

export const keys = cmd(
  fc.boolean(),
  (revoke) => (revoke ? 'key revoked in Rotor' : 'keys restored, key entered again'),
  (revoke) => async (_m, w) => {
    if (revoke) w.revoke();
    else await w.until(w.restoreKeys());
  },
);

export const switchAccount = cmd(
  fc.constant(null),
  () => 'switch to the other company’s key',
  () => async (m, w) => {
    const to = w.current === 'A' ? 'B' : 'A';
    if (await w.until(w.connect(to))) m.used.add(to);
  },
);

export const reload = cmd(
  fc.constant(null),
  () => 'reload',
  () => async (_m, w) => w.until(w.reload()),
);

export const syncNow = cmd(
  fc.constant(null),
  () => 'Sync now',
  () => async (_m, _w, store) => {
    void causeContext.run('manual', () => store.fullRefresh({ manual: true })).catch(() => undefined);
  },
);
