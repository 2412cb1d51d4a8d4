/**
 * Electron's way to save an export: the OS save dialog, proposed in the user's Documents folder, then
 * the file written by main (the page never touches the file system). Dependencies are injected so it
 * is tested without Electron.
 */
import { join } from 'node:path';

export interface SaveFileDeps {
  /** Electron's dialog.showSaveDialog, bound to the window that asked (modal to it). */
  showSaveDialog(options: {
    defaultPath: string;
    filters: { name: string; extensions: string[] }[];
  }): Promise<{ canceled: boolean; filePath?: string }>;
  writeFile(path: string, text: string): Promise<void>;
  /** app.getPath('documents'), asked at save time: it throws where the OS has no such folder. */
  documentsDir: () => string;
}

export function createSaveFile(deps: SaveFileDeps) {
  return async (suggestedName: string, text: string): Promise<string | null> => {
    let defaultPath = suggestedName;
    try {
      defaultPath = join(deps.documentsDir(), suggestedName);
    } catch {
      // No Documents folder: the dialog opens where the OS likes, with the name proposed.
    }
    const answer = await deps.showSaveDialog({
      defaultPath,
      filters: [{ name: 'CSV (comma-separated values)', extensions: ['csv'] }],
    });
    if (answer.canceled || !answer.filePath) return null;
    await deps.writeFile(answer.filePath, text);
    return answer.filePath;
  };
}
