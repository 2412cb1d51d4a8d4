import { mulberry32 } from './prng';
import type { Rng } from './prng';

/**
 * What real networks do to requests, as the client must survive them:
 * - status5xx: the API answers its documented 500 body (the request counted, nothing was written);
 * - resetBeforeCommit: the connection drops before the server did anything;
 * - resetAfterCommit: the server does the work (an upsert commits), then the connection drops, so the
 *   client can't tell it succeeded;
 * - timeout: never answered; the request hangs until the client gives up (or the server closes);
 * - html502: a proxy's HTML error page, not JSON;
 * - truncatedJson: a well-formed HTTP answer whose JSON body is cut in half;
 * - rateLimited: a proxy's burst limit in front of Rotor answers 429 with a `Retry-After` header
 *   (`ServerControl.setRetryAfter`, default 2 s) and a JSON body WITHOUT `error_code`, so it is not the
 *   daily quota. Rotor never saw the request: nothing is written and no quota is counted;
 * - garbageRecords: Rotor does the work (an upsert commits, the request counts), but records in its
 *   answer fail the documented schema (see garbage.ts): on a list page a seeded third of the records,
 *   at least one; on a get, the record; on an upsert, the answer lacks `id`.
 * New kinds go at the end: the seeded draws of a spec walk this list in order.
 */
export const FAULT_KINDS = [
  'status5xx',
  'resetBeforeCommit',
  'resetAfterCommit',
  'timeout',
  'html502',
  'truncatedJson',
  'rateLimited',
  'garbageRecords',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const ROUTE_KINDS = ['list', 'get', 'upsert', 'auth'] as const;
export type RouteKind = (typeof ROUTE_KINDS)[number];

/** Per-request probabilities (their sum at most 1), drawn from a seeded generator. */
export type FaultSpec = { [K in FaultKind]?: number } & {
  /** Only requests to these routes can fault; all routes when absent. */
  only?: RouteKind[];
  /** Seed for the draws; the server's seed when absent. */
  seed?: number;
};

interface Queued {
  kind: FaultKind;
  only: RouteKind[] | null;
}

export class FaultPlan {
  private spec: FaultSpec = {};
  private rng: Rng;
  private readonly queue: Queued[] = [];

  constructor(private readonly defaultSeed: number) {
    this.rng = mulberry32(defaultSeed);
  }

  inject(spec: FaultSpec): void {
    let total = 0;
    for (const kind of FAULT_KINDS) {
      const p = spec[kind] ?? 0;
      if (!(p >= 0 && p <= 1)) throw new RangeError(`Fault probability ${kind}=${p} is not within 0..1`);
      total += p;
    }
    if (total > 1 + 1e-9) throw new RangeError(`Fault probabilities add up to ${total}, more than 1`);
    this.spec = { ...spec };
    this.rng = mulberry32(spec.seed ?? this.defaultSeed);
  }

  /** Forces a fault on the next request (to one of `only`, when given), ahead of any probabilities. */
  enqueue(kind: FaultKind, only?: RouteKind[]): void {
    this.queue.push({ kind, only: only ?? null });
  }

  clear(): void {
    this.spec = {};
    this.queue.length = 0;
  }

  /** The fault for a request to `route` (null for an unknown path), or null for none. */
  next(route: RouteKind | null): FaultKind | null {
    const at = this.queue.findIndex((q) => q.only === null || (route !== null && q.only.includes(route)));
    if (at >= 0) {
      const [queued] = this.queue.splice(at, 1);
      return queued?.kind ?? null;
    }
    const only = this.spec.only;
    if (only && (route === null || !only.includes(route))) return null;
    if (!FAULT_KINDS.some((kind) => (this.spec[kind] ?? 0) > 0)) return null;
    let draw = this.rng();
    for (const kind of FAULT_KINDS) {
      draw -= this.spec[kind] ?? 0;
      if (draw < 0) return kind;
    }
    return null;
  }
}
