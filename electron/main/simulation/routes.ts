import type { FaultKind, RouteKind } from './faults';
import { spoilRecord } from './garbage';
import type { GarbageKind } from './garbage';
import type { QuotaBook } from './quota';
import { errors, readShape, writeShape } from './shapes';
import type { AutoPayField } from './shapes';
import type { ServerCustomer } from './customer';
import type { CustomerStore } from './store';
import { validateListQuery, validateWriteBody } from './validate';

/**
 * Rotor's request semantics, free of sockets: key check, quota, version header, scopes and the three
 * customer routes. server.ts feeds it parsed requests and handles the transport (faults, latency, log).
 */

export const API_VERSION = '1.1.0';
export const READ_SCOPE = 'customers:read';
export const WRITE_SCOPE = 'customers:write';
export const MAX_BODY_BYTES = 1 << 20;
export const JSON_TYPE = 'application/json; charset=utf-8';

export interface ApiKeyGrant {
  companyId: string;
  scopes: string[];
  userId?: string;
}

export interface Route {
  kind: RouteKind;
  scope: string | null;
  id?: string;
}

export interface ApiRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  params: URLSearchParams;
  apiKey: string | undefined;
  version: string | undefined;
  /** null when the body was larger than MAX_BODY_BYTES. */
  body: string | null;
}

export interface Reply {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export interface RawResponse {
  status?: number;
  /** A string is sent as is; anything else as JSON. */
  body: unknown;
  headers?: Record<string, string>;
}

export interface OverrideRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: string;
}

export type RawResponder = RawResponse | ((request: OverrideRequest) => RawResponse);

export const json = (status: number, body: unknown): Reply => ({
  status,
  body: JSON.stringify(body),
  headers: { 'content-type': JSON_TYPE },
});

export function resolveRoute(method: string, path: string): Route | null {
  if (path === '/auth/test') return method === 'GET' ? { kind: 'auth', scope: null } : null;
  if (path === '/customers') {
    if (method === 'GET') return { kind: 'list', scope: READ_SCOPE };
    if (method === 'POST') return { kind: 'upsert', scope: WRITE_SCOPE };
    return null;
  }
  const m = /^\/customers\/([^/]+)$/.exec(path);
  if (m && method === 'GET') {
    try {
      return { kind: 'get', scope: READ_SCOPE, id: decodeURIComponent(m[1] ?? '') };
    } catch {
      return null;
    }
  }
  return null;
}

function rawReply(responder: RawResponder, request: OverrideRequest): Reply {
  const r = typeof responder === 'function' ? responder(request) : responder;
  const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
  return { status: r.status ?? 200, body: text, headers: { 'content-type': JSON_TYPE, ...r.headers } };
}

/**
 * How GET /customers treats `page`. `honest`: as documented. The others model a broken server or proxy
 * cache that ignores `page`: every request gets page 1's rows with `has_more: true`, and
 * `pagination.page` says 1 (`ignorePage`) or echoes the page asked for (`ignorePageEcho`).
 */
export type PagingMode = 'honest' | 'ignorePage' | 'ignorePageEcho';

export interface ApiDeps {
  /** The customers of the company a key belongs to. */
  storeFor: (companyId: string) => CustomerStore;
  quota: QuotaBook;
  apiKeys: Record<string, ApiKeyGrant>;
  autoPayField: AutoPayField;
  now: () => number;
  paging: () => PagingMode;
  /** Records served broken in every list and get until cleared (ServerControl.spoilRecord). */
  spoiled: ReadonlyMap<string, GarbageKind>;
}

export class RotorApi {
  private readonly overrides: { path: string; method: string | null; response: RawResponder }[] = [];

  constructor(private readonly deps: ApiDeps) {}

  overrideNext(path: string, response: RawResponder, method?: string): void {
    this.overrides.push({ path, method: method?.toUpperCase() ?? null, response });
  }

  /** `fault` is only consulted for `status5xx`; the transport handles every other kind. */
  handle(req: ApiRequest, route: Route | null, fault: FaultKind | null): Reply {
    const { quota, apiKeys } = this.deps;
    const key = req.apiKey;
    const grant = key !== undefined && Object.hasOwn(apiKeys, key) ? apiKeys[key] : undefined;
    if (key === undefined || !grant) return json(401, errors.unauthenticated());
    if (!quota.take(key)) return json(429, errors.quota(quota.dailyLimit));

    // Assumption: the docs say every request sends this header but not what happens without it.
    // Answering 400 makes a client that forgets it fail loudly in tests rather than in production.
    if (req.version !== API_VERSION) {
      return json(400, {
        status: 'error',
        message:
          req.version === undefined
            ? `Missing required header rotor-api-version (use ${API_VERSION})`
            : `Unsupported rotor-api-version '${req.version}' (use ${API_VERSION})`,
        error_code: 'INVALID_API_VERSION',
      });
    }
    if (fault === 'status5xx') return json(500, errors.internal());

    const override = this.takeOverride(req.method, req.path);
    if (override) {
      return rawReply(override, {
        method: req.method,
        path: req.path,
        query: req.query,
        body: req.body ?? '',
      });
    }

    if (!route) return json(404, errors.notFound());
    if (route.scope && !grant.scopes.includes(route.scope)) return json(403, errors.forbidden(route.scope));

    switch (route.kind) {
      case 'auth':
        return json(200, {
          status: 'success',
          message: 'API key is valid',
          authenticated: true,
          company_id: grant.companyId,
          user_id: grant.userId ?? null,
          auth_method: 'api_key',
          scopes: [...grant.scopes],
          timestamp: new Date(this.deps.now()).toISOString(),
        });
      case 'list':
        return this.list(this.deps.storeFor(grant.companyId), req.params);
      case 'get': {
        const c = route.id === undefined ? undefined : this.deps.storeFor(grant.companyId).get(route.id);
        return c ? json(200, { data: this.read(c), status: 'success' }) : json(404, errors.notFound());
      }
      case 'upsert':
        return this.upsert(this.deps.storeFor(grant.companyId), req.body);
    }
  }

  private read(c: ServerCustomer): Record<string, unknown> {
    const shape = readShape(c, this.deps.autoPayField);
    const spoiled = this.deps.spoiled.get(c.id);
    if (spoiled) spoilRecord(shape, spoiled);
    return shape;
  }

  private list(store: CustomerStore, params: URLSearchParams): Reply {
    const q = validateListQuery(params);
    if (!q.ok) return json(400, errors.validation(q.errors));
    const { page, limit } = q.value;
    const mode = this.deps.paging();
    if (mode !== 'honest') {
      const { rows, total } = store.list({ ...q.value, page: 1 });
      return json(200, {
        data: rows.map((c) => this.read(c)),
        pagination: { has_more: true, limit, page: mode === 'ignorePageEcho' ? page : 1, total },
        status: 'success',
      });
    }
    const { rows, total } = store.list(q.value);
    return json(200, {
      data: rows.map((c) => this.read(c)),
      pagination: { has_more: page * limit < total, limit, page, total },
      status: 'success',
    });
  }

  private upsert(store: CustomerStore, rawBody: string | null): Reply {
    if (rawBody === null) {
      return json(413, { status: 'error', message: `Request body larger than ${MAX_BODY_BYTES} bytes` });
    }
    let parsed: unknown;
    try {
      // The docs' own example posts '{}'; an empty body is read the same way.
      parsed = rawBody.trim() === '' ? {} : JSON.parse(rawBody);
    } catch {
      return json(400, errors.validation([{ field: 'body', message: 'Malformed JSON' }]));
    }
    const body = validateWriteBody(parsed);
    if (!body.ok) return json(400, errors.validation(body.errors));
    const outcome = store.upsert(body.value);
    if (outcome.kind === 'not_found') return json(404, errors.notFound());
    return outcome.kind === 'created'
      ? json(201, writeShape(outcome.customer, 'Customer created successfully'))
      : json(200, writeShape(outcome.customer, 'Customer updated successfully'));
  }

  private takeOverride(method: string, path: string): RawResponder | undefined {
    const at = this.overrides.findIndex((o) => o.path === path && (o.method === null || o.method === method));
    if (at < 0) return undefined;
    return this.overrides.splice(at, 1)[0]?.response;
  }
}
