/**
 * Confirmation dialogs as promises: `if (await dialogs.confirm({...})) discard()`. One dialog at a
 * time; a new request answers any open one with "no" so no caller waits forever. A view's own modal
 * (the bulk action's) registers with `hold()`, so `open` is the one answer to "is a dialog up?" that
 * the global shortcuts ask.
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
  #held = $state(0);

  /** A confirmation or a view's modal is open: Ctrl+K, "/" and the form's shortcuts stay off. */
  get open(): boolean {
    return this.current !== null || this.#held > 0;
  }

  /** A view's modal is open until the returned release is called (more calls do nothing). */
  hold(): () => void {
    this.#held++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#held--;
    };
  }

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
