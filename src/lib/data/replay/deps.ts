/**
 * What the replayer is given, and the few rules about one outbox entry that its parts share: the pass
 * (replay.ts), the pre-send check (presend-check.ts) and the writer of Rotor's answer (replay-answer.ts).
 * Kept apart from the Replayer so those parts don't import the class that imports them.
 */
import type { AppError } from '@contract/result';
import type { QuotaState } from '@contract/state';
import type { RotorApi } from '@contract/surface';
import type { DataNotice, ReplayPass } from '../types';
import type { Changes } from '../outbox/changes';
import type { RotorDb, StoredEntry } from '../db/schema';
import type { AdoptCandidates, UpsertMatch } from './lanes';
import type { LockLike } from '../db/locks';
import { displayName } from '../../format/customer';
import type { Schedule } from '../wake';

export interface ReplayDeps {
  db: RotorDb;
  api: RotorApi;
  accountId: string;
  concurrency: () => number;
  quota: () => QuotaState;
  online: () => boolean;
  now: () => number;
  /** Strictly increasing client time (see CustomerRow.serverStamp). */
  stamp: () => number;
  random: () => number;
  schedule: Schedule;
  locks: LockLike;
  /** How long a server copy counts as fresh enough to send an update without reading it again. */
  freshCopyMs: () => number;
  upsertMatch: UpsertMatch;
  adoptCandidates: AdoptCandidates;
  /** An import is paused or cancelled (as memory has it now): replay sends none of its entries. */
  importStopped: (importId: string) => boolean;
  /** GET one customer and rebase its entries on it (the pre-send check). */
  refreshOne: (id: string) => Promise<{ ok: true } | { ok: false; error: AppError }>;
  /** Applies what a committed transaction wrote (one Changes a job of it) to memory and notifies once. */
  commit: (...changes: Changes[]) => void;
  notice: (notice: DataNotice) => void;
  /** Called whenever the pause reason changes. */
  pauseChanged: () => void;
  /** Called once at the end of each replay run with what it delivered. */
  passed: (pass: ReplayPass) => void;
}

export type SendOutcome = 'ok' | 'stop' | 'regroup';

export function isDue(e: StoredEntry, now: number): boolean {
  return e.state === 'pending' && (e.nextAttemptAt === null || Date.parse(e.nextAttemptAt) <= now);
}

type NameFields = 'first_name' | 'last_name' | 'company_name' | 'email' | 'phone';

export function nameOf(c: { [K in NameFields]?: string | null }): string {
  const { first_name = null, last_name = null, company_name = null, email = null, phone = null } = c;
  return displayName({ first_name, last_name, company_name, email, phone });
}
