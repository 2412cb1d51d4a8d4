import { describe, expect, it } from 'vitest';
import { formatCount, formatNumber, formatRequests, percent } from '$lib/format/number';
import { everyHours, formatDate, formatDateTime, formatMoment, relativeTime } from '$lib/format/time';
import {
  addressLines,
  displayName,
  mailtoHref,
  mapsUrl,
  secondaryCompany,
  telHref,
  valueText,
} from '$lib/format/customer';

const NOW = Date.parse('2025-03-12T12:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('numbers', () => {
  it('formats with the locale’s grouping', () => {
    expect(formatNumber(1234567, 'en-US')).toBe('1,234,567');
    expect(formatNumber(1234567, 'de-DE')).toBe('1.234.567');
  });

  it('counts with the locale’s plural rules', () => {
    expect(formatCount(1, 'customer', 'customers', 'en-US')).toBe('1 customer');
    expect(formatCount(0, 'customer', 'customers', 'en-US')).toBe('0 customers');
    expect(formatCount(1234, 'customer', 'customers', 'en-US')).toBe('1,234 customers');
    expect(formatRequests(3, 'en-US')).toBe('3 requests');
    expect(formatRequests(1, 'en-US')).toBe('1 request');
  });

  it('gives a clamped percentage, or null when the total is unknown', () => {
    expect(percent(3, 50)).toBe(6);
    expect(percent(60, 50)).toBe(100);
    expect(percent(1, null)).toBeNull();
    expect(percent(1, 0)).toBeNull();
  });
});

describe('relative time', () => {
  it('says "now" within a few seconds either way', () => {
    expect(relativeTime(NOW - 3_000, NOW, 'en-US')).toBe('now');
    expect(relativeTime(NOW + 3_000, NOW, 'en-US')).toBe('now');
  });

  it('picks the largest whole unit', () => {
    expect(relativeTime(NOW - 45_000, NOW, 'en-US')).toBe('45 seconds ago');
    expect(relativeTime(NOW - 5 * MIN, NOW, 'en-US')).toBe('5 minutes ago');
    expect(relativeTime(NOW - 3 * HOUR, NOW, 'en-US')).toBe('3 hours ago');
    expect(relativeTime(NOW - 26 * HOUR, NOW, 'en-US')).toBe('yesterday');
    expect(relativeTime(NOW - 3 * DAY, NOW, 'en-US')).toBe('3 days ago');
    expect(relativeTime(NOW - 15 * DAY, NOW, 'en-US')).toBe('2 weeks ago');
    expect(relativeTime(NOW - 400 * DAY, NOW, 'en-US')).toBe('last year');
  });

  it('handles the future', () => {
    expect(relativeTime(NOW + 2 * HOUR, NOW, 'en-US')).toBe('in 2 hours');
    expect(relativeTime(new Date(NOW + 10 * MIN).toISOString(), NOW, 'en-US')).toBe('in 10 minutes');
  });

  it('uses the locale', () => {
    expect(relativeTime(NOW - 5 * MIN, NOW, 'de-DE')).toBe('vor 5 Minuten');
  });

  it('falls back for missing or invalid times', () => {
    expect(relativeTime(null, NOW, 'en-US')).toBe('never');
    expect(relativeTime('not a date', NOW, 'en-US', 'unknown')).toBe('unknown');
  });
});

describe('absolute time', () => {
  it('formats dates and falls back when missing', () => {
    expect(formatDate('2025-03-12T12:00:00Z', 'en-US')).toMatch(/Mar 1[12], 2025/);
    expect(formatDateTime(null, 'en-US')).toBe('—');
    expect(formatDate('garbage', 'en-US', 'Unknown')).toBe('Unknown');
  });

  it('shows only the time for a moment later today, date and time otherwise', () => {
    const later = NOW + 30 * MIN;
    const today = formatMoment(later, NOW, 'en-US');
    expect(today).not.toMatch(/2025/);
    expect(formatMoment(NOW + 3 * DAY, NOW, 'en-US')).toMatch(/2025/);
  });
});

const person = {
  first_name: 'Ada',
  last_name: 'Lovelace',
  company_name: 'Engines Ltd',
  email: 'ada@example.com',
  phone: '+1 (555) 010-2000',
};

describe('customer text', () => {
  it('names a customer by person, then company, email, phone', () => {
    expect(displayName(person)).toBe('Ada Lovelace');
    expect(displayName({ ...person, first_name: null, last_name: '  ' })).toBe('Engines Ltd');
    expect(displayName({ ...person, first_name: null, last_name: null, company_name: null })).toBe(
      'ada@example.com',
    );
    expect(
      displayName({ first_name: null, last_name: null, company_name: null, email: null, phone: null }),
    ).toBe('Unnamed customer');
  });

  it('shows the company beside a person only', () => {
    expect(secondaryCompany(person)).toBe('Engines Ltd');
    expect(secondaryCompany({ ...person, first_name: null, last_name: null })).toBe('');
  });

  const address = {
    street1: '1 Main St',
    street2: null,
    city: 'Springfield',
    state: 'IL',
    zip: '62701',
    country: 'US',
  };

  it('lays out addresses and skips empty parts', () => {
    expect(addressLines(address)).toEqual(['1 Main St', 'Springfield, IL 62701', 'US']);
    expect(addressLines(null)).toEqual([]);
    expect(addressLines({ ...address, street1: null, state: null, zip: null, country: null })).toEqual([
      'Springfield',
    ]);
  });

  it('builds an OpenStreetMap search link, encoded', () => {
    expect(mapsUrl(address)).toBe(
      'https://www.openstreetmap.org/search?query=1%20Main%20St%2C%20Springfield%2C%20IL%2062701%2C%20US',
    );
    expect(mapsUrl(null)).toBeNull();
  });

  it('builds tel: and mailto: links', () => {
    expect(telHref('+1 (555) 010-2000 ext. 4')).toBe('tel:+155501020004');
    expect(telHref('  ')).toBeNull();
    expect(mailtoHref(' ada@example.com ')).toBe('mailto:ada@example.com');
    expect(mailtoHref(null)).toBeNull();
  });

  it('describes field values for old → new lists', () => {
    expect(valueText(null)).toBe('not set');
    expect(valueText('')).toBe('empty');
    expect(valueText(true)).toBe('Yes');
    expect(valueText(['a', 'b'])).toBe('a, b');
    expect(valueText([])).toBe('none');
    expect(valueText('Line 1\nLine 2')).toBe('Line 1\nLine 2');
  });
});

describe('everyHours', () => {
  it('reads an interval as a schedule', () => {
    expect([1, 6, 24, 48, 168].map(everyHours)).toEqual([
      'Every hour',
      'Every 6 hours',
      'Every day',
      'Every 2 days',
      'Every week',
    ]);
  });
});
