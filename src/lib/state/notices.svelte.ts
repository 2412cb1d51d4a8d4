/**
 * Status messages for the live region and the toast ("Saved — will sync when online"). One at a
 * time: a newer message replaces the older one, which is also what a screen reader would read.
 */
import type { Tone } from './notify';

export interface Notice {
  id: number;
  message: string;
  tone: Tone;
}

export class Notices {
  current = $state.raw<Notice | null>(null);
  #seq = 0;

  announce = (message: string, tone: Tone = 'info'): void => {
    this.current = { id: ++this.#seq, message, tone };
  };

  dismiss(id?: number): void {
    if (id === undefined || this.current?.id === id) this.current = null;
  }
}
