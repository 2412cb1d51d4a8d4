/**
 * `npm run host`: Rotor Desk without Electron. Runs the same main-process services in plain Node, serves
 * the built renderer to any Chromium on 127.0.0.1 and exposes the contract over HTTP + SSE.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConsoleLogger } from '../main/log/logger';
import { createServices } from '../main/services/index';
import type { EventSink } from '../main/services/platform';
import { readAppVersion } from './app-version';
import { parseHostArgs } from './args';
import { startHostServer } from './http-server';
import type { HostServer } from './http-server';

async function main(): Promise<void> {
  const args = parseHostArgs(process.argv.slice(2));
  const here = dirname(fileURLToPath(import.meta.url));
  const profile = resolve(args.profile ?? join(process.cwd(), '.profile'));
  mkdirSync(profile, { recursive: true, mode: 0o700 });
  const log = createConsoleLogger();

  let server: HostServer | null = null;
  const emit: EventSink = (event, payload) => server?.emit(event, payload);
  const services = await createServices(
    {
      shell: 'browser-host',
      version: readAppVersion(here),
      dataDir: profile,
      settingsStore: 'conf',
      fallbackSecrets: { kind: 'insecure-file' },
      rotorUrlOverride: args.rotorUrl,
      log,
    },
    emit,
  );
  server = await startHostServer({
    handlers: services.handlers,
    rendererDir: resolve(here, '../renderer'),
    bridgeFile: resolve(here, '../preload/host-bridge.cjs'),
    port: args.port,
    log,
  });
  process.stdout.write(`host ready ${server.url}\n`);

  const stop = async () => {
    await server?.close();
    await services.dispose();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
