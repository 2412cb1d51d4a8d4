/**
 * Assembles the main-process services behind the contract. Electron's main and the browser host both
 * call this with their Platform; nothing below knows which one it runs in.
 */
import { join } from 'node:path';
import type { WindowBounds } from '@contract/settings';
import type { Handlers } from '../ipc/dispatch';
import type { EventSink, Platform } from './platform';
import { createWriteOnce } from '../rotor/write-once';
import { createAccount } from './account';
import { AppFailure } from '@contract/result';

export interface Services {
  handlers: Handlers;
  windowBounds(): WindowBounds | null;
  saveWindowBounds(bounds: WindowBounds): void;
  dispose(): Promise<void>;
}

async function saveCsv(platform: Platform, name: string, text: string): Promise<{ path: string | null }> {
  if (!platform.saveFile)
    throw new AppFailure({ kind: 'file', message: 'This window saves exports as downloads.' });
  try {
    return { path: await platform.saveFile(name, text) };
  } catch (cause) {
    const reason = cause instanceof Error && 'code' in cause ? ` (${String(cause.code)})` : '';
    throw new AppFailure({
      kind: 'file',
      message: `The file could not be saved${reason}. Nothing was written.`,
    });
  }
}

export async function createServices(platform: Platform, emit: EventSink): Promise<Services> {
  const account = await createAccount(platform, emit, { ledgerDir: join(platform.dataDir, 'quota') });
  const { settings, connectivity, demo, quota } = account;
  const upsertOnce = createWriteOnce({ now: platform.now });

  const handlers: Handlers = {
    'app.info': async () => ({
      version: platform.version,
      shell: platform.shell,
      platform: process.platform,
      // Only when there is one: the desktop app never has a launch address.
      ...(platform.rotorUrlOverride ? { launchBaseUrl: platform.rotorUrlOverride } : {}),
    }),
    'account.status': () => account.status(),
    'account.connect': ({ apiKey }) => account.connect(apiKey),
    'account.remove': () => account.remove(),
    'demo.status': async () => demo.status(),
    'demo.start': () => account.startDemo(),
    'demo.stop': () => account.stopDemo(),
    'demo.setReachable': async ({ reachable }) => demo.setReachable(reachable),
    // Each call names its account; it is refused unless that is the current key's, and is then sent by
    // that key's session alone (see account.sessionFor).
    'customers.list': async ({ accountId, ...query }) =>
      (await account.sessionFor(accountId)).client.listCustomers(query),
    'customers.get': async ({ accountId, id }) =>
      (await account.sessionFor(accountId)).client.getCustomer(id),
    'customers.upsert': async ({ accountId, customer, idempotencyKey }) => {
      const { client, keyId, origin } = await account.sessionFor(accountId);
      // A resend shares an attempt of the same session only: never one sent with another key or origin.
      return upsertOnce(`${keyId} ${origin} ${idempotencyKey}`, customer, () =>
        client.upsertCustomer(customer, { idempotencyKey }),
      );
    },
    'settings.get': async () => settings.get(),
    'settings.update': (patch) => account.updateSettings(patch),
    'quota.get': async () => (await quota()).state(),
    'connectivity.get': async () => connectivity.get(),
    'connectivity.check': () => connectivity.check(),
    'files.saveCsv': ({ suggestedName, text }) => saveCsv(platform, suggestedName, text),
  };

  return {
    handlers,
    windowBounds: () => settings.get().windowBounds,
    saveWindowBounds: (bounds) => settings.setWindowBounds(bounds),
    dispose: () => account.dispose(),
  };
}
