/**
 * An in-memory Rotor behind a RotorApi, with the customer semantics of shared/rotor-api/README.md:
 * list newest first with page/limit/search/status/tags/archived, get by id, and the upsert
 * (id → update or 404; else phone, then email → update; else create; tags merged; created → 201,
 * updated → 200). Failures are scriptable per method and come back as `{ ok: false, error }`, like main
 * returns them. `applyFirst` models a request that reached Rotor but whose answer was lost.
 *
 * Like main, it answers a call naming another account than `account` with an `account` error, and
 * leaves out of a page the records listed in `invalid` (they fail main's schema), counting them in
 * `skipped`. `paging` scripts servers that page wrongly.
 */
import type { AppError, ErrorKind, Result } from '@contract/result';
import type {
  ApiUpsertResponse,
  CustomerPage,
  CustomerWrite,
  RotorCustomer,
  UpsertResult,
} from '@contract/customer';
import { WRITE_TEXT_FIELDS } from '@contract/customer';
import type { ListCustomersArg } from '@contract/schemas';
import type { AccountStatus, QuotaState } from '@contract/state';
import type { RotorApi } from '@contract/surface';

export interface ServerCustomer extends Omit<CustomerWrite, 'id'> {
  id: string;
  created_at: string;
  archived: boolean;
  is_auto_pay: boolean | null;
}

type Method = 'list' | 'get' | 'upsert';

interface ScriptedFailure {
  method: Method;
  error: AppError;
  times: number;
  applyFirst: boolean;
}

export interface Call {
  method: Method;
  arg: unknown;
}

/**
 * Servers that page wrongly: `ignore-page` answers page 1 whatever is asked (and echoes the page
 * asked for); `page-1` answers page 1 and says so; `total` reports `reportTotal` instead of the count;
 * `oldest-first` lists in the opposite of the documented order.
 */
export type PagingFault = 'ignore-page' | 'page-1' | 'total' | 'oldest-first' | null;

const ERROR_DEFAULTS: Record<string, Omit<AppError, 'kind'>> = {
  network: { message: 'Connection reset', retryable: true },
  timeout: { message: 'Timed out', retryable: true },
  server: { message: 'Internal server error', status: 500, retryable: true },
  validation: {
    message: 'Validation failed',
    status: 400,
    fields: [{ field: 'email', message: 'Invalid email format' }],
  },
  auth: { message: 'Authentication required. Provide x-api-key header.', status: 401 },
  forbidden: { message: "Forbidden: required scope 'customers:write' not granted", status: 403 },
  not_found: { message: 'Not found', status: 404 },
  quota: { message: 'Daily API key request limit of 1000 exceeded', status: 429 },
  bad_response: { message: 'Rotor answered in a shape this app does not understand' },
};

export function apiError(kind: ErrorKind, extra: Partial<AppError> = {}): AppError {
  return { kind, ...(ERROR_DEFAULTS[kind] ?? { message: kind }), ...extra };
}

export class FakeRotor {
  readonly customers = new Map<string, ServerCustomer>();
  readonly calls: Call[] = [];
  private failures: ScriptedFailure[] = [];
  private nextId = 1;
  /** Awaited before each request is handled: tests hold requests here to observe concurrency. */
  beforeHandle: (method: Method, arg: unknown) => Promise<void> | void = () => undefined;
  inFlight = 0;
  maxInFlight = 0;
  readonly quotaListeners = new Set<(q: QuotaState) => void>();
  readonly accountListeners = new Set<(s: AccountStatus) => void>();

  /** The current key's account: a call naming another is refused (null accepts any). */
  account: string | null = 'acct-test';
  /** Ids whose records fail main's schema: left out of pages (counted in `skipped`), get → bad_response. */
  readonly invalid = new Set<string>();
  paging: PagingFault = null;
  reportTotal = 0;
  /** One-shot hooks run just before the list page with that number is served (between page reads). */
  private readonly pageHooks = new Map<number, () => void>();

  constructor(private readonly clock: () => number) {}

  /** Runs `fn` once, just before list page `page` is served: a change in Rotor between two page reads. */
  beforePage(page: number, fn: () => void): void {
    this.pageHooks.set(page, fn);
  }

  /** A customer created in Rotor by someone else (created now unless `created_at` says otherwise). */
  create(p: Partial<ServerCustomer> = {}): ServerCustomer {
    const [c] = this.seed([{ created_at: new Date(this.clock()).toISOString(), ...p }]);
    if (!c) throw new Error('seed returned nothing');
    return c;
  }

  archive(id: string, archived = true): void {
    this.edit(id, { archived });
  }

  /** Adds customers as if created in Rotor, `minutesAgo` apart so list order is predictable. */
  seed(list: Array<Partial<ServerCustomer>>): ServerCustomer[] {
    return list.map((p, i) => {
      const c: ServerCustomer = {
        id: p.id ?? this.newId(),
        created_at: p.created_at ?? new Date(this.clock() - (list.length - i) * 60_000).toISOString(),
        archived: false,
        is_auto_pay: null,
        status: 'active',
        tags: [],
        ...p,
      };
      this.customers.set(c.id, c);
      return c;
    });
  }

  /** Changes a customer in Rotor directly (someone else editing it in Rotor's web app). */
  edit(id: string, patch: Partial<ServerCustomer>): void {
    const c = this.customers.get(id);
    if (!c) throw new Error(`no customer ${id}`);
    Object.assign(c, patch);
  }

  fail(method: Method, error: AppError, opts: { times?: number; applyFirst?: boolean } = {}): void {
    this.failures.push({ method, error, times: opts.times ?? 1, applyFirst: opts.applyFirst ?? false });
  }

  callsOf(method: Method): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  readonly api: RotorApi = this.buildApi();

  private newId(): string {
    return `c${String(this.nextId++).padStart(8, '0')}-0000-4000-8000-000000000000`;
  }

  private takeFailure(method: Method): ScriptedFailure | null {
    const f = this.failures.find((x) => x.method === method);
    if (!f) return null;
    f.times--;
    if (f.times <= 0) this.failures.splice(this.failures.indexOf(f), 1);
    return f;
  }

  /** Resolves once `count` requests of `method` have arrived (counting those already made). */
  waitForCalls(method: Method, count: number): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.callsOf(method).length >= count) resolve();
        else this.waiters.push(check);
      };
      check();
    });
  }

  private waiters: Array<() => void> = [];

  private async handle<T>(method: Method, arg: unknown, work: () => Result<T>): Promise<Result<T>> {
    this.calls.push({ method, arg: structuredClone(arg) });
    this.log.push({ type: 'start', method, arg: structuredClone(arg) });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    for (const w of this.waiters.splice(0)) w();
    try {
      const accountId = (arg as { accountId?: unknown }).accountId;
      if (this.account !== null && accountId !== this.account)
        return {
          ok: false,
          error: apiError('account', { message: `Call for account ${String(accountId)}` }),
        };
      const page = method === 'list' ? (arg as ListCustomersArg).page : null;
      const hook = page === null ? undefined : this.pageHooks.get(page);
      if (page !== null && hook) {
        this.pageHooks.delete(page);
        hook();
      }
      // A list answered with the data as it was when requested (a slow page racing an upsert).
      const early = method === 'list' && this.listAtRequestTime ? work() : null;
      await this.beforeHandle(method, arg);
      const failure = this.takeFailure(method);
      if (failure) {
        if (failure.applyFirst) work();
        return { ok: false, error: failure.error };
      }
      return early ?? work();
    } finally {
      this.inFlight--;
      this.log.push({ type: 'end', method, arg: structuredClone(arg) });
    }
  }

  listAtRequestTime = false;
  /** Start and end of every request, in order. */
  readonly log: Array<{ type: 'start' | 'end'; method: Method; arg: unknown }> = [];

  readCustomer(c: ServerCustomer): RotorCustomer {
    const hasAddress = c.property_street1 !== undefined || c.property_city !== undefined;
    return {
      id: c.id,
      address: hasAddress
        ? {
            street1: c.property_street1 ?? null,
            street2: c.property_street2 ?? null,
            city: c.property_city ?? null,
            state: c.property_state ?? null,
            zip: c.property_zip ?? null,
            country: c.property_country ?? null,
          }
        : null,
      company_name: c.company_name ?? null,
      created_at: c.created_at,
      email: c.email ?? null,
      first_name: c.first_name ?? null,
      last_name: c.last_name ?? null,
      is_auto_pay: c.is_auto_pay,
      location: null,
      notes: c.notes ?? null,
      phone: c.phone ?? null,
      source: c.source ?? null,
      status: c.status ?? null,
      tags: [...(c.tags ?? [])],
    };
  }

  private list(arg: ListCustomersArg): Result<CustomerPage> {
    const search = arg.search?.toLowerCase();
    const all = [...this.customers.values()]
      .filter((c) => arg.archived || !c.archived)
      .filter((c) => !arg.status || c.status === arg.status)
      .filter((c) => !arg.tags || arg.tags.every((t) => c.tags?.includes(t)))
      .filter(
        (c) =>
          !search ||
          [c.first_name, c.last_name, c.company_name, c.email, c.phone].some((v) =>
            v?.toLowerCase().includes(search),
          ),
      )
      .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id));
    if (this.paging === 'oldest-first') all.reverse();
    const page = this.paging === 'ignore-page' || this.paging === 'page-1' ? 1 : arg.page;
    const start = (page - 1) * arg.limit;
    const slice = all.slice(start, start + arg.limit);
    const listed = slice.filter((c) => !this.invalid.has(c.id));
    return {
      ok: true,
      data: {
        customers: listed.map((c) => this.readCustomer(c)),
        pagination: {
          has_more: start + arg.limit < all.length,
          limit: arg.limit,
          page: this.paging === 'page-1' ? 1 : arg.page,
          total: this.paging === 'total' ? this.reportTotal : all.length,
        },
        skipped: slice.length - listed.length,
      },
    };
  }

  private upsert(arg: { customer: CustomerWrite; idempotencyKey: string }): Result<UpsertResult> {
    const { id, tags, ...fields } = arg.customer;
    let target: ServerCustomer | undefined;
    if (id) {
      target = this.customers.get(id);
      if (!target) return { ok: false, error: apiError('not_found') };
    } else {
      const digits = fields.phone?.replace(/\D/g, '');
      const email = fields.email?.trim().toLowerCase();
      const all = [...this.customers.values()];
      target =
        (digits ? all.find((c) => c.phone?.replace(/\D/g, '') === digits) : undefined) ??
        (email ? all.find((c) => c.email?.toLowerCase() === email) : undefined);
    }
    const created = !target;
    if (!target) {
      target = {
        id: this.newId(),
        created_at: new Date(this.clock()).toISOString(),
        archived: false,
        is_auto_pay: null,
        tags: [],
      };
      this.customers.set(target.id, target);
    }
    Object.assign(target, fields);
    if (tags) target.tags = [...new Set([...(target.tags ?? []), ...tags])];
    const response: ApiUpsertResponse = {
      id: target.id,
      created_at: target.created_at,
      message: created ? 'Customer created successfully' : 'Customer updated successfully',
      status: target.status ?? null,
      tags: [...(target.tags ?? [])],
      billing_same_as_property: target.billing_same_as_property ?? null,
    };
    for (const k of WRITE_TEXT_FIELDS) response[k] = target[k] ?? null;
    return { ok: true, data: { customer: response, created } };
  }

  private buildApi(): RotorApi {
    const notHere = async (): Promise<Result<never>> => ({
      ok: false,
      error: { kind: 'not_configured', message: 'not in the fake' },
    });
    // Built lazily: `api` is a field initialiser, which runs before the constructor stores `clock`.
    const quota = (): QuotaState => ({
      usedToday: 0,
      dailyLimit: 1000,
      remaining: 1000,
      exhausted: false,
      resetsAt: new Date((Math.floor(this.clock() / 86_400_000) + 1) * 86_400_000).toISOString(),
      nextProbeAt: null,
    });
    const noop = () => () => undefined;
    const on =
      <T>(set: Set<(p: T) => void>) =>
      (listener: (p: T) => void) => {
        set.add(listener);
        return () => set.delete(listener);
      };
    return {
      app: { info: notHere },
      account: { status: notHere, connect: notHere, remove: notHere },
      demo: { status: notHere, start: notHere, stop: notHere, setReachable: notHere },
      customers: {
        list: (arg) => this.handle('list', arg, () => this.list(arg as ListCustomersArg)),
        get: (arg) =>
          this.handle('get', arg, () => {
            const c = this.customers.get(arg.id);
            if (c && this.invalid.has(c.id)) return { ok: false, error: apiError('bad_response') };
            return c ? { ok: true, data: this.readCustomer(c) } : { ok: false, error: apiError('not_found') };
          }),
        upsert: (arg) =>
          this.handle('upsert', arg, () =>
            this.upsert(arg as { customer: CustomerWrite; idempotencyKey: string }),
          ),
      },
      settings: { get: notHere, update: notHere },
      files: { saveCsv: notHere },
      quota: { get: async () => ({ ok: true, data: quota() }) },
      connectivity: { get: notHere, check: notHere },
      onConnectivity: noop,
      onQuota: on(this.quotaListeners),
      onDemo: noop,
      onAccount: on(this.accountListeners),
      onSettings: noop,
    };
  }
}
