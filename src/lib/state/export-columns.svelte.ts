/**
 * The export's column choice: ticked and unticked in the Export control's menu, remembered across
 * launches (localStorage), "All columns" to start over. An export needs at least one column.
 */
import { TRANSFER_COLUMNS } from '$lib/transfer/columns';
import type { TransferColumn } from '$lib/transfer/columns';
import { loadUnticked, saveUnticked, tickedColumns } from '$lib/transfer/export-columns';
import type { ColumnKey, ColumnStorage } from '$lib/transfer/export-columns';

export interface ColumnChoice extends TransferColumn {
  ticked: boolean;
}

const browserStorage = (): ColumnStorage | null => {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // A page whose storage is refused (privacy settings) still exports; it just forgets the choice.
    return null;
  }
};

export class ExportColumns {
  #storage: ColumnStorage | null;
  #unticked = $state.raw<readonly ColumnKey[]>([]);

  constructor(storage: ColumnStorage | null = browserStorage()) {
    this.#storage = storage;
    this.#unticked = loadUnticked(storage);
  }

  /** Every column, in file order, with whether it is exported. */
  get choices(): ColumnChoice[] {
    return TRANSFER_COLUMNS.map((c) => ({ ...c, ticked: !this.#unticked.includes(c.key) }));
  }

  /** What an export writes, in the table's order. */
  get ticked(): TransferColumn[] {
    return tickedColumns(this.#unticked);
  }

  get all(): boolean {
    return this.#unticked.length === 0;
  }

  set(key: ColumnKey, ticked: boolean): void {
    const others = this.#unticked.filter((k) => k !== key);
    this.#save(ticked ? others : [...others, key]);
  }

  reset(): void {
    this.#save([]);
  }

  #save(next: readonly ColumnKey[]): void {
    this.#unticked = next;
    saveUnticked(this.#storage, next);
  }
}
