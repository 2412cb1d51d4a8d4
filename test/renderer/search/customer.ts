import type { LocalCustomer } from '$lib/data/types';

/** A synced, active customer with every field empty, then `p`. */
export function customer(id: string, p: Partial<LocalCustomer> = {}): LocalCustomer {
  return {
    id,
    first_name: null,
    last_name: null,
    company_name: null,
    email: null,
    phone: null,
    notes: null,
    source: null,
    status: 'active',
    tags: [],
    address: null,
    created_at: '2025-01-01T00:00:00.000Z',
    is_auto_pay: null,
    location: null,
    service_type: null,
    service_frequency: null,
    billing: null,
    serverTags: [],
    syncState: 'synced',
    fetchedAt: null,
    missingOnServer: false,
    ...p,
  };
}
