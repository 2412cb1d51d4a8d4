/** Opening a large cache reports how many customers are read of how many, then the indexing step. */
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '$lib/data/db/schema';
import type { CustomerRow, RotorDb } from '$lib/data/db/schema';
import { applyChanges, emptyCustomer } from '$lib/data/mapping';
import { composeRow } from '$lib/data/outbox/rebase';
import { readRows } from '$lib/data/store/read-rows';
import type { LoadProgress } from '$lib/data/store/read-rows';
import { openingText } from '$lib/state/opening-text';

function row(id: string): CustomerRow {
  return composeRow({
    id,
    server: applyChanges(emptyCustomer(id), { first_name: 'Ada', last_name: id }),
    entries: [],
    passId: 'p',
    serverStamp: 1,
    fetchedAt: null,
    missingOnServer: false,
  });
}

describe('readRows', () => {
  let db: RotorDb | null = null;
  afterEach(() => {
    db?.close();
    db = null;
  });

  it('reads every row once, in chunks, saying how many of how many', async () => {
    db = openDb(`test-read-rows-${crypto.randomUUID()}`);
    await db.open();
    const ids = Array.from({ length: 6_001 }, (_, i) => `c-${String(i).padStart(5, '0')}`);
    await db.customers.bulkPut(ids.map(row));
    const seen: LoadProgress[] = [];
    const rows = await readRows(db, (p) => seen.push(p));
    expect(rows.map((r) => r.id).sort()).toEqual(ids);
    expect(seen.map((p) => [p.stage, p.read])).toEqual([
      ['reading', 0],
      ['reading', 2_500],
      ['reading', 5_000],
      ['indexing', 6_001],
    ]);
    expect(new Set(seen.map((p) => p.total))).toEqual(new Set([6_001]));
  });

  it('reads an empty cache, and reads everything at once when nobody is watching', async () => {
    db = openDb(`test-read-rows-${crypto.randomUUID()}`);
    await db.open();
    const seen: LoadProgress[] = [];
    expect(await readRows(db, (p) => seen.push(p))).toEqual([]);
    expect(seen.at(-1)).toEqual({ total: 0, read: 0, stage: 'indexing' });
    await db.customers.bulkPut([row('a'), row('b')]);
    expect((await readRows(db, undefined)).length).toBe(2);
  });
});

describe('openingText', () => {
  it('says the count read of the total, then that search is being prepared', () => {
    expect(openingText(null, 'en-US')).toBe('Opening your customers…');
    expect(openingText({ total: 20_000, read: 8_000, stage: 'reading' }, 'en-US')).toBe(
      'Opening 20,000 customers… 8,000 read',
    );
    expect(openingText({ total: 20_000, read: 20_000, stage: 'indexing' }, 'en-US')).toBe(
      'Preparing search for 20,000 customers…',
    );
    expect(openingText({ total: 0, read: 0, stage: 'indexing' }, 'en-US')).toBe('Opening your customers…');
  });
});
