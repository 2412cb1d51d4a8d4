import { AppFailure } from '@contract/result';
import type { AppError } from '@contract/result';
import { createQuotaLedger } from '../../../electron/main/quota/ledger';
import type { QuotaLedger } from '../../../electron/main/quota/ledger';
import { createRotorClient } from '../../../electron/main/rotor/client';
import type { RotorClient, RotorClientOptions } from '../../../electron/main/rotor/client';
import type { ScriptedServer } from './scripted-server';

export const KEY = 'rk_live_SECRETKEY_0123456789';
export const T0 = Date.parse('2024-06-11T15:30:00.000Z');
export const HOUR = 3_600_000;

export interface Harness {
  client: RotorClient;
  ledger: QuotaLedger;
  clock: { t: number };
  /** Every backoff delay the client asked to wait, in order. */
  sleeps: number[];
  outcomes: string[];
}

/** A client against the scripted server, with a manual clock, an in-memory ledger and instant backoff. */
export function harness(server: ScriptedServer, over: Partial<RotorClientOptions> = {}): Harness {
  const clock = { t: T0 };
  const sleeps: number[] = [];
  const outcomes: string[] = [];
  const ledger = createQuotaLedger({ load: () => undefined, save: () => {}, now: () => clock.t });
  const client = createRotorClient({
    baseUrl: () => server.baseUrl,
    apiKey: async () => KEY,
    ledger,
    now: () => clock.t,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    timeouts: { defaultMs: 5_000, listMs: 5_000 },
    onNetworkOutcome: (o) => outcomes.push(o),
    ...over,
  });
  return { client, ledger, clock, sleeps, outcomes };
}

/** Awaits a call expected to fail and returns its classified error (fails the test on anything else). */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AppFailure) return e.error;
    throw new Error(`expected an AppFailure, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected the call to fail');
}

export function apiCustomer(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e',
    address: {
      city: 'Austin',
      country: 'US',
      state: 'TX',
      street1: '1 Main St',
      zip: '78701',
      street2: 'Apt 2',
    },
    company_name: 'Acme Lawn',
    created_at: '2019-12-27T18:11:19.117Z',
    email: 'jo@example.com',
    first_name: 'Jo',
    is_auto_pay: true,
    last_name: 'Doe',
    location: [30.26, -97.74],
    notes: 'gate code 1234',
    phone: '+15125550100',
    source: 'web',
    status: 'active',
    tags: ['vip'],
    ...over,
  };
}

export function page(data: unknown[], over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    data,
    pagination: { has_more: false, limit: 50, page: 1, total: data.length },
    status: 'success',
    ...over,
  };
}

export function upsertAnswer(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e',
    billing_city: null,
    billing_country: null,
    billing_same_as_property: true,
    billing_state: null,
    billing_street1: null,
    billing_street2: null,
    billing_zip: null,
    company_name: 'Acme Lawn',
    created_at: '2019-12-27T18:11:19.117Z',
    email: 'jo@example.com',
    first_name: 'Jo',
    last_name: 'Doe',
    message: 'Customer created successfully',
    notes: null,
    phone: '+15125550100',
    property_city: 'Austin',
    property_country: 'US',
    property_state: 'TX',
    property_street1: '1 Main St',
    property_street2: null,
    property_zip: '78701',
    service_frequency: 'weekly',
    service_type: 'lawn',
    source: 'web',
    status: 'active',
    tags: ['vip'],
    ...over,
  };
}
