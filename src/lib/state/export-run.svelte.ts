/**
 * One export at a time, from the list's current view: written in slices with its progress shown and
 * a Stop, then saved (Electron's dialog, or the host's download). What the user is told lives here.
 */
import { exportCsv, exportFileName } from '$lib/transfer/export';
import type { ExportProgress, ExportScope } from '$lib/transfer/export';
import { saveCsv } from '$lib/transfer/save-file';
import type { SaveOutcome } from '$lib/transfer/save-file';
import type { CustomerData } from '$lib/data/mapping';
import type { AppInfo } from '@contract/state';
import type { RotorApi } from '@contract/surface';
import { formatCount } from '$lib/format/number';
import type { Tone } from './notify';
import { ExportColumns } from './export-columns.svelte';
import { NO_COLUMN_MESSAGE } from '$lib/transfer/export-columns';

export interface ExportJob {
  /** The view's customers in the order shown. */
  ids: readonly string[];
  customer: (id: string) => CustomerData | undefined;
  /** Named in the file name. */
  scope: ExportScope;
  shell: AppInfo['shell'];
  api: Pick<RotorApi, 'files'>;
  notify: (message: string, tone: Tone) => void;
  /** Today, for the file name (default the clock's now). */
  now?: number;
  /** Where the file goes (default saveCsv: dialog or download). */
  save?: (name: string, text: string) => Promise<SaveOutcome>;
}

export function exportOutcomeText(outcome: SaveOutcome, rows: number, name: string): string | null {
  const what = formatCount(rows, 'customer', 'customers');
  switch (outcome.kind) {
    case 'saved':
      return `Exported ${what} to ${outcome.where}`;
    case 'downloaded':
      return `Exported ${what} as ${name} (see your downloads)`;
    case 'cancelled':
      return null;
    case 'failed':
      return outcome.message;
  }
}

export const EXPORT_STOPPED = 'Export stopped: no file was saved.';

export class ExportRun {
  progress = $state.raw<ExportProgress | null>(null);
  /** The columns every export writes (the Export control's menu). */
  readonly columns: ExportColumns;
  #abort: AbortController | null = null;

  constructor(columns: ExportColumns = new ExportColumns()) {
    this.columns = columns;
  }

  get running(): boolean {
    return this.progress !== null;
  }

  stop(): void {
    this.#abort?.abort();
  }

  async run(job: ExportJob): Promise<void> {
    if (this.#abort) return;
    const columns = this.columns.ticked;
    if (columns.length === 0) {
      // The control's button is disabled then; the selection bar's Export lands here.
      job.notify(NO_COLUMN_MESSAGE, 'warning');
      return;
    }
    const abort = new AbortController();
    this.#abort = abort;
    this.progress = { written: 0, total: job.ids.length };
    try {
      const file = await exportCsv({
        ids: job.ids,
        customer: job.customer,
        columns,
        signal: abort.signal,
        onProgress: (p) => (this.progress = p),
      });
      const name = exportFileName(job.now ?? Date.now(), job.scope);
      const save = job.save ?? ((n, text) => saveCsv(job.shell, job.api, n, text));
      const outcome = await save(name, file.text);
      const text = exportOutcomeText(outcome, file.rows, name);
      if (text) job.notify(text, outcome.kind === 'failed' ? 'error' : 'success');
    } catch (error) {
      if (!abort.signal.aborted) throw error;
      job.notify(EXPORT_STOPPED, 'info');
    } finally {
      this.#abort = null;
      this.progress = null;
    }
  }
}
