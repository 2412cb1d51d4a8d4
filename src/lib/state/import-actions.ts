/**
 * What the user does with an import in Pending changes: pause, resume, cancel what is unsent (after
 * confirming), export the failed rows, dismiss a finished one. Behind the one guard (guard.ts); the
 * words are import-text.ts's.
 */
import type { AppInfo } from '@contract/state';
import type { RotorApi } from '@contract/surface';
import type { ImportGroup, LocalCustomer } from '$lib/data/types';
import { saveCsv } from '$lib/transfer/save-file';
import type { SaveOutcome } from '$lib/transfer/save-file';
import type { ConfirmOptions } from './dialogs.svelte';
import { guard } from './guard';
import type { StoreHost } from './guard';
import { failedOf, failedRowsCsv } from './import-failed';
import { cancelImportDialog, failedRowsFileName, importToasts } from './import-group-text';
import type { Notify } from './notify';

export interface ImportHost extends StoreHost {
  customer(id: string): LocalCustomer | undefined;
  now(): number;
  shell: AppInfo['shell'];
  api: Pick<RotorApi, 'files'>;
  confirm(options: ConfirmOptions): Promise<boolean>;
  /** Where the file goes (default: saveCsv, a save dialog in Electron, a download in the browser). */
  save?: (name: string, text: string) => Promise<SaveOutcome>;
}

export function importActions(host: ImportHost, notify: Notify) {
  const onStore = guard(host, notify);
  const failed = importToasts.failed;
  return {
    pause: onStore({ closed: undefined, failed }, (store, g: ImportGroup) => store.pauseImport(g.id, true)),
    resume: onStore({ closed: undefined, failed }, (store, g: ImportGroup) => store.pauseImport(g.id, false)),
    cancel: onStore({ closed: 0, failed }, async (store, g: ImportGroup) => {
      if (!(await host.confirm(cancelImportDialog(g)))) return 0;
      const n = await store.cancelImport(g.id);
      notify(importToasts.cancelled(n), 'success');
      return n;
    }),
    dismiss: onStore({ closed: undefined, failed }, (store, g: ImportGroup) => store.dismissImport(g.id)),
    exportFailed: onStore({ closed: null, failed: '' }, async (store, g: ImportGroup) => {
      const file = failedRowsCsv(failedOf(store.outbox(), g.id), (id) => host.customer(id));
      if (!file) {
        notify(importToasts.noFailed, 'info');
        return null;
      }
      const name = failedRowsFileName(g.fileName, host.now());
      const save = host.save ?? ((n: string, text: string) => saveCsv(host.shell, host.api, n, text));
      const outcome = await save(name, file.text);
      if (outcome.kind === 'failed') notify(outcome.message, 'error');
      else if (outcome.kind !== 'cancelled') notify(importToasts.exported(file.rows), 'success');
      return outcome;
    }),
  };
}

export type ImportActions = ReturnType<typeof importActions>;
