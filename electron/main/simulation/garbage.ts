import type { RouteKind } from './faults';
import type { Rng } from './prng';

/**
 * Records that break Rotor's documented read shape the way real data goes bad: a row without its id,
 * tags stored as one string, a timestamp stored as a number, a location with text in it. Each one
 * fails the client's schema for that record alone, so a client that drops the whole page for one bad
 * record (instead of skipping it and counting it) is caught.
 */
export const GARBAGE_KINDS = [
  'missingId',
  'tagsNotArray',
  'createdAtNotString',
  'locationNotNumbers',
] as const;
export type GarbageKind = (typeof GARBAGE_KINDS)[number];

/** Breaks one read-shape record in place. */
export function spoilRecord(record: Record<string, unknown>, kind: GarbageKind): void {
  switch (kind) {
    case 'missingId':
      delete record.id;
      return;
    case 'tagsNotArray':
      record.tags = Array.isArray(record.tags) ? record.tags.join(',') : 'vip,gutter';
      return;
    case 'createdAtNotString':
      record.created_at = Date.parse(String(record.created_at)) || 0;
      return;
    case 'locationNotNumbers':
      record.location = ['north', 'east'];
      return;
  }
}

/**
 * The `garbageRecords` fault applied to a successful JSON answer of `route`: on a list page a seeded
 * third of the records (at least one) break, each in a seeded way; on a get the record breaks; on an
 * upsert (already committed) the flat answer loses its `id`. Other answers are returned unchanged.
 */
export function spoilAnswer(body: string, route: RouteKind | null, rng: Rng): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  if (typeof parsed !== 'object' || parsed === null) return body;
  const answer = parsed as Record<string, unknown>;
  if (route === 'list' && Array.isArray(answer.data) && answer.data.length > 0) {
    const rows = answer.data as Record<string, unknown>[];
    const chosen = rows.map((_, i) => i).filter(() => rng() < 1 / 3);
    if (chosen.length === 0) chosen.push(Math.floor(rng() * rows.length));
    for (const i of chosen) spoilRecord(rows[i] as Record<string, unknown>, kindOf(rng));
  } else if (route === 'get' && typeof answer.data === 'object' && answer.data !== null) {
    spoilRecord(answer.data as Record<string, unknown>, kindOf(rng));
  } else if (route === 'upsert') {
    delete answer.id;
  } else return body;
  return JSON.stringify(answer);
}

function kindOf(rng: Rng): GarbageKind {
  return GARBAGE_KINDS[Math.floor(rng() * GARBAGE_KINDS.length)] as GarbageKind;
}
