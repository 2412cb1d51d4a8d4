import { cloneCustomer } from './customer';
import type { ServerCustomer } from './customer';
import type { CompanyControl } from './control';
import { mulberry32, uuid } from './prng';
import { seedCustomers } from './seed';
import { CustomerStore } from './store';

/** Customers of one more company on the same server (a second Rotor account, with its own keys). */
export interface CompanySeed {
  /** How many customers to seed (default 0). Ignored when `initialCustomers` is given. */
  customers?: number;
  initialCustomers?: readonly ServerCustomer[];
  /** Seed of its customers and ids (default: the server's seed plus one per company, in order). */
  seed?: number;
}

/**
 * Rotor keeps each company's customers apart: a key only ever reads and writes its own company's. The
 * default store serves every key whose grant names no company listed here, as before companies existed.
 */
export class Companies {
  private readonly named = new Map<string, CustomerStore>();

  constructor(
    readonly fallback: CustomerStore,
    seeds: Record<string, CompanySeed>,
    serverSeed: number,
    now: () => number,
  ) {
    let n = 0;
    for (const [companyId, spec] of Object.entries(seeds)) {
      const seed = spec.seed ?? serverSeed + ++n;
      const idRng = mulberry32(seed ^ 0x5eed5eed);
      const store = spec.initialCustomers
        ? new CustomerStore(spec.initialCustomers, () => uuid(idRng), now)
        : new CustomerStore(seedCustomers(spec.customers ?? 0, seed), () => uuid(idRng), now, true);
      this.named.set(companyId, store);
    }
  }

  storeFor(companyId: string): CustomerStore {
    return this.named.get(companyId) ?? this.fallback;
  }

  /** A listed company's store; throws for any other id, so a typo in a test can't pass silently. */
  listed(companyId: string): CustomerStore {
    const store = this.named.get(companyId);
    if (!store) throw new Error(`No company ${companyId} on this server`);
    return store;
  }
}

export function companyControl(store: CustomerStore): CompanyControl {
  return {
    customers: () => store.all(),
    customerCount: (o) => store.count(o?.archived ?? false),
    getCustomer: (id) => {
      const c = store.get(id);
      return c ? cloneCustomer(c) : undefined;
    },
    upsertsApplied: () => store.upsertsApplied,
    addCustomer: (partial = {}) => store.add(partial),
    updateCustomerRaw: (id, partial) => {
      const c = store.updateRaw(id, partial);
      if (!c) throw new Error(`No customer ${id}`);
      return c;
    },
    deleteCustomer: (id) => store.delete(id),
    archiveCustomer: (id, archived = true) => store.setArchived(id, archived),
  };
}
