/** The full sync: the app's own, and its floors (the network alone, a raw IndexedDB write). */
import { bench, launchProfile, newAppPage, openBenchPage, removeDir, servedFile, tempDir } from '../env';
import type { Stage } from '../env';
import { startProfiler } from '../profile';
import type { ProfileSummary } from '../profile';
import type { IdbWriteResult, NetworkPassResult } from '../shared/types';
import { calls, countRequests, marks, waitForMark } from './page-timing';
import type { RequestCount } from './page-timing';
import { PAGE_SIZE, SYNC_LATENCY_MS } from './settings';

export interface NetworkRep extends NetworkPassResult {
  requests: RequestCount;
}

export interface SyncRep {
  /** First customers.list call sent → the UI shows every customer, a last-sync time, no "Syncing…". */
  ms: number;
  /** Navigation start → the same moment (includes app start and opening the empty cache). */
  fromLoadMs: number;
  /** First list call sent → last list page received. */
  networkMs: number;
  /** Mean time of one list call, page to page (the floor's is NetworkRep.ms / pages). */
  callMs: number;
  listCalls: number;
  requests: RequestCount;
  /** The app's automatic first sync, or the "Sync now" button (when the app held back, see appSync). */
  startedBy: 'app' | 'sync now';
}

/**
 * The full-sync floors, in a fresh Chromium profile (an empty database on disk, as a first sync finds
 * it): every page fetched through window.rotor.customers.list in the bench page and discarded
 * (network-only), then the same customers, as the rows a sync stores, written raw to IndexedDB.
 */
export async function syncFloors(stage: Stage): Promise<{ network: NetworkRep; idb: IdbWriteResult }> {
  const { server, host } = stage;
  const dir = tempDir('rotor-bench-floor-');
  try {
    const context = await launchProfile(dir);
    try {
      const page = await openBenchPage(context, host);
      server.control.setLatency(SYNC_LATENCY_MS);
      server.control.clearLog();
      const pass = await bench(page, 'networkPass', {
        limit: PAGE_SIZE,
        keep: true,
        accountId: stage.accountId,
      });
      const network = { ...pass, requests: countRequests(server.control.requestLog()) };
      const idb = await bench(page, 'idbWriteFloor', { pageSize: PAGE_SIZE });
      return { network, idb };
    } finally {
      await context.close();
    }
  } finally {
    removeDir(dir);
  }
}

/**
 * The measure: the app opened with the key connected, in a fresh profile; it starts the first full
 * sync by itself, and the probe marks when the UI shows every customer. `appProfile` is left holding
 * the synced cache for the measures that need one. With `profileFile`, the renderer is CPU-profiled
 * throughout (the run is then not a measurement).
 */
export async function appSync(
  stage: Stage,
  appProfile: string,
  profileFile?: string,
): Promise<{ sync: SyncRep; profile: ProfileSummary | null }> {
  const { server, host } = stage;
  server.control.setLatency(SYNC_LATENCY_MS);
  server.control.clearLog();
  const context = await launchProfile(appProfile);
  try {
    const page = await newAppPage(context, {
      expectedCount: stage.visible,
      searchQuery: null,
      until: 'syncDone',
    });
    const profiler = profileFile ? await startProfiler(page, servedFile) : null;
    await page.goto(host.url);
    // The app starts a first sync by itself, unless the host's request ledger says today's budget
    // (less the 100 requests it keeps for edits) can't cover one — which several 200,000-customer
    // rounds in one day do. Then the user would press "Sync now", and so does the bench.
    let startedBy: SyncRep['startedBy'] = 'app';
    try {
      await waitForMark(page, 'syncRunning', 10_000);
    } catch {
      startedBy = 'sync now';
      await page
        .getByTestId('status-bar')
        .getByRole('button', { name: /^Sync now/ })
        .click();
    }
    await waitForMark(page, 'syncDone', 60_000 + stage.n * 2);
    const profile = profiler && profileFile ? await profiler.stop('full sync', profileFile) : null;
    const m = await marks(page);
    const list = await calls(page, 'customers.list');
    const first = Math.min(...list.map((c) => c.start));
    const done = m.syncDone ?? Number.NaN;
    return {
      profile,
      sync: {
        ms: done - first,
        fromLoadMs: done,
        networkMs: Math.max(...list.map((c) => c.end)) - first,
        callMs: list.reduce((sum, c) => sum + (c.end - c.start), 0) / list.length,
        listCalls: list.length,
        requests: countRequests(server.control.requestLog()),
        startedBy,
      },
    };
  } finally {
    await context.close();
  }
}
