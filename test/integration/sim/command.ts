/** One simulated happening as a fast-check command, and the helpers the command lists share. */
import fc from 'fast-check';
import type { OutboxEntry } from '$lib/data/types';
import type { LocalDataStore } from '$lib/data/store/store';
import type { UserModel } from './model';
import type { World } from './world';

export type Act = (m: UserModel, w: World, store: LocalDataStore) => Promise<void>;

export class SimCommand implements fc.AsyncCommand<UserModel, World> {
  constructor(
    readonly label: string,
    private readonly act: Act,
    private readonly steps: number,
  ) {}

  check(): boolean {
    return true;
  }

  async run(m: UserModel, w: World): Promise<void> {
    const store = w.app.store;
    if (!store) return;
    m.events.push(`${new Date(w.clock.now).toISOString()} ${this.label}`);
    w.actions.push(w.clock.now);
    await this.act(m, w, store);
    await w.step(this.steps);
  }

  toString(): string {
    return `${this.label} +${this.steps}`;
  }
}

export const steps = fc.nat({ max: 6 });
export const pick = fc.nat({ max: 1000 });
export const company = (w: World) => w.server.control.company(w.accounts[w.current].grant.companyId);
export const phone = (n: number): string => `(999) 555-${String(n % 10_000).padStart(4, '0')}`;
export const latestEntry = (store: LocalDataStore, id: string): OutboxEntry | undefined =>
  store
    .outbox()
    .filter((e) => e.customerId === store.resolveId(id))
    .at(-1);
export const cmd = <T>(
  params: fc.Arbitrary<T>,
  label: (p: T) => string,
  act: (p: T) => Act,
): fc.Arbitrary<SimCommand> => fc.tuple(params, steps).map(([p, n]) => new SimCommand(label(p), act(p), n));
