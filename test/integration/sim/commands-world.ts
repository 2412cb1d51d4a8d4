/** What happens around the user: the network, colleagues in Rotor, faults, a broken server, the quota, time. */
import fc from 'fast-check';
import type { FaultKind, GarbageKind, PagingMode, RouteKind } from '../../../electron/main/simulation/server';
import { DAY, HOUR } from './clock';
import { cmd, company, pick } from './command';
import { ROTOR_DAILY_BUDGET } from './invariants';

export const network = cmd(
  fc.boolean(),
  (off) => (off ? 'offline' : 'online'),
  (off) => async (_m, w) => w.setOffline(off),
);

export const colleague = cmd(
  pick,
  (at) => `colleague edits #${at}`,
  (at) => async (m, w) => {
    const list = company(w)
      .customers()
      .filter((c) => !c.archived);
    const c = list[at % Math.max(1, list.length)];
    if (!c) return;
    const value = `colleague ${m.next()}`;
    company(w).updateCustomerRaw(c.id, { notes: value });
    m.colleagueWrote(w.current, c.id, 'notes', value, c.last_name);
  },
);

export const removeInRotor = cmd(
  fc.tuple(pick, fc.boolean()),
  ([at, archive]) => `${archive ? 'archive' : 'delete'} in Rotor #${at}`,
  ([at, archive]) =>
    async (m, w) => {
      const list = company(w)
        .customers()
        .filter((c) => !c.archived);
      const c = list[at % Math.max(1, list.length)];
      if (!c) return;
      if (archive) company(w).archiveCustomer(c.id);
      else company(w).deleteCustomer(c.id);
      m.removedInRotor(w.current, c.id, c.last_name, !archive);
    },
);

export const quota = cmd(
  fc.nat({ max: 4 }),
  (left) => `quota: colleagues leave ${left} requests for today`,
  (left) => async (_m, w) => {
    const c = w.server.control;
    const key = w.accounts[w.current].key;
    c.spendQuota(key, Math.max(0, ROTOR_DAILY_BUDGET - c.quotaUsed(key) - left));
  },
);

const TIMES: [string, number | 'midnight'][] = [
  ['1 min', 60_000],
  ['10 min', 600_000],
  ['1 h', HOUR],
  ['6 h', 6 * HOUR],
  ['past 00:00 UTC', 'midnight'],
  ['1 day', DAY],
];
export const time = cmd(
  fc.constantFrom(...TIMES),
  ([label]) => `time passes: ${label}`,
  ([, ms]) =>
    async (_m, w) => {
      const to = ms === 'midnight' ? (Math.floor(w.clock.now / DAY) + 1) * DAY + 60_000 - w.clock.now : ms;
      await w.advance(to);
    },
);

const FAULTS: FaultKind[] = [
  'status5xx',
  'resetBeforeCommit',
  'resetAfterCommit',
  'timeout',
  'html502',
  'truncatedJson',
  'rateLimited',
  'garbageRecords',
];
const ROUTES: RouteKind[] = ['upsert', 'list', 'get'];
export const fault = cmd(
  fc.tuple(fc.constantFrom(...FAULTS), fc.constantFrom(...ROUTES), fc.integer({ min: 1, max: 3 })),
  ([kind, route, n]) => `${n}× ${kind} on ${route}`,
  ([kind, route, n]) =>
    async (_m, w) => {
      for (let i = 0; i < n; i++) w.server.control.queueFault(kind, [route]);
    },
);

export const paging = cmd(
  fc.constantFrom<PagingMode>('ignorePage', 'ignorePageEcho', 'honest'),
  (mode) => `paging: ${mode}`,
  (mode) => async (_m, w) => w.server.control.setPaging(mode),
);

export const spoil = cmd(
  fc.tuple(pick, fc.constantFrom<GarbageKind>('missingId', 'tagsNotArray', 'createdAtNotString')),
  ([at, kind]) => `Rotor serves #${at} broken (${kind})`,
  ([at, kind]) =>
    async (m, w) => {
      const list = company(w).customers();
      const c = list[at % Math.max(1, list.length)];
      if (!c) return;
      w.server.control.spoilRecord(c.id, kind);
      m.spoiled.add(c.id);
    },
);

export const step = cmd(
  fc.constant(null),
  () => 'let calls through',
  () => async () => undefined,
);
