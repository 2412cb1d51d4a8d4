/**
 * The store's writes: each runs in the engines' chunk (lazy-engines.ts) as one outbox transaction,
 * applies what it committed to memory, and wakes replay. A write that finds the chunk missing saved
 * nothing, and says so as its answer (or, for the commands that answer none, as a throw their guard
 * reports); the next write loads again. The store (store.ts) supplies the context, the engines, and how
 * changes are applied and replay is woken.
 */
import type {
  EditableFields,
  ImportPlan,
  ImportResult,
  ConflictPick,
  ResolveResult,
  SaveResult,
} from '../types';
import type { Changes } from '../outbox/changes';
import { STORAGE_FAILED } from '../outbox/entries';
import type { WriteContext, WriteOutcome } from '../outbox/entries';
import { CHANGE_NOT_SAVED } from './lazy-engines';
import type { Engines, LazyEngines } from './lazy-engines';
import { StoreReads } from './store-reads';
import type { OpenDataStoreOptions } from './options';

export abstract class StoreWrites extends StoreReads {
  protected abstract readonly ctx: WriteContext;
  protected abstract readonly engines: LazyEngines;
  /** Applies committed changes to memory; `broadcast` tells other windows. */
  protected abstract apply(list: Changes | readonly Changes[], broadcast: boolean): void;
  /** Wakes replay after a local change. */
  protected abstract kick(): void;
  protected abstract readonly opts: OpenDataStoreOptions;
  abstract resume(): Promise<void>;

  saveEdit(customerId: string, changes: EditableFields): Promise<SaveResult> {
    return this.write((w) => w.saveEditTx(this.ctx, this.resolveId(customerId), changes));
  }

  async saveEdits(edits: readonly { customerId: string; changes: EditableFields }[]): Promise<SaveResult[]> {
    const w = await this.engines.get();
    if (!w.ok) return edits.map(() => CHANGE_NOT_SAVED);
    const resolved = edits.map((e) => ({ ...e, customerId: this.resolveId(e.customerId) }));
    let outcome: WriteOutcome<SaveResult[]>;
    try {
      outcome = await w.value.saveEditsTx(this.ctx, resolved);
    } catch {
      return edits.map(() => STORAGE_FAILED);
    }
    this.apply(outcome.changes, true);
    if (outcome.result.some((r) => r.ok)) this.kick();
    return outcome.result;
  }

  createCustomer(fields: EditableFields): Promise<SaveResult> {
    return this.write((w) => w.createCustomerTx(this.ctx, fields));
  }

  async queueImport(plan: ImportPlan): Promise<ImportResult> {
    const w = await this.engines.get();
    if (!w.ok) return CHANGE_NOT_SAVED;
    const hooks = {
      commit: (c: Changes) => this.apply(c, true),
      resolveId: (id: string) => this.resolveId(id),
    };
    const result = await w.value.queueImportTx(this.ctx, plan, hooks);
    this.kick();
    return result;
  }

  async pauseImport(importId: string, paused: boolean): Promise<void> {
    this.apply(await (await this.writers()).pauseImportTx(this.ctx, importId, paused), true);
    if (!paused) this.kick();
  }

  async cancelImport(importId: string): Promise<number> {
    return (await this.writers()).cancelImportTx(this.ctx, importId, (c) => this.apply(c, true));
  }

  async dismissImport(importId: string): Promise<void> {
    this.apply(await (await this.writers()).dismissImportTx(this.ctx, importId), true);
  }

  recreateAsNew(entryId: string): Promise<SaveResult> {
    return this.write((w) => w.recreateAsNewTx(this.ctx, entryId));
  }

  async discard(entryId: string): Promise<void> {
    this.apply((await (await this.writers()).discardTx(this.ctx, entryId)).changes, true);
  }

  async retryNow(entryId: string): Promise<void> {
    const { result, changes } = await (await this.writers()).retryNowTx(this.ctx, entryId);
    this.apply(changes, true);
    if (result && this.opts.online()) await this.resume();
  }

  async resolveConflict(entryId: string, picks: ConflictPick): Promise<ResolveResult> {
    const w = await this.engines.get();
    if (!w.ok) return CHANGE_NOT_SAVED;
    const { result, changes } = await w.value.resolveConflictsTx(this.ctx, entryId, picks);
    this.apply(changes, true);
    if (result.ok && result.data.left === 'pending') this.kick();
    return result;
  }

  /** Runs one outbox write; IndexedDB refusing it (disk full, database gone) is an answer, not a throw. */
  private async write(run: (w: Engines) => Promise<WriteOutcome<SaveResult>>): Promise<SaveResult> {
    const w = await this.engines.get();
    if (!w.ok) return CHANGE_NOT_SAVED;
    let outcome: WriteOutcome<SaveResult>;
    try {
      outcome = await run(w.value);
    } catch {
      return STORAGE_FAILED;
    }
    this.apply(outcome.changes, true);
    if (outcome.result.ok) this.kick();
    return outcome.result;
  }

  /** The writers, for the commands whose answer carries no error: their guard reports the throw. */
  private async writers(): Promise<Engines> {
    const w = await this.engines.get();
    if (!w.ok) throw new Error(w.error.message);
    return w.value;
  }
}
