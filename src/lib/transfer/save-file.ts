/**
 * Where an export goes. In Electron main shows the save dialog and writes the file (the page has no
 * file system); the browser host's page downloads it, which is what a browser user expects.
 */
import type { AppInfo } from '@contract/state';
import type { RotorApi } from '@contract/surface';

export type SaveOutcome =
  | { kind: 'saved'; where: string }
  | { kind: 'downloaded' }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

/** Starts a browser download of `text` named `name` (UTF-8, as CSV). */
export function download(name: string, text: string, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  doc.body.append(a);
  a.click();
  a.remove();
  // The download has taken its copy once the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export async function saveCsv(
  shell: AppInfo['shell'],
  api: Pick<RotorApi, 'files'>,
  name: string,
  text: string,
  downloadFile: (name: string, text: string) => void = download,
): Promise<SaveOutcome> {
  if (shell !== 'electron') {
    downloadFile(name, text);
    return { kind: 'downloaded' };
  }
  const result = await api.files.saveCsv({ suggestedName: name, text });
  if (!result.ok) return { kind: 'failed', message: result.error.message };
  return result.data.path === null ? { kind: 'cancelled' } : { kind: 'saved', where: result.data.path };
}
