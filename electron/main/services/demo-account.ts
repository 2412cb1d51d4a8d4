import type { DemoStatus } from '@contract/state';
import { DEMO_API_KEY, startRotorServer } from '../simulation/server';
import type { RotorServer } from '../simulation/server';
import { jsonFile } from './json-file';

export const DEMO_KEY = DEMO_API_KEY;
export const DEMO_CUSTOMERS = 2000;
const DEMO_SEED = 20261126;

/**
 * The demo account: the Rotor-faithful server started in-process on 127.0.0.1 with seeded customers.
 * Whether the demo is on survives a restart; the demo server's data does not (it re-seeds identically,
 * so cached ids stay valid).
 */
export function createDemoAccount(stateFile: string, onChange: (status: DemoStatus) => void) {
  const persisted = jsonFile(stateFile);
  let server: RotorServer | null = null;
  let starting: Promise<RotorServer> | null = null;

  const status = (): DemoStatus => ({
    active: server !== null,
    reachable: server?.control.reachable() ?? true,
    customers: server ? DEMO_CUSTOMERS : 0,
  });

  async function start(): Promise<RotorServer> {
    if (server) return server;
    starting ??= startRotorServer({ customers: DEMO_CUSTOMERS, seed: DEMO_SEED });
    server = await starting;
    starting = null;
    persisted.save({ active: true });
    onChange(status());
    return server;
  }

  async function stop(): Promise<void> {
    const running = server;
    server = null;
    persisted.save({ active: false });
    await running?.close();
    onChange(status());
  }

  return {
    status,
    start,
    stop,
    /** Restores the demo if it was on when the app last quit. */
    async resume(): Promise<void> {
      const saved = persisted.load();
      if (saved && typeof saved === 'object' && (saved as { active?: unknown }).active === true)
        await start();
    },
    url: (): string | null => server?.url ?? null,
    setReachable(reachable: boolean): DemoStatus {
      server?.control.setReachable(reachable);
      onChange(status());
      return status();
    },
    async dispose(): Promise<void> {
      await server?.close();
      server = null;
    },
  };
}
export type DemoAccount = ReturnType<typeof createDemoAccount>;
