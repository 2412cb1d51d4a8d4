/**
 * Who the store tells, and what: change subscribers (state modules re-read on any change), id
 * rewrites (a `local:<uuid>` record became a Rotor id) and notices for the user. Subscribers may
 * unsubscribe while being told, so changes and notices go to a copy of the set.
 */
import type { DataNotice, ReplayPass } from '../types';

export class StoreEvents {
  private readonly changes = new Set<() => void>();
  private readonly rewrites = new Set<(from: string, to: string) => void>();
  private readonly notices = new Set<(notice: DataNotice) => void>();
  private readonly passes = new Set<(pass: ReplayPass) => void>();

  onChange(listener: () => void): () => void {
    this.changes.add(listener);
    return () => this.changes.delete(listener);
  }

  onIdRewrite(listener: (from: string, to: string) => void): () => void {
    this.rewrites.add(listener);
    return () => this.rewrites.delete(listener);
  }

  onNotice(listener: (notice: DataNotice) => void): () => void {
    this.notices.add(listener);
    return () => this.notices.delete(listener);
  }

  onReplayed(listener: (pass: ReplayPass) => void): () => void {
    this.passes.add(listener);
    return () => this.passes.delete(listener);
  }

  replayed(pass: ReplayPass): void {
    for (const l of [...this.passes]) l(pass);
  }

  changed(): void {
    for (const l of [...this.changes]) l();
  }

  rewrote(from: string, to: string): void {
    for (const l of this.rewrites) l(from, to);
  }

  notice(notice: DataNotice): void {
    for (const l of [...this.notices]) l(notice);
  }

  clear(): void {
    this.changes.clear();
    this.rewrites.clear();
    this.notices.clear();
    this.passes.clear();
  }
}
