/**
 * What the bench pages expose to the runner (through `page.evaluate`), shared by both sides so the
 * runner and the pages cannot disagree on a result's shape. No imports: the runner type-checks this
 * under the Node project, the pages under their own.
 */

export interface NetworkPassResult {
  /** First request sent → last page received, in the page's clock. */
  ms: number;
  pages: number;
  customers: number;
  /** UTF-8 size of the customers as JSON (the normalised read shape the contract returns). */
  jsonBytes: number;
}

export interface IdbWriteResult {
  ms: number;
  rows: number;
  transactions: number;
}

export interface KeystrokeTiming {
  text: string;
  ms: number;
  results: number;
}

export interface SearchBenchResult {
  records: number;
  /** Reading every cached row (Dexie toArray), as the app does at start: for the cold-start breakdown. */
  readMs: number;
  /** SearchIndex.load over all records (paid once at start, not per keystroke). */
  buildMs: number;
  index: KeystrokeTiming[];
  naive: KeystrokeTiming[];
}

export interface QueuedEdits {
  edits: { id: string; notes: string }[];
  pendingAfter: number;
}

export interface ColdFloorResult {
  /** performance.now() (ms since navigation start) when the first screen of rows had been read. */
  doneAt: number;
  openMs: number;
  readMs: number;
  rows: number;
}

export interface BenchPageApi {
  ready: true;
  connect(apiKey: string): Promise<{ ok: boolean; accountId: string | null; message?: string }>;
  networkPass(opts: { limit: number; keep: boolean; accountId: string }): Promise<NetworkPassResult>;
  idbWriteFloor(opts: { pageSize: number }): Promise<IdbWriteResult>;
  /** `naiveReps`: how many of the rounds also time the naive scan (the first ones). */
  searchBench(opts: { dbName: string; reps: number; naiveReps: number }): Promise<SearchBenchResult[]>;
  queueEdits(opts: { accountId: string; count: number; label: string }): Promise<QueuedEdits>;
  readFile(opts: { rows: number }): Promise<ReadFileBench>;
}

/** One read of an import file, watched from the window's thread. */
export interface ReadFileRound {
  wallMs: number;
  /** Longest gap between 0 ms timers during the read: the longest task that held the window. */
  longestTaskMs: number;
  /** Rows the read answered (-1: it refused the file). */
  rowsRead: number;
}

export interface ReadFileBench {
  rows: number;
  bytes: number;
  /** The caller's buffer was transferred to the worker, not copied. */
  detachedAfter: boolean;
  inThread: ReadFileRound;
  worker: ReadFileRound;
}

/** What the probe (an init script in every app page) records, read back by the runner. */
export interface ProbeMarks {
  firstRows?: number;
  cacheLoaded?: number;
  searchTyped?: number;
  searchReady?: number;
  searchCleared?: number;
  syncRunning?: number;
  syncDone?: number;
  pendingSeen?: number;
  pendingZero?: number;
}

export interface ProbeResource {
  name: string;
  startTime: number;
  responseEnd: number;
}

export interface ProbeState {
  marks: ProbeMarks;
  longTasks: { start: number; duration: number }[];
}

declare global {
  interface Window {
    __bench?: BenchPageApi;
    __cold?: ColdFloorResult | { error: string };
    __probe?: ProbeState;
  }
}

/**
 * How a page announces a milestone to the runner: a console message of this prefix and the mark's
 * name (bench/page-marks.ts hears it). Nothing is injected into the page to watch for it.
 */
export const MARK_MESSAGE = 'rotor-bench mark: ';

/** The cold-start floor page's one announcement: its result is in `window.__cold`. */
export const COLD_FLOOR_DONE = 'coldFloor';
