/**
 * Bulk actions on the list's selection: what each customer's edit would be (the same changes a form
 * save sends, so the outbox coalesces them with that customer's pending edits), what it costs before
 * anything runs, and saving it in batches so 500 customers don't freeze the window.
 */
import type { CustomerStatus } from '@contract/customer';
import { uniqueTags } from '@contract/rules';
import type { QuotaState } from '@contract/state';
import type { EditableFields, LocalCustomer, SaveResult } from '$lib/data/types';
import { formatCount, formatNumber, formatRequests } from '$lib/format/number';
import { isLocalId } from '$lib/data/outbox/entries';

export type BulkChange = { kind: 'tags'; tags: string[] } | { kind: 'status'; status: CustomerStatus };

export interface BulkEdit {
  customerId: string;
  changes: EditableFields;
}

export interface BulkPlan {
  /** One per customer that would change, in the selection's order. */
  edits: BulkEdit[];
  /** Customers that already have every tag, or that status: skipped, they cost nothing. */
  skipped: number;
  /**
   * One upsert per customer that changes, plus a read of Rotor's copy before each status change whose
   * cached copy is past its fresh window (replay checks a field that can conflict; tags only merge).
   */
  requests: number;
  /** Of `requests`, the reads before sending. */
  checks: number;
}

/** Tags are only ever added (Rotor's API merges them): a customer's edit is its tags plus the new ones. */
export function planBulk(
  ids: readonly string[],
  change: BulkChange,
  get: (id: string) => LocalCustomer | undefined,
  /** Whether replay reads Rotor's copy before sending this customer's status (presend-check.ts). */
  stale: (c: LocalCustomer) => boolean = () => false,
): BulkPlan {
  const edits: BulkEdit[] = [];
  let skipped = 0;
  let checks = 0;
  const adding = change.kind === 'tags' ? uniqueTags(change.tags) : [];
  for (const id of ids) {
    const c = get(id);
    if (!c) continue;
    if (change.kind === 'tags') {
      const missing = adding.filter((t) => !c.tags.includes(t));
      if (missing.length === 0 || adding.length === 0) skipped++;
      else edits.push({ customerId: id, changes: { tags: [...c.tags, ...missing] } });
    } else if (c.status === change.status) skipped++;
    else {
      edits.push({ customerId: id, changes: { status: change.status } });
      if (!isLocalId(id) && stale(c)) checks++;
    }
  }
  return { edits, skipped, requests: edits.length + checks, checks };
}

/**
 * The cost line the dialog shows: "12 requests, one per customer that changes · 3 already have it
 * (skipped, no cost)", and when today's budget (main's QuotaState, after what already waits) is short,
 * how much goes today and that the rest waits for 00:00 UTC.
 */
export function bulkCostText(
  plan: BulkPlan,
  quota: Pick<QuotaState, 'remaining' | 'exhausted'>,
  waiting: number,
  locale?: string,
): { cost: string; skipped: string; budget: string | null } {
  const cost =
    plan.requests === 0
      ? 'No requests: nothing would change.'
      : plan.checks === 0
        ? `${formatRequests(plan.requests, locale)}, one per customer that changes.`
        : `${formatRequests(plan.requests, locale)}: one per customer that changes, plus ${formatCount(plan.checks, 'read', 'reads', locale)} of Rotor’s copy first where this computer’s is not fresh.`;
  const skipped =
    plan.skipped === 0
      ? ''
      : `${formatCount(plan.skipped, 'customer already has it', 'customers already have it', locale)}: skipped, no cost.`;
  const left = quota.exhausted ? 0 : Math.max(0, quota.remaining - waiting);
  const budget =
    plan.requests > left
      ? `Today’s remaining budget is ${formatRequests(left, locale)}${waiting ? ' after the changes already waiting' : ''}: ${formatNumber(left, locale)} go today, the other ${formatNumber(plan.requests - left, locale)} wait on this computer until the limit resets at 00:00 UTC.`
      : null;
  return { cost, skipped, budget };
}

export interface BulkOutcome {
  saved: number;
  failed: { customerId: string; message: string }[];
}

/** A batch that threw (IndexedDB refusing, a bug): it and the rest are told as not saved, never a hung dialog. */
export const BULK_SAVE_FAILED = 'The changes could not be saved on this computer. Try again.';

/**
 * What the user is told when a bulk save ends: all saved, none (with why: no account open, the cache
 * refusing), or how many of each.
 */
export function bulkOutcomeText(outcome: BulkOutcome, locale?: string): { text: string; ok: boolean } {
  const saved = formatCount(outcome.saved, 'change', 'changes', locale);
  const why = outcome.failed[0]?.message ?? '';
  if (outcome.failed.length === 0)
    return { text: `Saved on this computer: ${saved} waiting to be sent`, ok: true };
  if (outcome.saved === 0) return { text: `Nothing was saved: ${why}`, ok: false };
  return {
    text: `${saved} saved; ${formatNumber(outcome.failed.length, locale)} could not be: ${why}`,
    ok: false,
  };
}

/** Saves the edits `size` at a time (one transaction each), yielding between batches so the window paints. */
export async function runBulk(
  edits: readonly BulkEdit[],
  save: (batch: readonly BulkEdit[]) => Promise<SaveResult[]>,
  opts: { size?: number; progress?: (done: number) => void; yieldNow?: () => Promise<void> } = {},
): Promise<BulkOutcome> {
  const size = opts.size ?? 100;
  const yieldNow = opts.yieldNow ?? (() => new Promise<void>((r) => setTimeout(r, 0)));
  const out: BulkOutcome = { saved: 0, failed: [] };
  for (let i = 0; i < edits.length; i += size) {
    const batch = edits.slice(i, i + size);
    let results: SaveResult[];
    try {
      results = await save(batch);
    } catch (error) {
      console.warn('bulk save failed', error);
      for (const e of edits.slice(i))
        out.failed.push({ customerId: e.customerId, message: BULK_SAVE_FAILED });
      break;
    }
    batch.forEach((edit, j) => {
      const r = results[j];
      if (r?.ok) out.saved++;
      // No answer for an edit (a short reply) counts as not saved: nothing is claimed that isn't so.
      else out.failed.push({ customerId: edit.customerId, message: r?.error.message ?? BULK_SAVE_FAILED });
    });
    opts.progress?.(Math.min(edits.length, i + size));
    if (i + size < edits.length) await yieldNow();
  }
  return out;
}
