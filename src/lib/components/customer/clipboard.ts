/**
 * Copying a phone, email or address for the technician's phone or a maps app. The clipboard may be
 * refused (no permission, an insecure origin, a browser without it); then the text is selected on
 * screen so Ctrl+C still works, and the older copy command is tried on that selection.
 */

export type CopyOutcome = 'copied' | 'selected' | 'failed';

/** What the person reads next to the Copy button after each outcome. */
export const COPY_MESSAGES: Record<CopyOutcome, string> = {
  copied: 'Copied',
  selected: 'Selected: press Ctrl+C to copy',
  failed: 'Couldn’t copy. Select the text and copy it yourself.',
};

export interface CopyDeps {
  writeText: ((text: string) => Promise<void>) | undefined;
  /** Selects the element's text on screen; false when there is nothing to select. */
  select: (target: HTMLElement | null) => boolean;
  /** The pre-clipboard-API copy of the current selection; false when refused. */
  copySelection: () => boolean;
}

export async function copyText(
  text: string,
  target: HTMLElement | null,
  deps: CopyDeps,
): Promise<CopyOutcome> {
  if (deps.writeText) {
    try {
      await deps.writeText(text);
      return 'copied';
    } catch {
      // Refused: fall through to the selection.
    }
  }
  if (!deps.select(target)) return 'failed';
  return deps.copySelection() ? 'copied' : 'selected';
}

/** The browser's own clipboard, selection and copy command. */
export function browserCopyDeps(): CopyDeps {
  const clipboard = typeof navigator === 'undefined' ? undefined : navigator.clipboard;
  return {
    writeText: clipboard ? (text) => clipboard.writeText(text) : undefined,
    select(target) {
      const selection = typeof window === 'undefined' ? null : window.getSelection();
      if (!target || !selection) return false;
      selection.selectAllChildren(target);
      return true;
    },
    copySelection() {
      try {
        // Deprecated but still the only copy that needs no permission; kept as the fallback only.
        return document.execCommand('copy');
      } catch {
        return false;
      }
    },
  };
}
