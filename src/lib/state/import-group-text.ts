/**
 * What Pending changes says about an import (its card, its rows in the list, its confirmations and
 * the failed-rows file's name): the one home of those words. Counts are file rows.
 */
import type { ImportGroup, OutboxEntry } from '$lib/data/types';
import { EDIT_RESERVE } from '$lib/data/budget';
import { formatCount, formatNumber } from '$lib/format/number';
import type { ConfirmOptions } from './dialogs.svelte';

type Group = Pick<
  ImportGroup,
  | 'fileName'
  | 'total'
  | 'sent'
  | 'failed'
  | 'waiting'
  | 'inFlight'
  | 'joined'
  | 'dropped'
  | 'paused'
  | 'cancelledAt'
  | 'done'
>;

/** "leads.csv: 340 of 1,240 sent · 3 failed"; "leads.csv: all 1,240 sent" once every row is in Rotor. */
export function importTitle(g: Group, locale?: string): string {
  const n = (v: number) => formatNumber(v, locale);
  if (g.done && g.sent === g.total && g.total > 0) return `${g.fileName}: all ${n(g.total)} sent`;
  const failed = g.failed > 0 ? ` · ${n(g.failed)} failed` : '';
  const base = `${g.fileName}: ${n(g.sent)} of ${n(g.total)} sent${failed}`;
  return g.cancelledAt ? `${base} · cancelled` : base;
}

/** Where the bar stands: rows settled (sent or discarded) out of the import's rows. */
export function importProgress(g: Pick<Group, 'sent' | 'dropped' | 'total'>): number {
  return g.total === 0 ? 1 : Math.min(1, (g.sent + g.dropped) / g.total);
}

/** The sentences under the title: why it waits, what Cancel left, what joined other changes. */
export function importNotes(g: Group, quotaRemaining: number, locale?: string): string[] {
  const rows = (v: number) => formatCount(v, 'row', 'rows', locale);
  const notes: string[] = [];
  if (g.cancelledAt) {
    notes.push(`Cancelled: ${rows(g.dropped)} not sent were discarded.`);
    if (g.inFlight > 0)
      notes.push(
        `${rows(g.inFlight)} may already be in Rotor (sent, answer not seen) and stay; they finish sending by themselves.`,
      );
  } else if (g.paused && g.waiting > 0) notes.push('Paused: none of its rows are sent until you resume.');
  else if (g.waiting > 0 && quotaRemaining <= EDIT_RESERVE)
    notes.push(
      `Waiting for the daily quota to reset: an import stops with ${formatNumber(EDIT_RESERVE, locale)} requests left so your own edits still go today.`,
    );
  if (g.failed > 0) notes.push(`${rows(g.failed)} failed or in conflict: they are listed below.`);
  if (g.joined > 0)
    notes.push(`${rows(g.joined)} joined changes you already had waiting and go with them (listed below).`);
  return notes;
}

/** "leads.csv, row 12" (rows 12, 40 when a later row folded into the same change). */
export function importRowLabel(
  fileName: string,
  rows: readonly number[] | undefined,
  locale?: string,
): string {
  const list = (rows ?? []).map((r) => formatNumber(r, locale));
  return list.length === 0
    ? fileName
    : `${fileName}, ${list.length === 1 ? 'row' : 'rows'} ${list.join(', ')}`;
}

/** The entries Pending changes lists one by one: everything but an import's rows that just wait. */
export function listedEntries(
  entries: readonly OutboxEntry[],
  groups: readonly { id: string }[],
): OutboxEntry[] {
  const known = new Set(groups.map((g) => g.id));
  return entries.filter(
    (e) => !e.importId || !known.has(e.importId) || e.state === 'failed' || e.state === 'conflict',
  );
}

export function cancelImportDialog(
  g: Pick<Group, 'fileName' | 'waiting' | 'sent'>,
  locale?: string,
): ConfirmOptions {
  const rows = (v: number) => formatCount(v, 'row', 'rows', locale);
  const sent = g.sent > 0 ? ` The ${rows(g.sent)} already sent stay in Rotor.` : '';
  return {
    title: `Cancel the unsent rows of ${g.fileName}?`,
    message:
      `${rows(g.waiting)} not yet sent will be discarded from this computer: new customers disappear and ` +
      `updated ones go back to Rotor’s values.${sent} Rows being sent or that may already be in Rotor stay. ` +
      'This cannot be undone.',
    confirmLabel: `Cancel ${rows(g.waiting)}`,
    cancelLabel: 'Keep importing',
    danger: true,
  };
}

export const importToasts = {
  cancelled: (n: number, locale?: string) =>
    `${formatCount(n, 'unsent row', 'unsent rows', locale)} discarded`,
  noFailed: 'No failed rows to export',
  exported: (n: number, locale?: string) => `${formatCount(n, 'failed row', 'failed rows', locale)} exported`,
  failed: 'The import could not be changed. Try again.',
};

/** "leads-failed-2026-12-03.csv" for "leads.csv". */
export function failedRowsFileName(fileName: string, now: number): string {
  const stem = fileName.replace(/\.(csv|txt|tsv)$/i, '') || 'import';
  return `${stem}-failed-${new Date(now).toISOString().slice(0, 10)}.csv`;
}
