import { describe, expect, it } from 'vitest';
import { scheduleMessage, scheduleRequests } from '../../../../src/lib/transfer/import/schedule';

const quota = (remaining: number, exhausted = false) => ({ remaining, dailyLimit: 1000, exhausted });
const say = (n: number, q = quota(980)) => scheduleMessage(scheduleRequests(n, q));

describe('scheduleRequests', () => {
  it('spends today what remains above the reserve, then the daily budget less the reserve', () => {
    expect(scheduleRequests(1240, quota(980))).toEqual({
      total: 1240,
      today: 880,
      tomorrow: 360,
      later: 0,
      days: 1,
    });
    expect(scheduleRequests(2500, quota(1000))).toEqual({
      total: 2500,
      today: 900,
      tomorrow: 900,
      later: 700,
      days: 2,
    });
    expect(scheduleRequests(12, quota(500))).toEqual({
      total: 12,
      today: 12,
      tomorrow: 0,
      later: 0,
      days: 0,
    });
  });

  it('sends nothing today on an exhausted day or when the reserve is more than what remains', () => {
    expect(scheduleRequests(50, quota(0, true))).toMatchObject({ today: 0, tomorrow: 50, days: 1 });
    expect(scheduleRequests(50, quota(400, true))).toMatchObject({ today: 0, tomorrow: 50 });
    expect(scheduleRequests(50, quota(60))).toMatchObject({ today: 0, tomorrow: 50 });
    expect(scheduleRequests(50, quota(100))).toMatchObject({ today: 0, tomorrow: 50 });
  });

  it('says when no day has room', () => {
    const s = scheduleRequests(5, { remaining: 50, dailyLimit: 80, exhausted: false });
    expect(s).toMatchObject({ today: 0, days: Number.POSITIVE_INFINITY });
    expect(scheduleMessage(s)).toBe('5 requests: no daily budget is left to send them');
  });
});

describe('scheduleMessage', () => {
  it.each([
    [0, quota(980), 'Nothing to send'],
    [12, quota(980), '12 requests: all today'],
    [1, quota(980), '1 request: today'],
    [1240, quota(980), '1,240 requests: 880 today, the rest tomorrow from 00:00 UTC'],
    [2500, quota(1000), '2,500 requests: 900 today, 900 tomorrow, the rest the day after'],
    [50, quota(0, true), '50 requests: all tomorrow from 00:00 UTC'],
    [1500, quota(40), '1,500 requests: 900 tomorrow, the rest the day after'],
    [4000, quota(1000), '4,000 requests: 900 today, 900 tomorrow, the rest over the next 3 days'],
  ])('%i requests → %s', (n, q, text) => {
    expect(say(n, q)).toBe(text);
  });
});
