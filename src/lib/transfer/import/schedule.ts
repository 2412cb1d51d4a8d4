/**
 * What sending N requests costs in days, from main's quota (QuotaState) and the reserve kept for
 * edits (budget.ts): today gets what remains minus the reserve, each later day the daily limit minus
 * the reserve. The sentence the import shows lives here too.
 */
import type { QuotaState } from '@contract/state';
import { EDIT_RESERVE } from '../../data/budget';

export interface SendSchedule {
  total: number;
  today: number;
  tomorrow: number;
  /** Everything after tomorrow. */
  later: number;
  /** Days after today the last request goes (0: all today); Infinity when no day has room. */
  days: number;
}

type Quota = Pick<QuotaState, 'remaining' | 'dailyLimit' | 'exhausted'>;

export function scheduleRequests(total: number, quota: Quota, reserve = EDIT_RESERVE): SendSchedule {
  const n = Math.max(0, Math.floor(total));
  const todayRoom = quota.exhausted ? 0 : Math.max(0, quota.remaining - reserve);
  const perDay = Math.max(0, quota.dailyLimit - reserve);
  const today = Math.min(n, todayRoom);
  const tomorrow = Math.min(n - today, perDay);
  const later = n - today - tomorrow;
  const rest = n - today;
  const days = rest === 0 ? 0 : perDay === 0 ? Number.POSITIVE_INFINITY : Math.ceil(rest / perDay);
  return { total: n, today, tomorrow, later, days };
}

const count = (n: number): string => n.toLocaleString('en-US');
const requests = (n: number): string => `${count(n)} ${n === 1 ? 'request' : 'requests'}`;

/** "1,240 requests: 880 today, the rest tomorrow from 00:00 UTC", and its kin. */
export function scheduleMessage(s: SendSchedule): string {
  if (s.total === 0) return 'Nothing to send';
  const head = `${requests(s.total)}: `;
  if (s.today === s.total) return `${head}${s.total === 1 ? 'today' : 'all today'}`;
  if (s.days === Number.POSITIVE_INFINITY) return `${head}no daily budget is left to send them`;
  const start = s.today > 0 ? `${count(s.today)} today, ` : '';
  if (s.later === 0) return `${head}${start}${s.today > 0 ? 'the rest' : 'all'} tomorrow from 00:00 UTC`;
  if (s.days === 2) return `${head}${start}${count(s.tomorrow)} tomorrow, the rest the day after`;
  return `${head}${start}${count(s.tomorrow)} tomorrow, the rest over the next ${s.days - 1} days`;
}
