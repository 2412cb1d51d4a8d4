/**
 * Real main-process services (createServices) against the Rotor-faithful server, with every outward
 * trace captured: results, events, log lines and handler runs. Shared by the fuzz and security suites.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChannelName, EventName } from '@contract/channels';
import type { Result } from '@contract/result';
import { READ_SCOPE, WRITE_SCOPE, startRotorServer } from '../../../electron/main/simulation/server';
import type { RotorServer, StartRotorServerOptions } from '../../../electron/main/simulation/server';
import { dispatch } from '../../../electron/main/ipc/dispatch';
import type { Handlers } from '../../../electron/main/ipc/dispatch';
import type { Logger } from '../../../electron/main/log/logger';
import { createServices } from '../../../electron/main/services/index';
import type { Services } from '../../../electron/main/services/index';

/** Renders log details as a real logger would, so a key inside an Error's stack or a JSON detail shows. */
export function renderDetail(detail: unknown): string {
  if (detail instanceof Error) {
    let own: string;
    try {
      own = JSON.stringify(detail);
    } catch {
      own = '';
    }
    return `${detail.stack ?? ''} ${detail.message} ${own} ${detail.cause === undefined ? '' : renderDetail(detail.cause)}`;
  }
  if (typeof detail === 'string') return detail;
  try {
    return JSON.stringify(detail) ?? String(detail);
  } catch {
    return String(detail);
  }
}

export function captureLogger(lines: string[]): Logger {
  const write =
    (level: string) =>
    (message: string, ...details: unknown[]): void => {
      lines.push([level, message, ...details.map(renderDetail)].join(' '));
    };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

export interface Fixture {
  dir: string;
  rotor: RotorServer;
  services: Services;
  /** The real handlers, each counting its runs in `ran` before doing its work. */
  handlers: Handlers;
  ran: ChannelName[];
  /** The connected key's account, which every customer call must name; null until connected. */
  accountId: string | null;
  events: { event: EventName; payload: unknown }[];
  logs: string[];
  log: Logger;
  call(channel: string, arg?: unknown): Promise<Result<unknown>>;
  close(): Promise<void>;
}

export interface FixtureOptions {
  /** Keys the Rotor server accepts, each with customer read and write scopes. */
  keys: string[];
  /** Connected through `account.connect` before the fixture is returned. */
  connect?: string;
  customers?: number;
  rotor?: Partial<StartRotorServerOptions>;
  /** false: follow the stored base URL, as the app does without the host's --rotor-url. */
  override?: boolean;
}

export async function startFixture(opts: FixtureOptions): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'rotor-fuzz-'));
  const rotor = await startRotorServer({
    customers: opts.customers ?? 20,
    seed: 11,
    // The fuzz and exposure runs send far more than a day's budget on purpose.
    dailyQuota: 1_000_000,
    apiKeys: Object.fromEntries(
      opts.keys.map((key) => [key, { companyId: 'company-fuzz', scopes: [READ_SCOPE, WRITE_SCOPE] }]),
    ),
    ...opts.rotor,
  });
  const logs: string[] = [];
  const log = captureLogger(logs);
  const events: Fixture['events'] = [];
  const services = await createServices(
    {
      shell: 'browser-host',
      version: '0.0.0-fuzz',
      dataDir: dir,
      settingsStore: 'conf',
      fallbackSecrets: { kind: 'insecure-file' },
      // Unit tests must never touch a real keychain.
      secretBackend: 'fallback-only',
      ...(opts.override === false ? {} : { rotorUrlOverride: rotor.url }),
      log,
    },
    (event, payload) => events.push({ event, payload }),
  );
  const ran: ChannelName[] = [];
  const handlers = Object.fromEntries(
    Object.entries(services.handlers).map(([channel, handler]) => [
      channel,
      (arg: unknown) => {
        ran.push(channel as ChannelName);
        return (handler as (a: unknown) => Promise<unknown>)(arg);
      },
    ]),
  ) as unknown as Handlers;
  const call = (channel: string, arg?: unknown) => dispatch(handlers, channel, arg, log);
  let accountId: string | null = null;
  if (opts.connect !== undefined) {
    const connected = await call('account.connect', { apiKey: opts.connect });
    if (!connected.ok) throw new Error(`fixture could not connect: ${JSON.stringify(connected.error)}`);
    accountId = (await services.handlers['account.status'](undefined)).accountId;
  }
  return {
    accountId,
    dir,
    rotor,
    services,
    handlers,
    ran,
    events,
    logs,
    log,
    call,
    async close() {
      await services.dispose();
      await rotor.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
