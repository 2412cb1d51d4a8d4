/**
 * Confirmation dialogs as promises: `if (await dialogs.confirm({...})) discard()`. One dialog at a
 * time; a new request answers any open one with "no" so no caller waits forever.
 */
export interface ConfirmOptions {
  title: string;
  message: string;
  /** Visible label of the button that goes ahead, e.g. "Discard change". */
  confirmLabel: string;
  cancelLabel?: string;
  /** Destructive actions get the danger style and start focused on Cancel. */
  danger?: boolean;
}

export interface OpenDialog extends ConfirmOptions {
  id: number;
  resolve: (answer: boolean) => void;
}

export class Dialogs {
  current = $state.raw<OpenDialog | null>(null);
  #seq = 0;

  confirm(options: ConfirmOptions): Promise<boolean> {
    this.current?.resolve(false);
    return new Promise<boolean>((resolve) => {
      this.current = { ...options, id: ++this.#seq, resolve };
    });
  }

  settle(answer: boolean): void {
    const open = this.current;
    if (!open) return;
    this.current = null;
    open.resolve(answer);
  }
}
